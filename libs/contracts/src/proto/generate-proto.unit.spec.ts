import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENVELOPE_FILE } from './proto-layout.js';
import { generateEventProtos, payloadCases } from './generate-proto.js';

/*
 * proto/hustings/events/v1 is generated from the contract descriptors and checked in. This
 * suite fails when a checked-in file is not what the descriptors generate now; regenerate with
 * `npm run proto` (this suite with WRITE_PROTO=1), which also numbers a new payload version's
 * envelope case after the checked-in ones.
 */
const EVENTS_DIR = fileURLToPath(new URL('../../../../proto/hustings/events/v1/', import.meta.url));

/** The payload cases of the checked-in envelope, by message name: numbers are never moved. */
function checkedInCaseNumbers(): Map<string, number> {
  const text = readFileSync(join(EVENTS_DIR, ENVELOPE_FILE), 'utf8');
  const oneof = /oneof payload \{([^}]*)\}/.exec(text)?.[1] ?? '';
  return new Map([...oneof.matchAll(/^\s*(\w+) \w+ = (\d+);/gm)].map((m) => [m[1], Number(m[2])]));
}

const generated = generateEventProtos(checkedInCaseNumbers());

if (process.env.WRITE_PROTO === '1') {
  for (const [file, text] of generated) writeFileSync(join(EVENTS_DIR, file), text);
}

describe('proto/hustings/events/v1 is generated from the contract descriptors', () => {
  it.each([...generated.keys()])('%s is what the descriptors generate (npm run proto rewrites it)', (file) => {
    expect(readFileSync(join(EVENTS_DIR, file), 'utf8')).toBe(generated.get(file));
  });

  it('holds no .proto file the descriptors do not generate', () => {
    expect(readdirSync(EVENTS_DIR).filter((f) => f.endsWith('.proto') && !generated.has(f))).toEqual([]);
  });
});

describe('envelope payload case numbers', () => {
  it('given a payload version the checked-in envelope lacks, then it takes the next free number and no other case moves', () => {
    const numbers = checkedInCaseNumbers();
    const [dropped] = [...numbers.entries()].sort((a, b) => b[1] - a[1]);
    numbers.delete(dropped[0]);
    numbers.set('DonationReceivedV1', 500);
    const cases = payloadCases(numbers);
    expect(cases.find((c) => c.message === 'DonationReceivedV1')?.number).toBe(500);
    expect(cases.find((c) => c.message === dropped[0])?.number).toBe(501);
    expect(new Set(cases.map((c) => c.number)).size).toBe(cases.length);
  });

  it('given no checked-in envelope, then the cases are numbered from 100 in the descriptors\' order', () => {
    expect(payloadCases(new Map()).slice(0, 2).map((c) => [c.message, c.number])).toEqual([['CommitteeRegisteredV1', 100], ['CommitteeRegisteredV2', 101]]);
  });
});
