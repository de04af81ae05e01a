export * from './sql/sql-database.js';
export * from './sql/pg-database.js';
export * from './sql/embedded-database.js';
export * from './sql/open-database.js';
