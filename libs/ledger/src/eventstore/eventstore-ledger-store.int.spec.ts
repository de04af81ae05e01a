import { createServer } from 'node:net';
import { describeLedgerContract } from '#testing';
import { EventStoreLedgerStore } from './eventstore-ledger-store.js';

const url = process.env.EVENTSTORE_URL;

if (url) {
  // The server keeps everything between runs; the suite works in fresh random streams.
  // No `tamper` or `attemptEdit`: EventStoreDB has no way to change an event in place.
  describeLedgerContract(`EventStoreDB adapter (${url.replace(/\/\/[^/@]*@/, '//***@')})`, async () => {
    let store = await EventStoreLedgerStore.connect(url);
    return {
      store,
      reopen: async () => {
        await store.close();
        store = await EventStoreLedgerStore.connect(url);
        return store;
      },
      dispose: () => store.close(),
    };
  });
} else {
  console.warn('EventStoreDB ledger contract suite SKIPPED: EVENTSTORE_URL is not set');
  describeLedgerContract(
    'EventStoreDB',
    null,
    'EVENTSTORE_URL is not set; start EventStoreDB (docker run -p 2113:2113 eventstore/eventstore:24.10 --insecure) and set EVENTSTORE_URL=esdb://localhost:2113?tls=false to run it',
  );
}

/** A local port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('EventStoreDB adapter without a server', () => {
  it('fails at connect, naming the server and hiding credentials', async () => {
    const port = await closedPort();
    await expect(EventStoreLedgerStore.connect(`esdb://admin:changeit@127.0.0.1:${port}?tls=false`)).rejects.toThrow(
      `cannot reach EventStoreDB at esdb://***@127.0.0.1:${port}?tls=false`,
    );
  });

  it('refuses connection strings the client cannot use before opening anything', async () => {
    await expect(EventStoreLedgerStore.connect('http://127.0.0.1:2113')).rejects.toThrow(/esdb:\/\/ or kurrentdb:\/\//);
  });
});
