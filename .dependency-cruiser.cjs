/** Layer rules: the domain and the rules are pure; libraries never reach into apps. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'libs/domain and libs/compliance-rules import only contracts, each other and node:crypto',
      from: { path: '^libs/(domain|compliance-rules)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^(libs/(ledger|messaging|persistence|sql|personal-data|read-models|platform|testing)/|node_modules/(@nestjs|typeorm|pg|kafkajs|@eventstore|@electric-sql))' },
    },
    { name: 'libs-not-apps', severity: 'error', from: { path: '^libs/' }, to: { path: '^apps/' } },
    {
      name: 'ledger-below-read-side',
      severity: 'error',
      comment: 'the ledger stores events through libs/sql; read models, personal data, messaging and the platform are built on it, never under it',
      from: { path: '^libs/ledger/' },
      to: { path: '^libs/(persistence|read-models|personal-data|messaging|platform)/' },
    },
    { name: 'sql-is-the-driver', severity: 'error', comment: 'libs/sql knows SQL engines only, no library of ours', from: { path: '^libs/sql/' }, to: { path: '^libs/(?!sql/)' } },
    { name: 'contracts-leaf', severity: 'error', from: { path: '^libs/contracts/' }, to: { path: '^libs/(?!contracts/)' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(dist|\\.cache|scratch)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { conditionNames: ['types', 'import', 'default'] },
  },
};
