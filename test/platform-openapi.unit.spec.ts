import { readFileSync, writeFileSync } from 'node:fs';
import { apiDocument, APP_NAMES, referencePage, type ApiPart } from '#platform';
import { describeApiDocument, documentedOperations } from '#testing';
import { ComplianceModule } from '../apps/compliance/src/compliance.module.js';
import { IntakeModule } from '../apps/intake/src/intake.module.js';
import { ReportingModule } from '../apps/reporting/src/reporting.module.js';
import { RewardsModule } from '../apps/rewards/src/rewards.module.js';

/*
 * The embedded platform's document: the four apps' parts merged, as it serves at /v1/openapi.json
 * (and the development router in front of the distributed apps), checked against every route Nest
 * maps for the four apps; and docs/openapi.json, the same document as a file for clients and for
 * a cluster, where no one app serves it (`npm run openapi`: this suite with WRITE_OPENAPI=1).
 */
const modules = [IntakeModule, ComplianceModule, RewardsModule, ReportingModule];
const parts = modules.map((module) => (module as { api?: ApiPart }).api as ApiPart);
const merged = apiDocument(parts);
const FILE = new URL('../docs/openapi.json', import.meta.url);

if (process.env.WRITE_OPENAPI === '1') writeFileSync(FILE, `${JSON.stringify(merged, null, 2)}\n`);

describeApiDocument('the embedded platform', [...APP_NAMES], () => modules, () => merged);

describe('the merged document', () => {
  it('is every app\'s operations, each once, and the platform\'s', () => {
    const own = parts.flatMap((part) => documentedOperations(apiDocument([part])).map(([key]) => key));
    expect([...new Set(own)].sort()).toEqual(documentedOperations(merged).map(([key]) => key).sort());
    expect(parts.map((part) => part.app)).toEqual([...APP_NAMES]);
  });

  it('refuses two parts that document one route, or define one schema differently', () => {
    const intake = parts[0];
    expect(() => apiDocument([intake, { ...parts[1], paths: { '/v1/committees': intake.paths['/v1/committees'] } }])).toThrow(/(GET|POST) \/v1\/committees is documented by compliance/);
    expect(() => apiDocument([intake, { ...parts[1], schemas: { Donor: { type: 'string' } } }])).toThrow(/compliance defines schema Donor differently/);
  });

  it('is in docs/openapi.json as it is served (npm run openapi rewrites it)', () => {
    expect(readFileSync(FILE, 'utf8')).toBe(`${JSON.stringify(merged, null, 2)}\n`);
  });
});

describe('the API reference page (/v1/docs)', () => {
  const page = referencePage(merged);

  it('has a section for every operation, under its path and method', () => {
    for (const [key, operation] of documentedOperations(merged)) {
      const [method, path] = key.split(' ');
      expect({ key, found: page.includes(`<section id="${operation.operationId}"><h3><span class="m">${method.toUpperCase()}</span> <code>${path.replace(/&/g, '&#38;')}</code>`) }).toEqual({ key, found: true });
    }
  });

  it('shows every schema, and escapes what the document says', () => {
    Object.keys(merged.components.schemas).forEach((name) => expect(page).toContain(`id="schema-${name}"`));
    const hostile = referencePage({ ...merged, info: { ...merged.info, description: '<script>alert(1)</script>' } });
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain('&#60;script&#62;');
  });

  it('loads nothing from elsewhere', () => {
    expect(page).not.toMatch(/<(script|link|img|iframe)\b/);
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
