/** Layer rules: the domain and the rules are pure; libraries never reach into apps. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'libs/domain and libs/compliance-rules import only contracts, each other and node:crypto',
      from: { path: '^libs/(domain|compliance-rules)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(libs/(ledger|messaging|persistence|platform|read-models|testing)/|node_modules/(@nestjs|typeorm|pg|kafkajs|@eventstore|@electric-sql))' },
    },
    {
      name: 'write-side-not-read-models',
      severity: 'error',
      comment: 'the ledger, the bus and the SQL driver never depend on read-model code (libs/read-models depends on them)',
      from: { path: '^libs/(ledger|messaging|persistence)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/read-models/' },
    },
    { name: 'libs-not-apps', severity: 'error', from: { path: '^libs/' }, to: { path: '^apps/' } },
    { name: 'contracts-leaf', severity: 'error', from: { path: '^libs/contracts/' }, to: { path: '^libs/(?!contracts/)' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(dist|\\.cache|scratch)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { conditionNames: ['types', 'import', 'default'] },
  },
};
