import { ENVELOPE_SCHEMA, PAYLOAD_SCHEMAS, type AnyObjectSpec, type FieldSpec } from '../shared/schemas.js';
import { PROTO_DOCS } from './proto-docs.js';
import { ENVELOPE_FILE, FIRST_PAYLOAD_CASE, PROTO_DIR, PROTO_FILE_OF_MESSAGE, PROTO_FILES, PROTO_INTEGER_TYPES, PROTO_PACKAGE } from './proto-layout.js';

/*
 * proto/hustings/events/v1 generated from the runtime descriptors of libs/contracts
 * (shared/schemas.ts), which the compiler holds to the TypeScript interfaces. Rules
 * (proto/README.md): payload `<Type>` version n is message `<Type>V<n>`; field `fooBar` is
 * `foo_bar`, numbered 1, 2, … in the descriptor's order (a payload version is frozen once
 * written, so its numbers never move); nullable or optional is `optional`; a named object or
 * enum (`spec.message`, `spec.enumOf(…, name)`) is a top-level definition, an unnamed one is
 * nested in its message and named after its field. Enum value "trade_union" of `DonorType` is
 * `DONOR_TYPE_TRADE_UNION = n; // "trade_union"`, after a zero `DONOR_TYPE_UNSPECIFIED`.
 */

type EnumShape = Extract<FieldSpec, { kind: 'enum' }>;

interface EnumDef {
  kind: 'enum';
  name: string;
  path: string;
  values: readonly string[];
}

interface MessageDef {
  kind: 'message';
  name: string;
  path: string;
  lines: string[];
  nested: Definition[];
}

type Definition = EnumDef | MessageDef;

const snakeCase = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const pascalCase = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
/** A repeated field's nested type is named for one item: `reasons` → `Reason`. */
const itemName = (field: string): string => pascalCase(field.endsWith('s') ? field.slice(0, -1) : field);

function commentLines(path: string, indent: string): string[] {
  const doc = PROTO_DOCS[path];
  return doc === undefined ? [] : doc.split('\n').map((line) => `${indent}// ${line}`);
}

/** Builds the definitions of every file, remembering where each shared definition was declared. */
class ProtoBuilder {
  /** Top-level definitions by file, in declaration order. */
  readonly files = new Map<string, Definition[]>();
  /** File of each top-level definition, and what it was declared from (to refuse two shapes under one name). */
  private readonly declared = new Map<string, { file: string; shape: string }>();
  /** Files each file imports. */
  readonly imports = new Map<string, Set<string>>();

  message(name: string, spec: AnyObjectSpec, file: string): void {
    this.declare(name, JSON.stringify(spec), file, () => this.messageDef(name, name, spec, file));
  }

  private declare(name: string, shape: string, file: string, build: () => Definition): void {
    const known = this.declared.get(name);
    if (known) {
      if (known.shape !== shape) throw new Error(`proto ${name} is declared from two different shapes`);
      if (known.file !== file) this.importOf(file).add(known.file);
      return;
    }
    this.declared.set(name, { file, shape });
    const definition = build();
    this.defsOf(file).push(definition);
  }

  private defsOf(file: string): Definition[] {
    const defs = this.files.get(file) ?? [];
    this.files.set(file, defs);
    return defs;
  }

  private importOf(file: string): Set<string> {
    const set = this.imports.get(file) ?? new Set<string>();
    this.imports.set(file, set);
    return set;
  }

  private messageDef(name: string, path: string, spec: AnyObjectSpec, file: string): MessageDef {
    const def: MessageDef = { kind: 'message', name, path, lines: [], nested: [] };
    Object.entries(spec.fields).forEach(([tsName, fieldSpec], index) => {
      const fieldName = snakeCase(tsName);
      def.lines.push(...commentLines(`${path}.${fieldName}`, '  '));
      def.lines.push(`  ${this.fieldType(fieldSpec, tsName, `${path}.${fieldName}`, def, file)} ${fieldName} = ${index + 1};`);
    });
    return def;
  }

  private fieldType(spec: FieldSpec, tsName: string, fieldPath: string, owner: MessageDef, file: string): string {
    switch (spec.kind) {
      case 'nullable':
      case 'optional':
        return `optional ${this.elementType(spec.inner, pascalCase(tsName), fieldPath, owner, file)}`;
      case 'array':
        return `repeated ${this.elementType(spec.items, itemName(tsName), fieldPath, owner, file)}`;
      case 'map':
        return `map<string, ${this.elementType(spec.values, itemName(tsName), fieldPath, owner, file)}>`;
      default:
        return this.elementType(spec, pascalCase(tsName), fieldPath, owner, file);
    }
  }

  private elementType(spec: FieldSpec, nestedName: string, fieldPath: string, owner: MessageDef, file: string): string {
    switch (spec.kind) {
      case 'object': {
        if (spec.name) {
          this.message(spec.name, spec, file);
          return spec.name;
        }
        if (!owner.nested.some((d) => d.name === nestedName)) owner.nested.push(this.messageDef(nestedName, `${owner.path}.${nestedName}`, spec, file));
        return nestedName;
      }
      case 'enum':
        return this.enumType(spec, nestedName, owner, file);
      case 'integer':
        return PROTO_INTEGER_TYPES[fieldPath] ?? 'uint32';
      case 'boolean':
        return 'bool';
      case 'string':
      case 'money':
      case 'timestamp':
      case 'date':
      case 'currency':
        return 'string';
      default:
        throw new Error(`${fieldPath}: a ${spec.kind} inside an optional, repeated or map field has no proto form`);
    }
  }

  private enumType(spec: EnumShape, nestedName: string, owner: MessageDef, file: string): string {
    if (spec.name) {
      const name = spec.name;
      this.declare(name, JSON.stringify(spec.values), file, () => ({ kind: 'enum', name, path: name, values: spec.values }));
      return name;
    }
    if (!owner.nested.some((d) => d.name === nestedName)) owner.nested.push({ kind: 'enum', name: nestedName, path: `${owner.path}.${nestedName}`, values: spec.values });
    return nestedName;
  }
}

function printEnum(def: EnumDef, indent: string): string[] {
  const prefix = `${snakeCase(def.name).toUpperCase()}_`;
  return [
    ...commentLines(def.path, indent),
    `${indent}enum ${def.name} {`,
    `${indent}  ${prefix}UNSPECIFIED = 0;`,
    ...def.values.map((value, i) => `${indent}  ${prefix}${value.toUpperCase().replace(/[^A-Z0-9]+/g, '_')} = ${i + 1}; // ${JSON.stringify(value)}`),
    `${indent}}`,
  ];
}

function printMessage(def: MessageDef, indent: string): string[] {
  const nested = def.nested.flatMap((d) => [...(d.kind === 'enum' ? printEnum(d, `${indent}  `) : printMessage(d, `${indent}  `)), '']);
  return [...commentLines(def.path, indent), `${indent}message ${def.name} {`, ...nested, ...def.lines.map((l) => indent + l), `${indent}}`];
}

function printFile(imports: Iterable<string>, header: readonly string[], definitions: readonly string[][]): string {
  const importLines = [...imports].sort().map((file) => `import "${PROTO_DIR}/${file}";`);
  const generated = ['// Generated from the contract descriptors (libs/contracts/src/shared/schemas.ts) by', '// libs/contracts/src/proto/generate-proto.ts. Do not edit: change the contract, then run `npm run proto`.'];
  const blocks = [generated, ['syntax = "proto3";'], [`package ${PROTO_PACKAGE};`], ...(importLines.length ? [importLines] : []), ...(header.length ? [header.map((l) => `// ${l}`)] : []), ...definitions];
  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}

export interface PayloadCase {
  message: string;
  type: string;
  version: number;
  spec: AnyObjectSpec;
  /** Its number in EventEnvelope's `payload` oneof. */
  number: number;
}

/**
 * Every payload version with its oneof number: the number the checked-in envelope gives it
 * (`numbers`, by message name), or, for a version new since, the next free one. A number is
 * never moved or reused.
 */
export function payloadCases(numbers: ReadonlyMap<string, number>): PayloadCase[] {
  let next = Math.max(FIRST_PAYLOAD_CASE - 1, ...numbers.values()) + 1;
  const cases = Object.entries(PAYLOAD_SCHEMAS).flatMap(([type, versions]) =>
    Object.entries(versions as Record<string, AnyObjectSpec>).map(([version, spec]) => ({ message: `${type}V${version}`, type, version: Number(version), spec })),
  );
  const known = cases.filter((c) => numbers.has(c.message)).map((c) => ({ ...c, number: numbers.get(c.message) as number }));
  const added = cases.filter((c) => !numbers.has(c.message)).map((c) => ({ ...c, number: next++ }));
  return [...known, ...added].sort((a, b) => a.number - b.number);
}

/** The text of every file of proto/hustings/events/v1, by file name. */
export function generateEventProtos(numbers: ReadonlyMap<string, number>): Map<string, string> {
  const cases = payloadCases(numbers);
  const builder = new ProtoBuilder();
  const fileOfType = new Map(PROTO_FILES.flatMap((layout) => layout.types.map((type) => [type as string, layout.file] as const)));
  for (const layout of PROTO_FILES) {
    for (const c of cases) {
      const file = PROTO_FILE_OF_MESSAGE[c.message] ?? fileOfType.get(c.type);
      if (file === undefined) throw new Error(`event type ${c.type} has no file in proto-layout.ts`);
      if (file === layout.file) builder.message(c.message, c.spec, file);
    }
  }
  const out = new Map<string, string>();
  for (const layout of PROTO_FILES) {
    const defs = (builder.files.get(layout.file) ?? []).map((d) => (d.kind === 'enum' ? printEnum(d, '') : printMessage(d, '')));
    out.set(layout.file, printFile(builder.imports.get(layout.file) ?? [], layout.header, defs));
  }
  out.set(ENVELOPE_FILE, envelope(cases));
  return out;
}

function envelope(cases: readonly PayloadCase[]): string {
  const builder = new ProtoBuilder();
  builder.message('EventEnvelope', ENVELOPE_SCHEMA, ENVELOPE_FILE);
  const [def] = builder.files.get(ENVELOPE_FILE) as MessageDef[];
  const oneof = [
    '',
    ...commentLines('EventEnvelope.payload', '  '),
    '  oneof payload {',
    ...cases.map((c) => `    ${c.message} ${snakeCase(c.message)} = ${c.number};`),
    '  }',
  ];
  const message = printMessage({ ...def, lines: [...def.lines, ...oneof] }, '');
  return printFile(PROTO_FILES.map((layout) => layout.file), [], [message]);
}
