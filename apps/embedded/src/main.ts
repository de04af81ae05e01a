import { APP_NAMES, bootstrap } from '#platform';
import { appModules } from './app-modules.js';

/** The embedded default: all four services in one process, one port, everything under ./data. */
await bootstrap([...APP_NAMES], appModules);
