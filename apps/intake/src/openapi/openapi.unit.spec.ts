import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiDocument } from '#platform';
import { describeApiDocument, documentedOperations } from '#testing';
import { IntakeModule } from '../intake.module.js';
import { INTAKE_API } from './intake.openapi.js';

/*
 * Intake's document (served by intake alone at /v1/openapi.json) against its routes, with the
 * checks only intake needs: webhooks signed instead of keyed, and the problem codes it raises.
 */
const root = fileURLToPath(new URL('../../../..', import.meta.url));
const doc = apiDocument([INTAKE_API]);

describeApiDocument('intake', ['intake'], () => [IntakeModule], () => doc);

describe("intake's own operations", () => {
  const operations = new Map(documentedOperations(doc));

  it('are the donation routes, beside the platform ones', () => {
    expect([...operations.keys()]).toEqual(expect.arrayContaining(['post /v1/campaigns/{campaignId}/donations', 'get /v1/openapi.json', 'get /health/live']));
  });

  it('sign payment webhooks instead of asking a key', () => {
    expect(operations.get('post /v1/webhooks/payments')?.security).toEqual([{ webhookSignature: [] }]);
  });

  it('ask the Idempotency-Key header of a donation and a checkout (the suite checks it against @Idempotent)', () => {
    expect(JSON.stringify(operations.get('post /v1/campaigns/{campaignId}/donations')?.parameters)).toContain('"#/components/parameters/IdempotencyKey"');
    expect(JSON.stringify(operations.get('post /v1/campaigns/{campaignId}/checkouts')?.parameters)).toContain('IdempotencyKey');
  });
});

/** The status table of libs/platform/src/http/problem.ts, read from its source. */
function statusTable(): Map<string, number> {
  const source = readFileSync(join(root, 'libs/platform/src/http/problem.ts'), 'utf8');
  const body = /const STATUS[^{]*\{([\s\S]*?)\n\};/.exec(source)?.[1] ?? '';
  return new Map([...body.matchAll(/^\s+([a-z_]+): (\d{3}),/gm)].map(([, code, status]) => [code, Number(status)]));
}

/** Codes raised by name on intake's paths: fail/problem/reject/refuse calls and coded errors. */
function raisedCodes(): Set<string> {
  const dirs = ['apps/intake/src', 'libs/platform/src', 'libs/domain/src'];
  const files = dirs.flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => join(root, dir, file)),
  );
  const pattern = /\b(?:fail|problem|reject|refuse|new [A-Za-z]+Error)\(\s*'([a-z_]+)'/g;
  return new Set(files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => m[1])));
}

describe('problem codes in the document', () => {
  const codeSchema = (doc.components.schemas.Problem.properties?.code ?? {}) as { enum: string[]; 'x-status-of-code': Record<string, number> };
  const table = statusTable();

  it('reads the status table (the extraction itself works)', () => {
    expect(table.get('idempotency_key_reused')).toBe(422);
    expect(table.size).toBeGreaterThan(50);
  });

  it('are exactly the codes of the status table, each with its status', () => {
    expect([...codeSchema.enum].sort()).toEqual([...table.keys()].sort());
    expect(codeSchema['x-status-of-code']).toEqual(Object.fromEntries(table));
  });

  it('include every code the controllers, the guard and the parsers raise by name', () => {
    const raised = [...raisedCodes()];
    expect(raised).toEqual(expect.arrayContaining(['not_found', 'webhook_replayed', 'rate_limited', 'idempotency_key_reused', 'amount_must_be_integer']));
    expect(raised.filter((code) => table.has(code) && !codeSchema.enum.includes(code))).toEqual([]);
  });

  it('have a shared response for each status, naming its codes', () => {
    for (const status of new Set(table.values())) {
      const response = doc.components.responses[`Problem${status}`];
      expect(response?.content?.['application/problem+json']).toBeDefined();
      [...table].filter(([, s]) => s === status).forEach(([code]) => expect(response.description).toContain(code));
    }
  });
});
