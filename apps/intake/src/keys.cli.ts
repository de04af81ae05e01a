import 'reflect-metadata';
import { cliMain } from '#platform';
import { runKeysCli } from './keys-cli.js';

// Exit at once: a pool or client left open by a failed run must not keep the process alive.
process.exit(await cliMain('keys', runKeysCli));
