import 'reflect-metadata';
import { cliMain } from '#platform';
import { runReplayCli } from './replay-cli.js';

// Exit at once: a pool or client left open by a failed run must not keep the process alive.
process.exit(await cliMain('replay', runReplayCli, { progress: true }));
