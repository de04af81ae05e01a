import { bootstrap } from '#platform';
import { ComplianceModule } from './compliance.module.js';

await bootstrap(['compliance'], async () => [ComplianceModule]);
