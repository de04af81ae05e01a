export * from './sql-database.js';
export * from './pg-database.js';
export * from './embedded-database.js';
export * from './open-database.js';
export * from './typeorm/pglite-pg-driver.js';
export * from './typeorm/schema-data-source.js';
export * from './grouped-statement.js';
export * from './foreground.js';
