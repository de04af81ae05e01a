import { APP_NAMES, bootstrap } from '#platform';
import { appModules } from './app-modules.js';
import { consoleModule } from './console-static.js';

/** The embedded default: all four services in one process, one port, everything under ./data, and the console at /console. */
await bootstrap([...APP_NAMES], async (apps) => [...(await appModules(apps)), consoleModule(process.env.CONSOLE_DIR || undefined)]);
