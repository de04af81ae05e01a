import { bootstrap } from '#platform';
import { IntakeModule } from './intake.module.js';

await bootstrap(['intake'], async () => [IntakeModule]);
