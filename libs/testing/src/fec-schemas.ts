import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * The FEC's own JSON Schemas (fecgov/fecfile-validate, `schema/`), read from
 * `../shared/reference/fec-schemas/` beside the checkout, as CI has it; never copied into the
 * repo. A git worktree's checkout sits elsewhere, so its main checkout's sibling is tried next,
 * and FEC_SCHEMAS_DIR names the folder outright. A missing folder fails the test that asked.
 */
export function fecSchemasDir(root = process.cwd()): string {
  const candidates = [process.env.FEC_SCHEMAS_DIR, resolve(root, '../shared/reference/fec-schemas'), mainCheckoutSibling(root)];
  const found = candidates.find((dir): dir is string => typeof dir === 'string' && existsSync(join(dir, 'HDR.json')));
  if (!found) throw new Error(`the FEC schemas are not at ${candidates.filter(Boolean).join(' nor ')}: put the shared reference folder beside the checkout or set FEC_SCHEMAS_DIR`);
  return found;
}

/** A worktree's `.git` is a file naming `<main>/.git/worktrees/<name>`. */
function mainCheckoutSibling(root: string): string | undefined {
  const gitFile = join(root, '.git');
  if (!existsSync(gitFile)) return undefined;
  const text = readFileSync(gitFile, 'utf8');
  const match = /^gitdir: (.+)\/\.git\/worktrees\/[^/\n]+\s*$/m.exec(text);
  return match ? resolve(dirname(`${match[1]}/x`), '../shared/reference/fec-schemas') : undefined;
}

export interface FecSchemaProblem {
  schema: string;
  transactionId: unknown;
  errors: string[];
}

/**
 * Validates objects against the schema their `transaction_type_identifier` names (or a schema
 * named outright: HDR, F3), with Ajv, a standard JSON Schema validator. The FEC writes its
 * draft-07 meta-schema address with https, which Ajv does not know by that name, so `$schema`
 * is dropped before compiling; `fec_*` keywords are the FEC's annotations, allowed by
 * non-strict mode.
 */
export class FecSchemas {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private byType: Map<string, string> | null = null;

  constructor(private readonly dir = fecSchemasDir()) {}

  /**
   * The schema of a transaction type: the file that declares the identifier as its
   * `transaction_type_identifier` (a const or one of an enum), the file of the same name first.
   */
  schemaOf(transactionTypeIdentifier: string): string {
    if (this.byType === null) {
      this.byType = new Map();
      for (const file of readdirSync(this.dir).filter((f) => f.endsWith('.json')).sort()) {
        const schema = JSON.parse(readFileSync(join(this.dir, file), 'utf8')) as { properties?: Record<string, { const?: unknown; enum?: unknown[] }> };
        const tti = schema.properties?.transaction_type_identifier;
        const name = file.slice(0, -'.json'.length);
        for (const id of [tti?.const, ...(tti?.enum ?? [])]) if (typeof id === 'string' && (!this.byType.has(id) || id === name)) this.byType.set(id, name);
      }
    }
    const schema = this.byType.get(transactionTypeIdentifier);
    if (!schema) throw new Error(`no FEC schema declares transaction type ${transactionTypeIdentifier}`);
    return schema;
  }

  validator(schema: string): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      const { $schema: _meta, ...body } = JSON.parse(readFileSync(join(this.dir, `${schema}.json`), 'utf8')) as Record<string, unknown>;
      validate = this.ajv.compile(body);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  /** The problems of one object against a schema; empty when it is valid. */
  problems(value: Record<string, unknown>, schema = this.schemaOf(String(value.transaction_type_identifier))): FecSchemaProblem[] {
    const validate = this.validator(schema);
    const transactionId = value.transaction_id;
    if (validate(value)) return [];
    return [{ schema, transactionId, errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`) }];
  }
}

/** Every FEC transaction in a report's JSON: any object with a `transaction_type_identifier`, however deep. */
export function fecTransactionsIn(json: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.transaction_type_identifier === 'string') found.push(record);
      else Object.values(record).forEach(visit);
    }
  };
  visit(json);
  return found;
}
