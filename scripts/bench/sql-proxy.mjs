// A counting TCP proxy between the apps and PostgreSQL (loopback only): bytes go both ways
// unchanged; the client's message stream is parsed to count round trips, that is simple
// queries ('Q') and Syncs ('S', which end an extended-protocol exchange: node-postgres sends one
// per query). One listening port per tag (an app), so the counts are per app.

import { Buffer } from 'node:buffer';
import { once } from 'node:events';
import net from 'node:net';
import { URL } from 'node:url';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const QUERY = 'Q'.charCodeAt(0);
const SYNC = 'S'.charCodeAt(0);
const EMPTY = Buffer.alloc(0);

/**
 * A parser of the frontend stream: the first message has no type byte (startup, or an
 * SSLRequest/GSSENCRequest answered by one byte and followed by another untyped message); after
 * it every message is a type byte and an int32 length that counts itself but not the type.
 */
function frontendCounter(onMessage) {
  let untyped = true;
  let skip = 0;
  let header = EMPTY;
  return (chunk) => {
    let i = 0;
    while (i < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - i);
        skip -= n;
        i += n;
        continue;
      }
      const need = untyped ? 8 : 5;
      const take = Math.min(need - header.length, chunk.length - i);
      header = Buffer.concat([header, chunk.subarray(i, i + take)]);
      i += take;
      if (header.length < need) return;
      if (untyped) {
        const code = header.readInt32BE(4);
        skip = header.readInt32BE(0) - 8;
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) untyped = false;
      } else {
        skip = header.readInt32BE(1) - 4;
        onMessage(header[0]);
      }
      header = EMPTY;
    }
  };
}

export class CountingSqlProxy {
  /** `databaseUrl`: where PostgreSQL listens; the proxy's URLs differ only in host and port. */
  constructor(databaseUrl) {
    this.target = new URL(databaseUrl);
    this.servers = [];
    this.sockets = new Set();
    this.counts = {};
  }

  /** Opens a port for `tag` and answers the URL that reaches PostgreSQL through it. */
  async listen(tag) {
    const counts = (this.counts[tag] = { roundTrips: 0, queries: 0, syncs: 0, connections: 0 });
    const server = net.createServer((client) => this.forward(client, counts));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    this.servers.push(server);
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String(server.address().port);
    return url.toString();
  }

  forward(client, counts) {
    counts.connections++;
    const upstream = net.connect(Number(this.target.port || 5432), this.target.hostname);
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
    const count = frontendCounter((type) => {
      if (type === QUERY) counts.queries++;
      else if (type === SYNC) counts.syncs++;
      else return;
      counts.roundTrips++;
    });
    client.on('data', count);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** A copy of the counts now, per tag. */
  snapshot() {
    return JSON.parse(JSON.stringify(this.counts));
  }

  async close() {
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise((r) => s.close(r))));
  }
}

/** Round trips per donation between two snapshots, per tag and in total (tags in `exclude` left out of it). */
export function roundTripsPerDonation(before, after, donations, exclude = []) {
  const perTag = {};
  let total = 0;
  for (const tag of Object.keys(after)) {
    const trips = after[tag].roundTrips - (before[tag]?.roundTrips ?? 0);
    perTag[tag] = Math.round((trips / donations) * 100) / 100;
    if (!exclude.includes(tag)) total += trips;
  }
  return { donations, perTag, total: Math.round((total / donations) * 100) / 100 };
}
