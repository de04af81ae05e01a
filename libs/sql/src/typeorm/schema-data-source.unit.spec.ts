import { PgDatabase } from '../pg-database.js';
import { dataSourceTargetBeside } from './schema-data-source.js';

describe('dataSourceTargetBeside', () => {
  const url = 'postgres://nobody@127.0.0.1:1/none';

  it('given a PostgreSQL database, when a data source is opened beside it, then it targets the same server with the same statement naming', async () => {
    const named = new PgDatabase({ url });
    const unnamed = new PgDatabase({ url, preparedStatements: false });
    try {
      expect(dataSourceTargetBeside(named)).toEqual({ kind: 'postgres', url, preparedStatements: true });
      expect(dataSourceTargetBeside(unnamed)).toEqual({ kind: 'postgres', url, preparedStatements: false });
    } finally {
      await Promise.all([named.close(), unnamed.close()]);
    }
  });
});
