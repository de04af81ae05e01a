/** Layer rules: the domain and the rules are pure; libraries never reach into apps; arrows point one way. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'libs/domain and libs/compliance-rules import only contracts, each other and node:crypto',
      from: { path: '^libs/(domain|compliance-rules)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(libs/(ledger|messaging|sql|personal-data|read-models|platform|testing)/|node_modules/(@nestjs|typeorm|pg|kafkajs|@eventstore|@electric-sql))' },
    },
    {
      name: 'write-side-not-read-models',
      severity: 'error',
      comment: 'the ledger, the bus, the SQL driver and personal data never depend on read-model code (libs/read-models depends on them)',
      from: { path: '^libs/(ledger|messaging|sql|personal-data)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/read-models/' },
    },
    { name: 'libs-not-apps', severity: 'error', from: { path: '^libs/' }, to: { path: '^apps/' } },
    {
      name: 'ledger-below-read-side',
      severity: 'error',
      comment: 'the ledger stores events through libs/sql; read models, personal data, messaging and the platform are built on it, never under it',
      from: { path: '^libs/ledger/' },
      to: { path: '^libs/(read-models|personal-data|messaging|platform)/' },
    },
    { name: 'sql-is-the-driver', severity: 'error', comment: 'libs/sql knows SQL engines only, no library of ours', from: { path: '^libs/sql/' }, to: { path: '^libs/(?!sql/)' } },
    { name: 'contracts-leaf', severity: 'error', from: { path: '^libs/contracts/' }, to: { path: '^libs/(?!contracts/)' } },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No file cycles (type-only imports count): move the shared piece down so arrows point one way',
      from: {},
      to: { circular: true },
    },
    {
      name: 'deciders-not-input',
      severity: 'error',
      comment: 'The input layer (libs/domain/src/input) reads HTTP into commands and sits above the deciders: no context imports it',
      from: { path: '^libs/domain/src/', pathNot: '^libs/domain/src/(input/|index\\.ts$)' },
      to: { path: '^libs/domain/src/input/' },
    },
    {
      name: 'apps-not-each-other',
      severity: 'error',
      comment: 'An app is wiring for its own use cases; only apps/embedded composes them all',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/embedded/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'shipped-not-test-helpers',
      severity: 'error',
      comment: 'Shipped source never imports libs/testing, specs or fixtures; only specs (and libs/testing itself) do',
      from: { pathNot: '(\\.spec\\.ts$|^libs/testing/)' },
      to: { path: '(^libs/testing/|\\.spec\\.ts$|fixtures)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(dist|\\.cache|scratch)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports are dependencies too: a cycle of types is still a cycle in the design.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { conditionNames: ['types', 'import', 'default'] },
  },
};
