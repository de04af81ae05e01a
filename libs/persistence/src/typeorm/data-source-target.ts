import type { EmbeddedDatabase } from '../sql/embedded-database.js';

/** Where a TypeORM data source lives: the embedded PGlite store, or a PostgreSQL server. */
export type ReadModelTarget = { kind: 'embedded'; db: EmbeddedDatabase } | { kind: 'postgres'; url: string; poolSize?: number };
