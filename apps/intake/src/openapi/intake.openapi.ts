import { WEBHOOK_SIGNATURE_HEADER } from '#domain';
import type { ApiPart } from '#platform';
import { conduitParameters, conduitPaths, conduitRequestSchemas, conduitResponseSchemas } from './openapi.conduit.js';
import { parameters, paths } from './openapi.paths.js';
import { requestSchemas } from './openapi.requests.js';
import { responseSchemas } from './openapi.responses.js';

/** Intake's part of the API document (IntakeModule.api): what its controllers answer. */
export const INTAKE_API: ApiPart = {
  app: 'intake',
  summary: 'Donations, payment webhooks and recurring gifts.',
  description: `donation intake: committees and campaigns, donations (idempotent by \`Idempotency-Key\`), split checkouts through a conduit,
payment provider webhooks (signed, no key), monthly recurring gifts and the erasure of a donor's personal data.`,
  tags: [
    { name: 'committees', description: "A party's candidate committees or accounting units, each with a jurisdiction." },
    { name: 'campaigns', description: 'Fundraising windows of a committee.' },
    { name: 'donations', description: 'Gifts, idempotent by Idempotency-Key, decided by compliance asynchronously.' },
    { name: 'conduits', description: 'A conduit (11 CFR 110.6), its recipients, and split checkouts: one payment, one donation per recipient.' },
    { name: 'payments', description: 'Signed notices from payment providers.' },
    { name: 'recurring plans', description: 'Monthly gifts on explicit consent.' },
    { name: 'donors', description: "Donors' personal data (crypto-shredding)." },
  ],
  paths: { ...paths, ...conduitPaths },
  schemas: { ...requestSchemas, ...responseSchemas, ...conduitRequestSchemas, ...conduitResponseSchemas },
  parameters: { ...parameters, ...conduitParameters },
  securitySchemes: {
    webhookSignature: {
      type: 'apiKey',
      in: 'header',
      name: WEBHOOK_SIGNATURE_HEADER,
      description: 'HMAC-SHA256 of `<t>.<body>` with a secret of HUSTINGS_WEBHOOK_SECRET: `t=<unix seconds>,v1=<hex>`.',
    },
  },
};
