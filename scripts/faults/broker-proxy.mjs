// A TCP proxy between one service and the broker's proxied listener (deploy/kafka.sh
// KAFKA_PROXIED_PORT, which advertises this proxy's port, so every connection of that service,
// bootstrap and partition leaders alike, passes here). cut() closes every connection and
// refuses new ones until restore(): the service is cut off from the broker while the others,
// and its own database, go on. A network namespace would need a veth pair and routes set up as
// root on a shared machine; on loopback this is the equivalent isolation.

import { once } from 'node:events';
import net from 'node:net';

export class CuttableProxy {
  constructor(listenPort, targetPort) {
    Object.assign(this, { listenPort, targetPort });
    this.sockets = new Set();
    this.isCut = false;
    this.server = null;
  }

  async listen() {
    this.server = net.createServer((client) => this.forward(client));
    this.server.listen(this.listenPort, '127.0.0.1');
    await once(this.server, 'listening');
  }

  forward(client) {
    if (this.isCut) return client.destroy();
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => undefined);
      s.on('close', () => {
        this.sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }

  cut() {
    this.isCut = true;
    for (const s of this.sockets) s.destroy();
  }

  restore() {
    this.isCut = false;
  }

  async close() {
    this.cut();
    if (this.server) await new Promise((resolve) => this.server.close(resolve));
  }
}
