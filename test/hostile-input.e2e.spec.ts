import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import express from 'express';
import { LEDGER_STORE, type LedgerStore } from '#ledger';
import { BODY_LIMIT_BYTES, createHustingsApp, loadConfig, strictJsonBody } from '#platform';
import { appModules } from '../apps/embedded/src/app-modules.js';

/** A US committee registered without a zone is judged on New York's days, and its answer says so (issue 14). */
const US_DEFAULT_ZONE = { timeZone: 'America/New_York', timeZoneDefaulted: true };

/**
 * A hostile client against the embedded platform over real HTTP: every class of bad input the
 * intake API refuses, each answered with its status, its problem `code` as RFC 9457
 * problem+json, and nothing appended to the ledger. Card numbers sent never show up in a
 * response or in anything the process logs (captured at debug level).
 */

const STARTUP_MS = 120_000;
const TEST_MS = 120_000;
const DAY_MS = 86_400_000;

type Json = Record<string, unknown>;

interface Outgoing {
  method: 'GET' | 'POST';
  path: string;
  /** A JSON value (serialised), raw text, raw bytes or a stream (sent chunked). */
  json?: unknown;
  text?: string;
  bytes?: Uint8Array;
  stream?: ReadableStream<Uint8Array>;
  /** Defaults to application/json when there is a body; null sends none. */
  contentType?: string | null;
  headers?: Record<string, string>;
}

interface Reply {
  status: number;
  contentType: string;
  body: Json;
  text: string;
}

/** Every request of this file goes through here (one place to add credentials later). */
/** The admin key stored on first start: hostile input comes from an authenticated client too. */
const ADMIN_KEY = 'e2e-bootstrap-admin-key-0123456789abcdef';

async function call(base: string, out: Outgoing): Promise<Reply> {
  const body = out.json !== undefined ? JSON.stringify(out.json) : (out.text ?? out.bytes ?? out.stream);
  const headers: Record<string, string> = { authorization: `Bearer ${ADMIN_KEY}` };
  const contentType = out.contentType === undefined ? (body === undefined ? null : 'application/json') : out.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  if (out.method === 'POST' && out.path.endsWith('/donations')) headers['idempotency-key'] = randomUUID();
  const init = { method: out.method, headers: { ...headers, ...out.headers }, body, duplex: 'half' } as RequestInit;
  const response = await fetch(`${base}${out.path}`, init);
  const text = await response.text();
  let parsed: Json;
  try {
    parsed = text ? (JSON.parse(text) as Json) : {};
  } catch {
    parsed = {};
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: parsed, text };
}

/** What every process write said while the platform ran: Nest's logger writes there. */
function captureOutput(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const capture = (chunk: unknown): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  return {
    text: () => chunks.join(''),
    restore: () => {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
    },
  };
}

/** Instants relative to when this file loaded, so two of them are exactly as far apart as asked. */
const STARTED_MS = Date.now();
const iso = (offsetMs: number): string => new Date(STARTED_MS + offsetMs).toISOString();

const COMMITTEE = 'hostile-cmte';
const committee = (changes: Json = {}): Json => ({
  committeeId: COMMITTEE,
  name: 'Hopper for Congress',
  jurisdiction: 'US-FEC-CANDIDATE',
  currency: 'USD',
  elections: [{ electionId: 'general-2026', kind: 'general', date: '2028-11-07' }],
  defaultElectionId: 'general-2026',
  ...changes,
});

const valid = (changes: Json = {}): Json => ({
  amountMinor: 2500,
  currency: 'USD',
  donor: { type: 'individual', name: 'Grace Hopper', address: { postalCode: '10001' } },
  payment: { method: 'card', pspReference: 'ch_hostile' },
  ...changes,
});
const donor = (changes: Json): Json => ({ donor: { type: 'individual', name: 'Grace Hopper', ...changes } });

const donate = (json: unknown, campaignId = 'hostile-usd'): Outgoing => ({ method: 'POST', path: `/v1/campaigns/${campaignId}/donations`, json });
const donateRaw = (text: string, contentType?: string | null): Outgoing => ({ method: 'POST', path: '/v1/campaigns/hostile-usd/donations', text, contentType });
const campaign = (changes: Json): Outgoing => ({
  method: 'POST',
  path: '/v1/campaigns',
  json: { campaignId: `c-${randomUUID().slice(0, 8)}`, committeeId: COMMITTEE, name: 'Autumn', currency: 'USD', ...changes },
});
const registerCommittee = (changes: Json): Outgoing => ({ method: 'POST', path: '/v1/committees', json: committee({ committeeId: `x-${randomUUID().slice(0, 8)}`, ...changes }) });

/** `{"a":{"a":...1}}`, `levels` objects deep. */
const nested = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const validText = (replace: [string, string][]): string => replace.reduce((text, [from, to]) => text.replace(from, to), JSON.stringify(valid()));

/** Card numbers sent below, in every form they are sent; none may come back or be logged. */
const CARD_DIGITS = ['4111111111111111', '4111 1111 1111 1111', '5555555555554444', '5555-5555-5555-4444', '378282246310005', '6011111111111117', '6212345678901234569'];

interface Case {
  name: string;
  send: Outgoing;
  status: number;
  code: string;
  field?: string;
}

const bodyCases = (): Case[] => [
  { name: 'malformed JSON', send: donateRaw('{"amountMinor":'), status: 400, code: 'malformed_json' },
  { name: 'a trailing comma', send: donateRaw('{"amountMinor":2500,}'), status: 400, code: 'malformed_json' },
  { name: 'single-quoted JSON', send: donateRaw("{'amountMinor':2500}"), status: 400, code: 'malformed_json' },
  { name: 'JSON with a comment', send: donateRaw('{"amountMinor":2500 // $25\n}'), status: 400, code: 'malformed_json' },
  { name: 'NaN as a number', send: donateRaw(validText([['2500', 'NaN']])), status: 400, code: 'malformed_json' },
  { name: 'a leading zero', send: donateRaw(validText([['2500', '02500']])), status: 400, code: 'malformed_json' },
  { name: 'a byte-order mark', send: donateRaw(`\ufeff${JSON.stringify(valid())}`), status: 400, code: 'malformed_json' },
  { name: 'bytes that are not UTF-8', send: { ...donateRaw(''), text: undefined, bytes: Uint8Array.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]) }, status: 400, code: 'malformed_json' },
  { name: 'a blank body', send: donateRaw('   '), status: 400, code: 'malformed_json' },
  { name: 'an empty body', send: donateRaw(''), status: 400, code: 'invalid_request', field: 'body' },
  { name: 'a null body', send: donateRaw('null'), status: 400, code: 'invalid_request', field: 'body' },
  { name: 'an array instead of an object', send: donateRaw('[{"amountMinor":2500}]'), status: 400, code: 'invalid_request', field: 'body' },
  { name: 'a string body', send: donateRaw('"2500"'), status: 400, code: 'invalid_request', field: 'body' },
  { name: 'a number body', send: donateRaw('2500'), status: 400, code: 'invalid_request', field: 'body' },
  { name: 'donor as an array', send: donate(valid({ donor: [{ type: 'individual' }] })), status: 400, code: 'invalid_request', field: 'donor' },
  { name: 'text/plain', send: donateRaw(JSON.stringify(valid()), 'text/plain'), status: 415, code: 'unsupported_media_type' },
  { name: 'no content type', send: { ...donateRaw(''), text: undefined, bytes: new TextEncoder().encode(JSON.stringify(valid())), contentType: null }, status: 415, code: 'unsupported_media_type' },
  { name: 'a form post', send: donateRaw('amountMinor=2500&currency=USD', 'application/x-www-form-urlencoded'), status: 415, code: 'unsupported_media_type' },
  { name: 'JSON in UTF-16', send: donateRaw(JSON.stringify(valid()), 'application/json; charset=utf-16'), status: 415, code: 'unsupported_media_type' },
  {
    name: 'a gzip-compressed body',
    send: { ...donateRaw(''), text: undefined, bytes: gzipSync(JSON.stringify(valid())), headers: { 'content-encoding': 'gzip' } },
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'a body over the size limit', send: donate(valid({ padding: 'x'.repeat(BODY_LIMIT_BYTES) })), status: 413, code: 'body_too_large' },
  { name: 'a chunked body over the size limit', send: { ...donateRaw(''), text: undefined, stream: chunked(BODY_LIMIT_BYTES + 8192) }, status: 413, code: 'body_too_large' },
  { name: 'nesting one level too deep', send: donateRaw(validText([['"amountMinor"', `"extra":${nested(8)},"amountMinor"`]])), status: 400, code: 'body_too_deep', field: 'extra.a.a.a.a.a.a.a' },
  { name: 'nesting 20,000 levels deep', send: donateRaw('['.repeat(20_000) + ']'.repeat(20_000)), status: 400, code: 'body_too_deep', field: '[0][0][0][0][0][0][0][0]' },
  { name: 'a duplicate amount', send: donateRaw(validText([['"amountMinor":2500', '"amountMinor":1,"amountMinor":2500']])), status: 400, code: 'duplicate_key', field: 'amountMinor' },
  { name: 'a duplicate spelt with an escape', send: donateRaw(validText([['"currency":"USD"', '"currency":"USD","curr\\u0065ncy":"GBP"']])), status: 400, code: 'duplicate_key', field: 'currency' },
  { name: 'a duplicate nested', send: donateRaw(validText([['"type":"individual"', '"type":"individual","type":"company"']])), status: 400, code: 'duplicate_key', field: 'donor.type' },
  { name: '__proto__ at the top', send: donateRaw(validText([['{', '{"__proto__":{"isAdmin":true},']])), status: 400, code: 'forbidden_key', field: 'body' },
  { name: '__proto__ spelt with escapes', send: donateRaw(validText([['{', '{"\\u005f_proto__":{},']])), status: 400, code: 'forbidden_key', field: 'body' },
  { name: 'constructor.prototype nested', send: donate(valid({ donor: { type: 'individual', constructor: { prototype: { x: 1 } } } })), status: 400, code: 'forbidden_key', field: 'donor' },
];

/** A body sent in 8 KiB chunks with no Content-Length (Transfer-Encoding: chunked). */
function chunked(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) return controller.close();
      const chunk = new TextEncoder().encode((sent === 0 ? '{"padding":"' : '') + 'x'.repeat(8192));
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

const cardCases = (): Case[] => [
  { name: 'a card number in the donor name', send: donate(valid(donor({ name: 'Grace 4111 1111 1111 1111' }))), status: 422, code: 'card_number_refused', field: 'donor.name' },
  { name: 'a card number as the PSP reference', send: donate(valid({ payment: { method: 'card', pspReference: '5555-5555-5555-4444' } })), status: 422, code: 'card_number_refused', field: 'payment.pspReference' },
  { name: 'a card number in a field nobody reads', send: donate(valid({ metadata: { notes: ['paid by amex', '378282246310005'] } })), status: 422, code: 'card_number_refused', field: 'metadata.notes[1]' },
  { name: 'a card number as a JSON number', send: donate(valid({ card: 6011111111111117 })), status: 422, code: 'card_number_refused', field: 'card' },
  { name: 'a 19-digit card number a double cannot hold', send: donateRaw(validText([['"amountMinor"', '"pan":6212345678901234569,"amountMinor"']])), status: 422, code: 'card_number_refused', field: 'pan' },
  { name: 'a card number spelt with escapes', send: donateRaw(validText([['"ch_hostile"', '"\\u0034111111111111111"']])), status: 422, code: 'card_number_refused', field: 'payment.pspReference' },
  { name: 'a card number as a member name', send: donate(valid({ donor: { type: 'individual', '4111111111111111': 'x' } })), status: 422, code: 'card_number_refused', field: 'donor' },
  { name: 'a card number in a committee name', send: registerCommittee({ name: 'Card 4111111111111111' }), status: 422, code: 'card_number_refused', field: 'name' },
];

const amountCases = (): Case[] => [
  { name: 'a zero amount', send: donate(valid({ amountMinor: 0 })), status: 422, code: 'amount_must_be_positive' },
  { name: 'a negative amount', send: donate(valid({ amountMinor: -2500 })), status: 422, code: 'amount_must_be_positive' },
  { name: 'minus zero', send: donateRaw(validText([['2500', '-0']])), status: 422, code: 'amount_must_be_positive' },
  { name: 'a fractional amount', send: donate(valid({ amountMinor: 25.5 })), status: 422, code: 'amount_must_be_integer', field: 'amountMinor' },
  { name: 'a whole amount written with a fraction', send: donateRaw(validText([['2500', '2500.0']])), status: 422, code: 'amount_must_be_integer', field: 'amountMinor' },
  { name: 'a fraction a double rounds away', send: donateRaw(validText([['2500', '2500.0000000000001']])), status: 422, code: 'amount_must_be_integer', field: 'amountMinor' },
  { name: 'exponent notation', send: donateRaw(validText([['2500', '2.5e3']])), status: 422, code: 'amount_must_be_integer', field: 'amountMinor' },
  { name: 'an exponent past a double', send: donateRaw(validText([['2500', '1e400']])), status: 400, code: 'number_out_of_range', field: 'amountMinor' },
  { name: 'an amount as a string', send: donate(valid({ amountMinor: '2500' })), status: 422, code: 'amount_must_be_integer', field: 'amountMinor' },
  { name: 'an amount as a decimal string', send: donate(valid({ amountMinor: '25.00' })), status: 422, code: 'amount_must_be_integer', field: 'amountMinor' },
  { name: 'a null amount', send: donate(valid({ amountMinor: null })), status: 422, code: 'amount_must_be_integer', field: 'amountMinor' },
  { name: 'an amount as an object', send: donate(valid({ amountMinor: { value: 2500 } })), status: 422, code: 'amount_must_be_integer', field: 'amountMinor' },
  { name: 'an unsafe integer', send: donateRaw(validText([['2500', '9007199254740993']])), status: 422, code: 'amount_out_of_range', field: 'amountMinor' },
  { name: 'a 400-digit integer', send: donateRaw(validText([['2500', '1' + '0'.repeat(400)]])), status: 400, code: 'number_out_of_range', field: 'amountMinor' },
  { name: 'a 30-digit integer', send: donateRaw(validText([['2500', '1' + '0'.repeat(29)]])), status: 422, code: 'amount_out_of_range', field: 'amountMinor' },
  { name: 'a missing amount', send: donate(valid({ amountMinor: undefined })), status: 400, code: 'invalid_request', field: 'amountMinor' },
  { name: 'an amount in major units', send: donate(valid({ amountMinor: undefined, amount: 25 })), status: 422, code: 'amount_must_be_minor_units', field: 'amount' },
  { name: 'USD counted with exponent 0', send: donate(valid({ currencyExponent: 0 })), status: 422, code: 'currency_exponent_mismatch', field: 'currencyExponent' },
  { name: 'USD counted with exponent 3', send: donate(valid({ currencyExponent: 3 })), status: 422, code: 'currency_exponent_mismatch', field: 'currencyExponent' },
  { name: 'an unknown currency', send: donate(valid({ currency: 'XYZ' })), status: 422, code: 'currency_not_supported', field: 'currency' },
  { name: 'a lower-case currency', send: donate(valid({ currency: 'usd' })), status: 400, code: 'invalid_request', field: 'currency' },
  { name: 'a currency as a number', send: donate(valid({ currency: 840 })), status: 400, code: 'invalid_request', field: 'currency' },
  { name: 'a currency the campaign does not take', send: donate(valid({ currency: 'GBP' })), status: 422, code: 'currency_mismatch' },
  { name: 'a currency nobody here takes', send: donate(valid({ currency: 'JPY' })), status: 422, code: 'currency_mismatch' },
];

const textCases = (): Case[] => [
  { name: 'a right-to-left override in a name', send: donate(valid(donor({ name: 'Grace \u202eHopper' }))), status: 422, code: 'text_forbidden_characters', field: 'donor.name' },
  { name: 'a bidi isolate in a name', send: donate(valid(donor({ name: '\u2067Grace\u2069' }))), status: 422, code: 'text_forbidden_characters', field: 'donor.name' },
  { name: 'NUL in the PSP reference', send: donate(valid({ payment: { method: 'card', pspReference: 'ch_\u0000x' } })), status: 422, code: 'text_forbidden_characters', field: 'pspReference' },
  { name: 'a newline in a name', send: donate(valid(donor({ name: 'Grace\nHopper' }))), status: 422, code: 'text_forbidden_characters', field: 'donor.name' },
  { name: 'a lone surrogate in a name', send: donateRaw(validText([['Grace Hopper', 'Grace \\ud800']])), status: 422, code: 'text_forbidden_characters', field: 'donor.name' },
  { name: 'a zero-width space in a name', send: donate(valid(donor({ name: 'Gr\u200bace' }))), status: 422, code: 'text_forbidden_characters', field: 'donor.name' },
  { name: 'zero-width joiners that join nothing', send: donate(valid(donor({ name: '\u200d\u200dGrace' }))), status: 422, code: 'text_forbidden_characters', field: 'donor.name' },
  { name: 'a Hangul filler as a name', send: donate(valid(donor({ name: '\u3164' }))), status: 422, code: 'text_forbidden_characters', field: 'donor.name' },
  { name: 'Zalgo text', send: donate(valid(donor({ name: 'G\u0351\u0352\u0357\u035b\u0363\u0364race' }))), status: 422, code: 'text_forbidden_characters', field: 'donor.name' },
  { name: 'a name of 201 characters', send: donate(valid(donor({ name: 'x'.repeat(201) }))), status: 422, code: 'text_too_long', field: 'donor.name' },
  { name: 'a name of 60,000 characters', send: donate(valid(donor({ name: 'x'.repeat(60_000) }))), status: 422, code: 'text_too_long', field: 'donor.name' },
  { name: 'a name that is not a string', send: donate(valid(donor({ name: ['Grace'] }))), status: 400, code: 'invalid_request', field: 'donor.name' },
  { name: 'a donation id with a Cyrillic lookalike', send: donate(valid({ donationId: 'd\u043e\u043d-1' })), status: 400, code: 'invalid_request', field: 'donationId' },
  { name: 'an unknown donor type', send: donate(valid({ donor: { type: 'alien' } })), status: 400, code: 'invalid_request', field: 'donor.type' },
  { name: 'an unknown election', send: donate(valid({ electionId: 'runoff-2026' })), status: 422, code: 'election_unknown' },
];

const timeCases = (): Case[] => [
  { name: '30 February', send: donate(valid({ receivedAt: '2026-02-30T10:00:00Z' })), status: 422, code: 'date_invalid', field: 'receivedAt' },
  { name: 'hour 25', send: donate(valid({ receivedAt: '2026-03-01T25:00:00Z' })), status: 422, code: 'date_invalid', field: 'receivedAt' },
  { name: 'hour 24', send: donate(valid({ receivedAt: '2026-03-01T24:00:00Z' })), status: 422, code: 'date_invalid', field: 'receivedAt' },
  { name: 'no time zone', send: donate(valid({ receivedAt: '2026-11-20T10:00:00' })), status: 422, code: 'date_invalid', field: 'receivedAt' },
  { name: 'a US-style date', send: donate(valid({ receivedAt: '11/20/2026 10:00' })), status: 422, code: 'date_invalid', field: 'receivedAt' },
  { name: 'epoch milliseconds', send: donate(valid({ receivedAt: 1763632800000 })), status: 400, code: 'invalid_request', field: 'receivedAt' },
  { name: 'the Unix epoch', send: donate(valid({ receivedAt: '1970-01-01T00:00:00Z' })), status: 422, code: 'date_out_of_range', field: 'receivedAt' },
  { name: 'a receipt an hour in the future', send: donate(valid({ receivedAt: iso(60 * 60_000) })), status: 422, code: 'received_at_in_future' },
  { name: 'a receipt in 2099', send: donate(valid({ receivedAt: '2099-01-01T00:00:00Z' })), status: 422, code: 'received_at_in_future' },
  { name: 'a receipt before the campaign opened', send: donate(valid({ receivedAt: iso(-DAY_MS) })), status: 422, code: 'campaign_not_open' },
  { name: 'a donation to a campaign not yet open', send: donate(valid(), 'hostile-future'), status: 422, code: 'campaign_not_open' },
  { name: 'a donation to a closed campaign', send: donate(valid(), 'hostile-closed'), status: 422, code: 'campaign_closed' },
  { name: 'a receipt from a closed window posted past the grace', send: donate(valid({ receivedAt: iso(-30 * DAY_MS) }), 'hostile-closed'), status: 422, code: 'campaign_closed' },
  { name: 'a donation to no campaign', send: donate(valid(), 'no-such-campaign'), status: 404, code: 'campaign_not_found' },
];

const committeeAndCampaignCases = (): Case[] => [
  { name: 'an unknown jurisdiction', send: registerCommittee({ jurisdiction: 'FR-CNCCFP' }), status: 422, code: 'jurisdiction_not_supported', field: 'jurisdiction' },
  { name: 'a lower-case jurisdiction', send: registerCommittee({ jurisdiction: 'us-fec-candidate' }), status: 422, code: 'jurisdiction_not_supported', field: 'jurisdiction' },
  { name: 'a currency its jurisdiction does not report in', send: registerCommittee({ currency: 'GBP' }), status: 422, code: 'currency_mismatch' },
  { name: 'an unsupported committee currency', send: registerCommittee({ currency: 'BTC' }), status: 422, code: 'currency_not_supported', field: 'currency' },
  { name: 'an election on 30 February', send: registerCommittee({ elections: [{ electionId: 'g', kind: 'general', date: '2026-02-30' }], defaultElectionId: 'g' }), status: 422, code: 'date_invalid', field: 'elections[0].date' },
  { name: 'an election on 29 February 2026', send: registerCommittee({ elections: [{ electionId: 'g', kind: 'general', date: '2026-02-29' }], defaultElectionId: 'g' }), status: 422, code: 'date_invalid', field: 'elections[0].date' },
  { name: 'an election as an instant', send: registerCommittee({ elections: [{ electionId: 'g', kind: 'general', date: '2026-11-03T00:00:00Z' }], defaultElectionId: 'g' }), status: 422, code: 'date_invalid', field: 'elections[0].date' },
  { name: 'an election in 1812', send: registerCommittee({ elections: [{ electionId: 'g', kind: 'general', date: '1812-11-03' }], defaultElectionId: 'g' }), status: 422, code: 'date_out_of_range', field: 'elections[0].date' },
  { name: 'an election of an unknown kind', send: registerCommittee({ elections: [{ electionId: 'g', kind: 'caucus', date: '2026-11-03' }] }), status: 400, code: 'invalid_request', field: 'kind' },
  { name: 'two elections with one id', send: registerCommittee({ elections: [{ electionId: 'g', kind: 'general', date: '2026-11-03' }, { electionId: 'g', kind: 'primary', date: '2026-06-02' }], defaultElectionId: 'g' }), status: 422, code: 'elections_invalid' },
  { name: 'an FEC committee with no election', send: registerCommittee({ elections: [], defaultElectionId: null }), status: 422, code: 'elections_invalid' },
  { name: 'elections as an object', send: registerCommittee({ elections: { g: '2026-11-03' } }), status: 400, code: 'invalid_request', field: 'elections' },
  { name: 'a default election it does not have', send: registerCommittee({ defaultElectionId: 'primary-2026' }), status: 422, code: 'election_unknown' },
  { name: 'a committee name with a bidi override', send: registerCommittee({ name: 'Hopper \u202eHQ' }), status: 422, code: 'text_forbidden_characters', field: 'name' },
  { name: 'a committee name that is blank once normalised', send: registerCommittee({ name: ' \u3000 ' }), status: 400, code: 'invalid_request', field: 'name' },
  { name: 'a committee registered twice', send: { method: 'POST', path: '/v1/committees', json: committee() }, status: 409, code: 'committee_already_registered' },
  { name: 'a committee with __proto__', send: { method: 'POST', path: '/v1/committees', text: JSON.stringify(committee()).replace('{', '{"__proto__":{"admin":true},') }, status: 400, code: 'forbidden_key', field: 'body' },
  { name: 'a campaign in another currency than its committee', send: campaign({ currency: 'EUR' }), status: 422, code: 'currency_mismatch' },
  { name: 'a campaign that closes before it opens', send: campaign({ opensAt: '2026-12-01T00:00:00Z', closesAt: '2026-11-30T00:00:00Z' }), status: 422, code: 'campaign_window_invalid' },
  { name: 'a campaign that closes as it opens', send: campaign({ opensAt: '2026-12-01T00:00:00Z', closesAt: '2026-12-01T00:00:00Z' }), status: 422, code: 'campaign_window_invalid' },
  { name: 'a campaign that closed before now, opening now', send: campaign({ closesAt: iso(-DAY_MS) }), status: 422, code: 'campaign_window_invalid' },
  { name: 'a campaign opening on 30 February', send: campaign({ opensAt: '2026-02-30T00:00:00Z' }), status: 422, code: 'date_invalid', field: 'opensAt' },
  { name: 'a campaign closing in 9999', send: campaign({ closesAt: '9999-12-31T23:59:59Z' }), status: 422, code: 'date_out_of_range', field: 'closesAt' },
  { name: 'a campaign of no committee', send: campaign({ committeeId: 'nobody' }), status: 404, code: 'committee_not_found' },
  { name: 'a campaign opened twice', send: campaign({ campaignId: 'hostile-usd' }), status: 409, code: 'campaign_already_exists' },
];

const pathCases = (): Case[] => [
  { name: 'a committee id with a NUL', send: { method: 'GET', path: '/v1/committees/%00' }, status: 404, code: 'not_found' },
  { name: 'a committee id that is not percent-encoding', send: { method: 'GET', path: '/v1/committees/%ZZ' }, status: 400, code: 'invalid_request' },
  { name: 'a campaign id of 5,000 characters', send: { method: 'GET', path: `/v1/campaigns/${'a'.repeat(5000)}` }, status: 404, code: 'not_found' },
  { name: 'a campaign id with a card number', send: { method: 'GET', path: '/v1/campaigns/x%204111%201111%201111%201111' }, status: 422, code: 'card_number_refused', field: 'url' },
  { name: 'a donation to a campaign id that is a card number', send: donate(valid(), '4111111111111111'), status: 422, code: 'card_number_refused', field: 'url' },
  { name: 'a card number in the query', send: { method: 'GET', path: '/v1/committees/hostile-cmte?pan=5555-5555-5555-4444' }, status: 422, code: 'card_number_refused', field: 'url' },
  { name: 'a card number as the Idempotency-Key', send: { ...donate(valid()), headers: { 'idempotency-key': '4111-1111-1111-1111' } }, status: 422, code: 'card_number_refused', field: 'idempotency-key' },
  { name: 'a donation id with a path traversal', send: { method: 'GET', path: '/v1/donations/..%2F..%2Fetc%2Fpasswd' }, status: 404, code: 'not_found' },
  { name: 'a donation to a campaign id that cannot exist', send: donate(valid(), 'bad%20id!'), status: 404, code: 'not_found' },
  { name: 'a committee that was never registered', send: { method: 'GET', path: '/v1/committees/nobody' }, status: 404, code: 'committee_not_found' },
];

/** How many card-number cases were sent, so the log check cannot pass before they ran. */
let cardCasesSent = 0;

describe('hostile input against the embedded platform', () => {
  let dataDir: string;
  let app: INestApplication;
  let base: string;
  let output: ReturnType<typeof captureOutput>;
  const send = (out: Outgoing) => call(base, out);
  const head = () => app.get<LedgerStore>(LEDGER_STORE).headPosition();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hustings-hostile-'));
    output = captureOutput();
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', DONOR_ID_KEY: 'e2e-hostile-donor-id-key-of-at-least-32-chars', HUSTINGS_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY };
    const config = loadConfig(env, ['intake', 'compliance', 'rewards', 'reporting']);
    app = await createHustingsApp(config, await appModules(config.apps));
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    const setUp: Outgoing[] = [
      { method: 'POST', path: '/v1/committees', json: committee() },
      campaign({ campaignId: 'hostile-usd' }),
      campaign({ campaignId: 'hostile-closed', opensAt: iso(-40 * DAY_MS), closesAt: iso(-20 * DAY_MS) }),
      campaign({ campaignId: 'hostile-recent', opensAt: iso(-40 * DAY_MS), closesAt: iso(-DAY_MS) }),
      campaign({ campaignId: 'hostile-future', opensAt: iso(10 * DAY_MS) }),
    ];
    for (const out of setUp) expect({ path: out.path, status: (await send(out)).status }).toEqual({ path: out.path, status: 201 });
  }, STARTUP_MS);

  afterAll(async () => {
    await app?.close();
    output?.restore();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, STARTUP_MS);

  it('reads back what was created: the committee with its profile and elections, the campaign with its window', async () => {
    const created = await send({ method: 'GET', path: `/v1/committees/${COMMITTEE}` });
    expect(created.body).toEqual({ ...committee(), registeredBy: 'api-key:bootstrap-admin', registeredAt: expect.any(String), tenantId: 'default', ...US_DEFAULT_ZONE });
    const closed = await send({ method: 'GET', path: '/v1/campaigns/hostile-closed' });
    expect(closed.body).toMatchObject({ campaignId: 'hostile-closed', committeeId: COMMITTEE, currency: 'USD' });
    expect(Date.parse(closed.body.closesAt as string) - Date.parse(closed.body.opensAt as string)).toBe(20 * DAY_MS);
  });

  it('takes a valid donation and a late-posted receipt from inside a closed window, so the refusals below are not the only answer', async () => {
    const before = await head();
    const ok = await send(donate(valid({ currencyExponent: 2, donor: { type: 'individual', name: 'Jos\u0065\u0301 N\u00fa\u00f1ez \u{1f44d}\u200d' } })));
    // The trailing ZWJ joins nothing: refused. The same name without it is taken, NFC-composed.
    expect(ok.body).toMatchObject({ code: 'text_forbidden_characters' });
    const accepted = await send(donate(valid({ currencyExponent: 2, donor: { type: 'individual', name: 'Jos\u0065\u0301 N\u00fa\u00f1ez' } })));
    expect(accepted.status).toBe(202);
    const late = await send(donate(valid({ payment: { method: 'check', pspReference: 'chk-1001' }, receivedAt: iso(-2 * DAY_MS) }), 'hostile-recent'));
    expect(late.status).toBe(202);
    expect(await head()).toBeGreaterThan(before ?? -1);
    // Compliance decides them asynchronously: wait, so its appends do not land while a refusal
    // below is checking that the ledger did not move.
    for (const reply of [accepted, late]) {
      const path = `/v1/donations/${reply.body.donationId as string}`;
      const deadline = Date.now() + 30_000;
      while ((await send({ method: 'GET', path })).body.decision === null) {
        if (Date.now() > deadline) throw new Error(`${path} was not decided in 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
    // A decision is not the last fact its donation causes (structuring sightings, rewards are
    // appended by their own consumers): wait until the ledger has been still for half a second.
    const deadline = Date.now() + 30_000;
    for (let last = await head(), stillSince = Date.now(); Date.now() - stillSince < 500; ) {
      if (Date.now() > deadline) throw new Error('the ledger did not settle in 30 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = await head();
      if (now !== last) [last, stillSince] = [now, Date.now()];
    }
  });

  describe.each([
    ['the body itself', bodyCases],
    ['card numbers', cardCases],
    ['amounts and currencies', amountCases],
    ['text', textCases],
    ['dates and campaign windows', timeCases],
    ['committees and campaigns', committeeAndCampaignCases],
    ['paths', pathCases],
  ])('%s', (_group, cases) => {
    it(
      'refuses each with its status and code as problem+json, and appends nothing to the ledger',
      async () => {
        const answers = [];
        for (const c of cases()) {
          const before = await head();
          const reply = await send(c.send);
          if (c.code === 'card_number_refused') cardCasesSent += 1;
          answers.push({
            name: c.name,
            status: reply.status,
            contentType: reply.contentType,
            body: reply.body,
            ledgerMoved: (await head()) !== before,
            echoesCard: CARD_DIGITS.some((digits) => reply.text.includes(digits)),
          });
        }
        expect(answers).toEqual(
          cases().map((c) => ({
            name: c.name,
            status: c.status,
            contentType: expect.stringMatching(/^application\/problem\+json/),
            body: {
              type: `https://hustings.dev/problems/${c.code.replace(/_/g, '-')}`,
              title: c.code.replace(/_/g, ' '),
              status: c.status,
              detail: expect.any(String),
              code: c.code,
              instance: expect.stringMatching(/^\/v1\//),
              ...(c.field === undefined ? {} : { field: c.field }),
            },
            ledgerMoved: false,
            echoesCard: false,
          })),
        );
      },
      TEST_MS,
    );
  });

  it('ignores members a client may not set: they neither reach the ledger nor change what is read back', async () => {
    const committeeId = `mass-${randomUUID().slice(0, 8)}`;
    const registered = await send({ method: 'POST', path: '/v1/committees', json: committee({ committeeId, registeredBy: 'attacker', status: 'unregistered', isAdmin: true }) });
    expect(registered.status).toBe(201);
    expect((await send({ method: 'GET', path: `/v1/committees/${committeeId}` })).body).toEqual({ ...committee({ committeeId }), registeredBy: 'api-key:bootstrap-admin', registeredAt: expect.any(String), tenantId: 'default', ...US_DEFAULT_ZONE });
    const donationId = `mass-${randomUUID().slice(0, 8)}`;
    const donated = await send(donate(valid({ donationId, committeeId: 'someone-else', campaignId: 'hostile-closed', status: 'accepted', acceptedAmountMinor: 999_999 })));
    expect(donated.status).toBe(202);
    const read = await send({ method: 'GET', path: `/v1/donations/${donationId}` });
    expect(read.body).toMatchObject({ donationId, campaignId: 'hostile-usd', committeeId: COMMITTEE, amountMinor: 2500 });
    expect(read.body.acceptedAmountMinor).not.toBe(999_999);
  });

  it('refuses at the reader without using up the Idempotency-Key, so the corrected request goes through', async () => {
    const key = randomUUID();
    const path = '/v1/campaigns/hostile-usd/donations';
    const refused = await send({ method: 'POST', path, json: valid(donor({ name: '4111 1111 1111 1111' })), headers: { 'idempotency-key': key } });
    expect(refused.body).toMatchObject({ code: 'card_number_refused' });
    const corrected = await send({ method: 'POST', path, json: valid(), headers: { 'idempotency-key': key } });
    expect(corrected.status).toBe(202);
  });

  it('never logs a card number it was sent (the capture holds what Nest logged at debug level)', () => {
    expect(cardCasesSent).toBe([...cardCases(), ...pathCases()].filter((c) => c.code === 'card_number_refused').length);
    const logged = output.text();
    expect(logged).toContain('Mapped {/v1/campaigns/:campaignId/donations, POST}');
    for (const digits of CARD_DIGITS) expect(logged).not.toContain(digits);
  });
});

describe('strict JSON body reader in an Express app', () => {
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(strictJsonBody({ limitBytes: 1024, maxDepth: 8 }));
    app.post('/echo', (request, response) => {
      const raw = request.rawBody;
      response.json({ body: request.body as unknown, rawSha256: raw ? createHash('sha256').update(raw).digest('hex') : null, rawIsBuffer: Buffer.isBuffer(raw) });
    });
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('keeps the exact bytes on request.rawBody for signature checks', async () => {
    const text = '{ "event" : "charge.refunded",\n  "amount":\t2500 , "name":"Jos\u00e9" }';
    const reply = await call(base, { method: 'POST', path: '/echo', text, contentType: 'application/json; charset=utf-8' });
    expect(reply.body).toEqual({
      body: { event: 'charge.refunded', amount: 2500, name: 'Jos\u00e9' },
      rawSha256: createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'),
      rawIsBuffer: true,
    });
  });

  it('leaves a request without a body alone', async () => {
    const reply = await call(base, { method: 'POST', path: '/echo' });
    expect(reply.body).toEqual({ rawSha256: null, rawIsBuffer: false });
  });

  it('answers a body far over the limit with 413 before reading it, and the connection survives for the client', async () => {
    const reply = await call(base, { method: 'POST', path: '/echo', text: JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) }) });
    expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 413, code: 'body_too_large' });
    const after = await call(base, { method: 'POST', path: '/echo', json: { ok: true } });
    expect(after.body).toMatchObject({ body: { ok: true } });
  });
});
