import { parseMinor, type RecordedEvent, type SightingKeyKind, type StructuringSightingRecordedV1 } from '#contracts';
import { sightingInstant, type KeyHistory, type Sighting } from '#compliance-rules';
import type { Fold, SnapshotCodec } from '../shared/fold.js';
import { stringTableReader, stringTableWriter } from '../shared/string-table.js';

/*
 * The evidence of one structuring key stream that can still change a finding, kept by the
 * process that records the key's sightings: a donation then costs the events appended to the
 * key since, not the key's whole history (1,000 donors sharing an address made each donation
 * read 1,000 sightings), while the stream stays the record.
 *
 * Why a donation received at T, judged from a window that covers it (`windowCovers`: nothing
 * received from `horizonMs` on was left out, and horizonMs <= T - lookback), is given exactly
 * the findings its whole stream gives:
 * - a detector counts a donation less than its window (at most the lookback) from T, and a
 *   refund less than the round-trip window before T; every sighting left out was received
 *   before horizonMs, so at least the lookback from T, and none of them would be counted;
 * - the one fact a detector takes from a sighting of any age is that a refunded donation was
 *   seen on the key (round trip). So a donation's sightings are only ever left out together,
 *   once all are older than the horizon; and a refund that arrives later for a donation the
 *   window holds nothing of (its donation may be among those left out) marks the window
 *   incomplete, where only the whole stream can answer (a refund older than the horizon is
 *   never counted, and is simply not kept);
 * - a donation is sighted on a key once (one DonationReceived per donation, and the sighting
 *   id derives from it), so the first sighting of each donation, which the detectors use, is
 *   the same in the window as in the stream;
 * - what is kept stays in stream order with its revision, so "what came before the subject's
 *   own sighting" and the order of the evidence are the stream's.
 */

const MINUTE_MS = 60_000;

/**
 * How much evidence is kept, in lookbacks before the newest donation judged: one for that
 * donation, and one more so that a donation received up to a lookback earlier (a cheque posted
 * late) is still judged from memory. An earlier one reads its key's whole stream.
 */
const LOOKBACKS_KEPT = 2;

/** One sighting kept, where it stands in its stream. */
export interface KeptSighting {
  readonly eventId: string;
  readonly revision: number;
  readonly atMs: number;
  readonly sighting: Sighting;
}

/**
 * The sightings kept, oldest first, shared by the windows folded from one another: a window
 * sees the first `size` of them. Folding the next event into the window that sees them all
 * appends in place (no window already made sees past its own size, so none changes); folding
 * into an older one copies what it sees first. `at` finds a sighting's place by its event id.
 */
interface KeptSightings {
  readonly kept: KeptSighting[];
  /** `kept`'s sightings, as the detectors take them (`earlier` is a copy of a prefix). */
  readonly sightings: Sighting[];
  readonly at: Map<string, number>;
}

export interface SightingWindow {
  readonly store: KeptSightings;
  readonly size: number;
  /** The earliest receipt kept (Infinity when none): nothing to leave out before it. */
  readonly oldestAtMs: number;
  /** Sightings received before this instant may have been left out; null while none were. */
  readonly horizonMs: number | null;
  /** A refund arrived whose donation may have been left out: judge from the whole stream. */
  readonly incomplete: boolean;
}

export function emptySightingWindow(): SightingWindow {
  return { store: { kept: [], sightings: [], at: new Map() }, size: 0, oldestAtMs: Infinity, horizonMs: null, incomplete: false };
}

/** The window a whole stream (or none of it) gives, nothing left out. */
export function sightingWindowOf(events: readonly Pick<RecordedEvent, 'eventId' | 'type' | 'revision' | 'payload'>[]): SightingWindow {
  return events.reduce(evolveSightingWindow, emptySightingWindow());
}

/** A sighting as the detectors compare it. */
export function sightingOf(payload: StructuringSightingRecordedV1): Sighting {
  return { donationId: payload.donationId, donorId: payload.donorId, sighting: payload.sighting, amountMinor: parseMinor(payload.amountMinor), at: payload.at };
}

/** Folds the key stream's next event (a StructuringSightingRecorded), in stream order. */
export function evolveSightingWindow(window: SightingWindow, event: Pick<RecordedEvent, 'eventId' | 'type' | 'revision' | 'payload'>): SightingWindow {
  if (event.type !== 'StructuringSightingRecorded') return window;
  const sighting = sightingOf(event.payload as StructuringSightingRecordedV1);
  // Parsed once, for the window and for every detector that compares the sighting later.
  const atMs = sightingInstant(sighting);
  let incomplete = window.incomplete;
  // Refunds are rare, so looking for their donation through the window is cheap enough.
  if (window.horizonMs !== null && sighting.sighting === 'refund' && !holdsDonation(window, sighting.donationId)) {
    if (atMs < window.horizonMs) return window;
    incomplete = true;
  }
  return link({ ...window, incomplete }, { eventId: event.eventId, revision: event.revision, atMs, sighting });
}

/**
 * A kept sighting as a snapshot holds it: its donor, kind and amount as indexes into the
 * snapshot's strings (a donor key's window names one donor in every sighting), its time read
 * again from the sighting.
 */
type SnapshotSighting = [eventId: string, revision: number, donationId: string, donorId: number, sighting: number, amountMinor: number, at: string];

const refused = (why: string): never => {
  throw new TypeError(`not a sighting window snapshot: ${why}`);
};

/**
 * A window as a snapshot: what it keeps, oldest first, its horizon and whether it is incomplete.
 * Read back, the sightings are linked again in order, so the window is the one folded.
 */
export const sightingWindowSnapshot: SnapshotCodec<SightingWindow> = {
  schema: 'sighting-window/2',
  encode: (window) => {
    const { strings, ref } = stringTableWriter();
    const kept = keptOldestFirst(window).map(({ eventId, revision, sighting: s }): SnapshotSighting => [eventId, revision, s.donationId, ref(s.donorId), ref(s.sighting), ref(s.amountMinor.toString()), s.at]);
    return { horizonMs: window.horizonMs, incomplete: window.incomplete, strings, kept };
  },
  decode: (data) => {
    const { horizonMs, incomplete, strings, kept } = (data ?? {}) as { horizonMs: unknown; incomplete: unknown; strings: unknown; kept: unknown };
    if (!Array.isArray(kept) || typeof incomplete !== 'boolean' || (horizonMs !== null && typeof horizonMs !== 'number')) return refused('no sightings, horizon or completeness');
    const { text, minor } = stringTableReader(strings, refused);
    const sightings = kept.map((k: unknown): KeptSighting => {
      if (!Array.isArray(k) || k.length !== 7 || typeof k[0] !== 'string' || !Number.isSafeInteger(k[1]) || typeof k[2] !== 'string' || typeof k[6] !== 'string') return refused('a sighting of the wrong shape');
      const kind = text(k[4]);
      if (kind !== 'donation' && kind !== 'refund') return refused(`a sighting of kind ${kind}`);
      const read: Sighting = { donationId: k[2], donorId: text(k[3]), sighting: kind, amountMinor: minor(k[5]), at: k[6] };
      return { eventId: k[0], revision: k[1], atMs: sightingInstant(read), sighting: read };
    });
    return windowOf(sightings, horizonMs, incomplete);
  },
};

/** A structuring key stream as the evidence that can still change a finding. */
export const sightingWindowFold: Fold<SightingWindow, Pick<RecordedEvent, 'eventId' | 'type' | 'revision' | 'payload'>> = {
  evolve: evolveSightingWindow,
  initialState: emptySightingWindow,
  snapshot: sightingWindowSnapshot,
};

/** Whether the window holds everything that can change the findings of a donation received at `receivedAt`. */
export function windowCovers(window: SightingWindow, receivedAt: string, lookbackMinutes: number): boolean {
  if (window.incomplete) return false;
  return window.horizonMs === null || window.horizonMs <= Date.parse(receivedAt) - lookbackMinutes * MINUTE_MS;
}

/**
 * What the key held before the donation's own sighting: everything kept when the sighting is
 * not recorded yet (it is to be appended after them), what came before it when it is.
 */
export function windowHistory(window: SightingWindow, keyKind: SightingKeyKind, sightingEventId: string): { recorded: boolean; history: KeyHistory } {
  const own = placeOf(window, sightingEventId);
  return { recorded: own !== null, history: { keyKind, earlier: window.store.sightings.slice(0, own ?? window.size) } };
}

/**
 * The window once a donation received at `receivedAt` is judged: donations whose every
 * sighting was received more than LOOKBACKS_KEPT lookbacks before it are left out. The horizon
 * only moves forward, so a late donation leaves the window as it is.
 */
export function keepSightingWindow(window: SightingWindow, receivedAt: string, lookbackMinutes: number): SightingWindow {
  const horizonMs = Date.parse(receivedAt) - LOOKBACKS_KEPT * lookbackMinutes * MINUTE_MS;
  if (window.incomplete || Number.isNaN(horizonMs) || window.oldestAtMs >= horizonMs) return window;
  if (window.horizonMs !== null && horizonMs <= window.horizonMs) return window;
  const kept = keptOldestFirst(window);
  // `!(a < b)` keeps a sighting whose time does not parse: never left out on a guess.
  const live = new Set(kept.filter((k) => !(k.atMs < horizonMs)).map((k) => k.sighting.donationId));
  return windowOf(kept.filter((k) => live.has(k.sighting.donationId)), horizonMs, false);
}

/** The window that sees all of `kept` (oldest first, an array of its own), as linking them one by one makes it. */
function windowOf(kept: KeptSighting[], horizonMs: number | null, incomplete: boolean): SightingWindow {
  let oldestAtMs = Infinity;
  for (const k of kept) if (k.atMs < oldestAtMs) oldestAtMs = k.atMs;
  return { store: storeOf(kept), size: kept.length, oldestAtMs, horizonMs, incomplete };
}

function link(window: SightingWindow, kept: KeptSighting): SightingWindow {
  const oldestAtMs = kept.atMs < window.oldestAtMs ? kept.atMs : window.oldestAtMs;
  // Another window was folded from this one and appended: this one's view is copied first.
  const store = window.store.kept.length === window.size ? window.store : storeOf(keptOldestFirst(window));
  if (!store.at.has(kept.eventId)) store.at.set(kept.eventId, window.size);
  store.kept.push(kept);
  store.sightings.push(kept.sighting);
  return { ...window, store, size: window.size + 1, oldestAtMs };
}

function storeOf(kept: KeptSighting[]): KeptSightings {
  const at = new Map<string, number>();
  kept.forEach((k, i) => at.has(k.eventId) || at.set(k.eventId, i));
  return { kept, sightings: kept.map((k) => k.sighting), at };
}

/** Where the window holds this sighting, null when it does not (the store may, past the window's size). */
function placeOf(window: SightingWindow, eventId: string): number | null {
  const at = window.store.at.get(eventId);
  return at !== undefined && at < window.size ? at : null;
}

function keptOldestFirst(window: SightingWindow): KeptSighting[] {
  return window.store.kept.slice(0, window.size);
}

function holdsDonation(window: SightingWindow, donationId: string): boolean {
  const { sightings } = window.store;
  for (let i = 0; i < window.size; i++) if (sightings[i].donationId === donationId) return true;
  return false;
}
