import 'reflect-metadata';
import { runAuditExportCli } from './audit-export-cli.js';

runAuditExportCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => process.exit(code));
