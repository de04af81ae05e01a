import { isRecord } from '../shared/snapshot-json.js';
import { stringTableReader, stringTableWriter } from '../shared/string-table.js';
import type { CountedContribution } from './donor-aggregate.values.js';

/**
 * A donor's counted donations as a snapshot holds them: every string once, in `strings`, and one
 * row of indexes into it per donation, in the order they were counted. A donation's rule ids and
 * the keys and most values of its figures are the same for every gift a donor makes, and written
 * out per gift they made a donor's snapshot about 850 bytes a gift (a donor of 200 gifts, 170 KB
 * to read, copy and parse whenever a process starts deciding for them); as a table, about a
 * fifth. Read back, equal strings are one string, and equal amounts one bigint.
 *
 * A row: donation id, election, counted at, amount, aggregate after, reversed (all indexes),
 * payment method (index, -1 for none), itemized (1, 0, -1 for not known), rule ids (indexes),
 * figures (key and value indexes, in the figures' order), benefits (grant id, fair market value,
 * 1 when revoked, for each), disregarded at or below (index, -1 for none).
 */
export interface CountedTable {
  strings: string[];
  rows: CountedRow[];
}

export type CountedRow = [number, number, number, number, number, number, number, number, number[], number[], number[], number];

const NONE = -1;

export function countedToTable(counted: Iterable<readonly [string, CountedContribution]>): CountedTable {
  const { strings, ref } = stringTableWriter();
  const rows: CountedRow[] = [];
  for (const [donationId, c] of counted) {
    const figures: number[] = [];
    for (const key of Object.keys(c.figures)) figures.push(ref(key), ref(c.figures[key]));
    const benefits: number[] = [];
    for (const [grantId, benefit] of c.benefits) benefits.push(ref(grantId), ref(String(benefit.fairMarketValueMinor)), benefit.revoked ? 1 : 0);
    rows.push([
      ref(donationId),
      ref(c.electionId),
      ref(c.countedAt),
      ref(String(c.amountMinor)),
      ref(String(c.aggregateAfterMinor)),
      ref(String(c.reversedMinor)),
      c.paymentMethod === null ? NONE : ref(c.paymentMethod),
      c.itemized === null ? NONE : c.itemized ? 1 : 0,
      c.ruleIds.map(ref),
      figures,
      benefits,
      c.disregardAtOrBelowMinor === null ? NONE : ref(String(c.disregardAtOrBelowMinor)),
    ]);
  }
  return { strings, rows };
}

const refused = (why: string): never => {
  throw new TypeError(`not a table of counted donations: ${why}`);
};

/** The counted donations of a table, in their order; anything not of the table's shape is refused with a TypeError. */
export function countedFromTable(table: unknown): [string, CountedContribution][] {
  if (!isRecord(table) || !Array.isArray(table.rows)) return refused('no rows');
  const { text, minor } = stringTableReader(table.strings, refused);
  const list = (value: unknown, width: number): number[] => (Array.isArray(value) && value.length % width === 0 ? value : refused('a list of the wrong shape'));
  return table.rows.map((row: unknown): [string, CountedContribution] => {
    if (!Array.isArray(row) || row.length !== 12) return refused('a row of the wrong length');
    const [donationId, electionId, countedAt, amount, aggregateAfter, reversed, paymentMethod, itemized, ruleIds, figureRefs, benefitRefs, disregard] = row as unknown[];
    const figures: Record<string, string> = {};
    const pairs = list(figureRefs, 2);
    for (let i = 0; i < pairs.length; i += 2) figures[text(pairs[i])] = text(pairs[i + 1]);
    const benefits: CountedContribution['benefits'] = new Map();
    const triples = list(benefitRefs, 3);
    for (let i = 0; i < triples.length; i += 3) benefits.set(text(triples[i]), { fairMarketValueMinor: minor(triples[i + 1]), revoked: triples[i + 2] === 1 });
    if (itemized !== NONE && itemized !== 0 && itemized !== 1) refused(`itemized ${String(itemized)}`);
    return [
      text(donationId),
      {
        electionId: text(electionId),
        countedAt: text(countedAt),
        amountMinor: minor(amount),
        aggregateAfterMinor: minor(aggregateAfter),
        reversedMinor: minor(reversed),
        paymentMethod: paymentMethod === NONE ? null : (text(paymentMethod) as CountedContribution['paymentMethod']),
        itemized: itemized === NONE ? null : itemized === 1,
        ruleIds: list(ruleIds, 1).map(text),
        figures,
        benefits,
        disregardAtOrBelowMinor: disregard === NONE ? null : minor(disregard),
      },
    ];
  });
}
