import 'reflect-metadata';
import { runDeadLettersCli } from '#platform';

runDeadLettersCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => process.exit(code));
