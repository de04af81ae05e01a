import { bootstrap } from '#platform';
import { ReportingModule } from './reporting.module.js';

await bootstrap(['reporting'], async () => [ReportingModule]);
