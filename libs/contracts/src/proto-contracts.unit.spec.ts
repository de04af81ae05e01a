import { readdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import {
  ENVELOPE_SCHEMA,
  PAYLOAD_SCHEMAS,
  fieldSpecs as spec,
  type AnyObjectSpec,
  type FieldSpec,
  type ScalarKind,
} from './shared/schemas.js';

/*
 * proto/ is generated from the descriptors (proto/generate-proto.ts); this suite checks what
 * was generated against the descriptors on its own, so a generator fault cannot pass unseen.
 * Rules (also in proto/README.md): payload `<Type>` version n is message `<Type>V<n>`; a TS
 * field `fooBar` is proto field `foo_bar`; a nullable or optional TS field is a proto3
 * `optional` field; a TS string-union value "trade_union" of enum `DonorType` is
 * `DONOR_TYPE_TRADE_UNION`, commented `// "trade_union"`, and every enum has a zero
 * `<PREFIX>_UNSPECIFIED` that no TS value maps to.
 */

const PROTO_ROOT = fileURLToPath(new URL('../../../proto/', import.meta.url));
const EVENTS_DIR = join(PROTO_ROOT, 'hustings/events/v1');
const PACKAGE = 'hustings.events.v1';

type ProtoShape =
  | { kind: 'scalar'; type: string }
  | { kind: 'enum'; enum: protobuf.Enum }
  | { kind: 'message'; type: protobuf.Type }
  | { kind: 'repeated'; item: ProtoShape }
  | { kind: 'map'; keyType: string; value: ProtoShape }
  | { kind: 'optional'; inner: ProtoShape };

const PROTO_TYPES_OF: Readonly<Record<ScalarKind, readonly string[]>> = {
  string: ['string'],
  money: ['string'],
  timestamp: ['string'],
  date: ['string'],
  currency: ['string'],
  integer: ['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64'],
  boolean: ['bool'],
};

const snakeCase = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
const enumPrefix = (protoEnum: protobuf.Enum): string => `${snakeCase(protoEnum.name).toUpperCase()}_`;
const enumValueName = (prefix: string, tsValue: string): string =>
  prefix + tsValue.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

function loadEventProtos(): protobuf.Root {
  const root = new protobuf.Root();
  // Imports name files relative to proto/, as `protoc -I proto` would read them.
  root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(PROTO_ROOT, target));
  const files = readdirSync(EVENTS_DIR)
    .filter((file) => file.endsWith('.proto'))
    .map((file) => join(EVENTS_DIR, file));
  // alternateCommentMode keeps the trailing `// "value"` comments that map enum values to TS.
  root.loadSync(files, { keepCase: true, alternateCommentMode: true });
  root.resolveAll();
  return root;
}

function shapeOf(field: protobuf.FieldBase): ProtoShape {
  const element = elementShapeOf(field);
  if (field.map) return { kind: 'map', keyType: (field as protobuf.MapField).keyType, value: element };
  if (field.repeated) return { kind: 'repeated', item: element };
  if (field.options?.proto3_optional === true) return { kind: 'optional', inner: element };
  return element;
}

function elementShapeOf(field: protobuf.FieldBase): ProtoShape {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Enum) return { kind: 'enum', enum: resolved };
  if (resolved instanceof protobuf.Type) return { kind: 'message', type: resolved };
  return { kind: 'scalar', type: field.type };
}

function describeShape(shape: ProtoShape): string {
  switch (shape.kind) {
    case 'scalar':
      return shape.type;
    case 'enum':
      return `enum ${shape.enum.name}`;
    case 'message':
      return `message ${shape.type.name}`;
    case 'repeated':
      return `repeated ${describeShape(shape.item)}`;
    case 'map':
      return `map<${shape.keyType}, ${describeShape(shape.value)}>`;
    case 'optional':
      return `optional ${describeShape(shape.inner)}`;
  }
}

function describeSpec(fieldSpec: FieldSpec): string {
  switch (fieldSpec.kind) {
    case 'nullable':
    case 'optional':
      return `${fieldSpec.kind} ${describeSpec(fieldSpec.inner)}`;
    case 'array':
      return `array of ${describeSpec(fieldSpec.items)}`;
    case 'map':
      return `map of ${describeSpec(fieldSpec.values)}`;
    default:
      return fieldSpec.kind;
  }
}

/** Walks a TS descriptor and a proto message side by side, noting every disagreement. */
class ContractComparison {
  readonly problems: string[] = [];
  /** Full names of the proto messages and enums some TS descriptor accounts for. */
  readonly mirrored = new Set<string>();

  compareMessage(objectSpec: AnyObjectSpec, type: protobuf.Type, path: string, fields = type.fieldsArray): void {
    this.mirrored.add(type.fullName);
    const unmatched = new Map(fields.map((field) => [field.name, field]));
    for (const [tsName, fieldSpec] of Object.entries(objectSpec.fields)) {
      const protoName = snakeCase(tsName);
      const field = unmatched.get(protoName);
      unmatched.delete(protoName);
      if (field) this.compareField(fieldSpec, shapeOf(field), `${path}.${protoName}`);
      else this.problems.push(`${path}: TS field "${tsName}" has no proto field "${protoName}" in ${type.name}`);
    }
    for (const protoName of unmatched.keys()) {
      this.problems.push(`${path}.${protoName}: proto field of ${type.name} has no TS field`);
    }
  }

  compareField(fieldSpec: FieldSpec, shape: ProtoShape, path: string): void {
    const mismatch = (): void => {
      this.problems.push(`${path}: TS ${describeSpec(fieldSpec)} but proto ${describeShape(shape)}`);
    };
    switch (fieldSpec.kind) {
      case 'nullable':
      case 'optional':
        return shape.kind === 'optional' ? this.compareField(fieldSpec.inner, shape.inner, path) : mismatch();
      case 'array':
        return shape.kind === 'repeated' ? this.compareField(fieldSpec.items, shape.item, `${path}[]`) : mismatch();
      case 'map':
        return shape.kind === 'map' && shape.keyType === 'string'
          ? this.compareField(fieldSpec.values, shape.value, `${path}{}`)
          : mismatch();
      case 'object':
        return shape.kind === 'message' ? this.compareMessage(fieldSpec, shape.type, path) : mismatch();
      case 'enum':
        return shape.kind === 'enum' ? this.compareEnum(fieldSpec.values, shape.enum, path) : mismatch();
      default:
        return shape.kind === 'scalar' && PROTO_TYPES_OF[fieldSpec.kind].includes(shape.type) ? undefined : mismatch();
    }
  }

  compareEnum(tsValues: readonly string[], protoEnum: protobuf.Enum, path: string): void {
    this.mirrored.add(protoEnum.fullName);
    const prefix = enumPrefix(protoEnum);
    const zero = `${prefix}UNSPECIFIED`;
    const where = `${path} (enum ${protoEnum.name})`;
    if (protoEnum.values[zero] !== 0) this.problems.push(`${where}: needs ${zero} = 0`);
    const expected = new Set([zero]);
    for (const tsValue of tsValues) {
      const protoName = enumValueName(prefix, tsValue);
      expected.add(protoName);
      if (!(protoName in protoEnum.values)) {
        this.problems.push(`${where}: TS value "${tsValue}" has no proto value ${protoName}`);
      } else if (protoEnum.comments[protoName] !== JSON.stringify(tsValue)) {
        this.problems.push(`${where}: ${protoName} must carry the comment // ${JSON.stringify(tsValue)}`);
      }
    }
    for (const protoName of Object.keys(protoEnum.values)) {
      if (!expected.has(protoName)) this.problems.push(`${where}: proto value ${protoName} has no TS value`);
    }
  }
}

interface PayloadCase {
  messageName: string;
  type: string;
  version: number;
  schema: AnyObjectSpec;
}

const payloadCases: PayloadCase[] = Object.entries(PAYLOAD_SCHEMAS).flatMap(([type, versions]) =>
  Object.entries(versions as Record<string, AnyObjectSpec>).map(([version, schema]) => ({
    messageName: `${type}V${version}`,
    type,
    version: Number(version),
    schema,
  })),
);

const root = loadEventProtos();
const lookupMessage = (name: string): protobuf.Type | null => {
  const found = root.lookup(`${PACKAGE}.${name}`);
  return found instanceof protobuf.Type ? found : null;
};
const envelope = (): protobuf.Type => root.lookupType(`${PACKAGE}.EventEnvelope`);
const payloadOneof = (): protobuf.OneOf | undefined => envelope().oneofs?.payload;

function compareAllPayloads(comparison: ContractComparison): void {
  for (const { messageName, type, version, schema } of payloadCases) {
    const message = lookupMessage(messageName);
    if (message) comparison.compareMessage(schema, message, messageName);
    else comparison.problems.push(`TS ${type} v${version} has no proto message ${PACKAGE}.${messageName}`);
  }
}

function compareEnvelope(comparison: ContractComparison): void {
  const headerFields = envelope().fieldsArray.filter((field) => field.partOf !== payloadOneof());
  comparison.compareMessage(ENVELOPE_SCHEMA, envelope(), 'EventEnvelope', headerFields);
}

function protoDefinitions(namespace: protobuf.NamespaceBase): (protobuf.Type | protobuf.Enum)[] {
  return namespace.nestedArray.flatMap((nested) => {
    if (nested instanceof protobuf.Type) return [nested, ...protoDefinitions(nested)];
    if (nested instanceof protobuf.Enum) return [nested];
    return nested instanceof protobuf.Namespace ? protoDefinitions(nested) : [];
  });
}

describe('proto/hustings/events/v1 mirrors the TS contracts', () => {
  it.each(payloadCases)('$type v$version is proto message $messageName with the same fields', (payload) => {
    const comparison = new ContractComparison();
    const message = lookupMessage(payload.messageName);
    if (message) comparison.compareMessage(payload.schema, message, payload.messageName);
    else comparison.problems.push(`no proto message ${PACKAGE}.${payload.messageName}`);
    expect(comparison.problems).toEqual([]);
  });

  it('EventEnvelope carries every field of RecordedEvent and its EventMetadata', () => {
    const comparison = new ContractComparison();
    compareEnvelope(comparison);
    expect(comparison.problems).toEqual([]);
  });

  it('EventEnvelope.payload has exactly one case per TS payload version', () => {
    const cases = (payloadOneof()?.fieldsArray ?? []).map((field) => `${field.name}: ${field.type}`);
    const expected = payloadCases.map(({ messageName }) => `${snakeCase(messageName)}: ${messageName}`);
    expect(cases.sort()).toEqual(expected.sort());
  });

  it('declares no message or enum that the TS contracts do not describe', () => {
    const comparison = new ContractComparison();
    compareAllPayloads(comparison);
    compareEnvelope(comparison);
    const orphans = protoDefinitions(root.lookup(PACKAGE) as protobuf.Namespace)
      .map((definition) => definition.fullName)
      .filter((fullName) => !comparison.mirrored.has(fullName))
      .map((fullName) => `${fullName.replace(/^\./, '')} is in proto/ but no TS payload or envelope field reaches it`);
    expect(orphans).toEqual([]);
  });
});

describe('the proto/TS comparison itself', () => {
  const refunded = PAYLOAD_SCHEMAS.DonationRefunded[1];
  const compare = (schema: AnyObjectSpec, messageName: string): string[] => {
    const comparison = new ContractComparison();
    comparison.compareMessage(schema, root.lookupType(`${PACKAGE}.${messageName}`), messageName);
    return comparison.problems;
  };

  it('names a TS field that proto lacks, and a proto field that TS lacks', () => {
    const { decidedBy: _dropped, ...fields } = refunded.fields;
    const problems = compare({ kind: 'object', fields: { ...fields, refundedBy: spec.string } }, 'DonationRefundedV1');
    expect(problems).toEqual([
      'DonationRefundedV1: TS field "refundedBy" has no proto field "refunded_by" in DonationRefundedV1',
      'DonationRefundedV1.decided_by: proto field of DonationRefundedV1 has no TS field',
    ]);
  });

  it('names a nullable TS field whose proto field is not optional, and a type mismatch', () => {
    const fields = { ...refunded.fields, reason: spec.nullable(spec.string), amountMinor: spec.integer };
    expect(compare({ kind: 'object', fields }, 'DonationRefundedV1')).toEqual([
      'DonationRefundedV1.amount_minor: TS integer but proto string',
      'DonationRefundedV1.reason: TS nullable string but proto string',
    ]);
  });

  it('names an enum value missing on either side', () => {
    const reversed = PAYLOAD_SCHEMAS.ContributionReversed[1];
    const fields = { ...reversed.fields, reason: spec.enumOf(['refund', 'write_off']) };
    expect(compare({ kind: 'object', fields }, 'ContributionReversedV1')).toEqual([
      'ContributionReversedV1.reason (enum Reason): TS value "write_off" has no proto value REASON_WRITE_OFF',
      'ContributionReversedV1.reason (enum Reason): proto value REASON_CHARGEBACK has no TS value',
    ]);
  });
});
