import 'reflect-metadata';
import { stderrProgress } from '#platform';
import { runReportCli } from './report-cli.js';

runReportCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: stderrProgress(),
}).then((code) => process.exit(code));
