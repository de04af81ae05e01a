import 'reflect-metadata';
import { cliMain, runDeadLettersCli } from '#platform';

process.exit(await cliMain('dead-letters', runDeadLettersCli));
