/**
 * "What did the books say then": the ledger cut at an instant or at a global position.
 *
 * An instant selects the events **recorded** at or before it (`recordedAt <= instant`), not
 * those that occurred by then (`occurredAt`). The books at an instant are what the ledger held
 * at that instant; a refund the PSP dates 29 June but reported on 2 July was not in the books
 * on 30 June, and a report taken on 30 June could not have shown it. Occurrence dates still
 * decide what falls in a filing's period; the as-of cut decides what was known.
 * A position selects the events at or before it, the ledger's own order.
 */
export type AsOf = { readonly kind: 'instant'; readonly instant: string } | { readonly kind: 'position'; readonly position: number };

/** The part of an event the cut looks at. */
export interface AsOfEvent {
  readonly position: number;
  readonly recordedAt: string;
}

/** Whether an event is in the books as of the cut. */
export function asOfIncludes(asOf: AsOf, event: AsOfEvent): boolean {
  switch (asOf.kind) {
    case 'instant':
      return Date.parse(event.recordedAt) <= Date.parse(asOf.instant);
    case 'position':
      return event.position <= asOf.position;
    default: {
      const unreachable: never = asOf;
      return unreachable;
    }
  }
}

/** Whether no event after this one in ledger order can be in the cut (positions only: recording clocks may disagree). */
export function asOfEndsBefore(asOf: AsOf, event: AsOfEvent): boolean {
  return asOf.kind === 'position' && event.position > asOf.position;
}
