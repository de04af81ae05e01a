import 'reflect-metadata';
import { stderrProgress } from '#platform';
import { runReplayCli } from './replay-cli.js';

runReplayCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: stderrProgress(),
}).then((code) => process.exit(code));
