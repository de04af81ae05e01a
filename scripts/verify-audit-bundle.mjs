#!/usr/bin/env node
/*
 * Verifies a Hustings audit bundle with nothing but Node.js (18 or newer) and the bundle.
 * It imports only Node's own modules (crypto, fs, path, buffer, process, url), so it can be read in full before it is
 * trusted; docs/verify-an-audit-bundle.md explains every check it makes.
 *
 *   node verify-audit-bundle.mjs [--key-id <hex>] <bundle> [<later bundle>]
 *
 * A bundle is a directory of files, or one JSON file {"files": {"<name>": "<content>"}} as
 * the HTTP endpoint returns it. Exit 0: everything checks. Exit 1: one line naming the first
 * bad event (position, stream, eventId) or the bad seal or file, and what is wrong.
 * Exit 2: the command line or the files could not be read.
 */
/* global console */
import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const FORMAT = 'hustings-audit-bundle/1';
const FILES = ['events.ndjson', 'chains.json', 'seals.ndjson', 'proofs.ndjson', 'public-key.pem'];
/** Filings carried in the bundle: `filing-<name>`, each digest listed in the signed manifest's `filings`. */
const FILING_PREFIX = 'filing-';
const SEAL_PREFIX = 'hustings-seal-v1\n';
const MANIFEST_PREFIX = 'hustings-manifest-v1\n';

class Bad extends Error {}
const fail = (message) => {
  throw new Bad(message);
};

// ---- hashing, exactly as the ledger does it -------------------------------------------------

/** Canonical JSON: keys sorted by UTF-16 code unit, no whitespace, undefined members dropped. */
function canonical(value) {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Bad('a non-finite number cannot be hashed');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item === undefined ? null : item)).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).filter((key) => value[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
  }
  throw new Bad(`a ${typeof value} cannot be hashed`);
}

const sha256 = (...parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** An event's hash: SHA-256 over the canonical JSON of these fields (the position is not one). */
function eventHash(event) {
  const { prevHash, streamId, revision, eventId, type, version, recordedAt, payload, metadata } = event;
  return sha256(Buffer.from(canonical({ prevHash, streamId, revision, eventId, type, version, recordedAt, payload, metadata }), 'utf8')).toString('hex');
}

/** Merkle leaf (RFC 9162 style): SHA-256(0x00 || canonical JSON of {hash, position}). */
const leafHash = (position, hash) => sha256(Buffer.from([0]), Buffer.from(canonical({ hash, position }), 'utf8'));
/** Merkle node: SHA-256(0x01 || left || right). */
const nodeHash = (left, right) => sha256(Buffer.from([1]), left, right);

/** RFC 9162 section 2.1.3.2: recomputes the root from a leaf and its inclusion path. */
function rootFromPath(leaf, index, size, path) {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

const sealHash = (seal) => sha256(Buffer.from(canonical(seal), 'utf8')).toString('hex');

function signatureValid(prefix, body, signature, publicKey) {
  if (typeof signature !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  return verify(null, Buffer.from(prefix + canonical(body), 'utf8'), publicKey, Buffer.from(signature, 'base64'));
}

// ---- reading a bundle ------------------------------------------------------------------------

function readBundle(path) {
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  if (statSync(path).isDirectory()) {
    const files = {};
    for (const name of [...FILES, 'manifest.json']) {
      const file = join(path, name);
      files[name] = existsSync(file) ? readFileSync(file, 'utf8') : null;
    }
    for (const name of readdirSync(path).filter((n) => n.startsWith(FILING_PREFIX))) files[name] = readFileSync(join(path, name), 'utf8');
    return files;
  }
  const parsed = JSON.parse(readFileSync(path, 'utf8'));
  if (!parsed || typeof parsed.files !== 'object') throw new Error(`${path} is neither a bundle directory nor {"files": {...}}`);
  const names = [...FILES, 'manifest.json', ...Object.keys(parsed.files).filter((n) => n.startsWith(FILING_PREFIX))];
  return Object.fromEntries(names.map((name) => [name, typeof parsed.files[name] === 'string' ? parsed.files[name] : null]));
}

function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch {
    return fail(`${what} is not valid JSON`);
  }
}

function lines(files, name) {
  const text = files[name];
  if (text === null) fail(`${name} is missing`);
  if (text !== '' && !text.endsWith('\n')) fail(`${name} does not end with a newline (truncated?)`);
  return text === '' ? [] : text.slice(0, -1).split('\n');
}

const describe = (event) => `event position=${event.position} stream=${event.streamId} eventId=${event.eventId}`;
/** recordedAt in [from, to), compared as instants, not as strings. */
const inPeriod = (event, period) => {
  const at = Date.parse(event.recordedAt);
  return Number.isFinite(at) && at >= Date.parse(period.from) && at < Date.parse(period.to);
};
const isHex64 = (value) => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
const isCount = (value) => Number.isSafeInteger(value) && value >= 0;

// ---- the checks ------------------------------------------------------------------------------

function checkKey(files, manifest, pinnedKeyId) {
  if (files['public-key.pem'] === null) fail('public-key.pem is missing');
  let publicKey;
  try {
    publicKey = createPublicKey(files['public-key.pem']);
  } catch {
    fail('public-key.pem is not a public key');
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') fail('public-key.pem is not an Ed25519 key');
  const keyId = sha256(publicKey.export({ type: 'spki', format: 'der' })).toString('hex').slice(0, 16);
  if (pinnedKeyId && keyId !== pinnedKeyId) fail(`public key ${keyId} is not the key you expected (${pinnedKeyId})`);
  if (manifest.keyId !== keyId) fail(`manifest.json names key ${manifest.keyId} but public-key.pem is key ${keyId}`);
  return { publicKey, keyId };
}

function checkSeals(files, key) {
  const seals = [];
  lines(files, 'seals.ndjson').forEach((line, index) => {
    const seal = parseJson(line, `seals.ndjson line ${index + 1}`);
    const previous = seals[seals.length - 1];
    const name = `seal #${seal?.sequence ?? `line ${index + 1}`}`;
    const { signature, ...body } = seal ?? {};
    if (!isCount(seal?.sequence) || !isCount(seal.from) || !isCount(seal.to) || !Number.isSafeInteger(seal.leafCount) || seal.leafCount < 1 || !isHex64(seal.root)) {
      fail(`${name}: malformed (sequence, from, to, leafCount, root)`);
    }
    if (seal.keyId !== key.keyId) fail(`${name}: names key ${seal.keyId}, but the bundle's public key is ${key.keyId}`);
    if (!signatureValid(SEAL_PREFIX, body, signature, key.publicKey)) fail(`${name}: signature does not verify with the bundle's public key (the seal was altered or signed by another key)`);
    if (seal.to < seal.from || seal.leafCount > seal.to - seal.from + 1) fail(`${name}: range ${seal.from}..${seal.to} cannot hold ${seal.leafCount} events`);
    if (previous) {
      if (seal.sequence !== previous.sequence + 1) fail(`${name}: follows seal #${previous.sequence} (a seal is missing or out of order)`);
      if (seal.previousSealHash !== sealHash(previous)) fail(`${name}: previousSealHash does not match seal #${previous.sequence}`);
      if (seal.after !== previous.to) fail(`${name}: starts after position ${seal.after}, but seal #${previous.sequence} ends at ${previous.to}`);
    }
    if (seal.after !== null && !(seal.from > seal.after)) fail(`${name}: from ${seal.from} is not after ${seal.after}`);
    seals.push(seal);
  });
  return seals;
}

function checkChainsFile(files) {
  if (files['chains.json'] === null) fail('chains.json is missing');
  const chains = parseJson(files['chains.json'], 'chains.json');
  if (!Array.isArray(chains?.streams)) fail('chains.json has no streams list');
  const byStream = new Map();
  for (const chain of chains.streams) {
    if (byStream.has(chain.streamId)) fail(`chains.json lists stream ${chain.streamId} twice`);
    byStream.set(chain.streamId, chain);
  }
  return byStream;
}

function checkProofsFile(files) {
  const byPosition = new Map();
  lines(files, 'proofs.ndjson').forEach((line, index) => {
    const proof = parseJson(line, `proofs.ndjson line ${index + 1}`);
    if (!isCount(proof?.position) || !Array.isArray(proof.path) || !proof.path.every(isHex64)) fail(`proofs.ndjson line ${index + 1}: malformed proof`);
    if (byPosition.has(proof.position)) fail(`proofs.ndjson has two proofs for position ${proof.position}`);
    byPosition.set(proof.position, proof);
  });
  return byPosition;
}

function checkEvent(event, context) {
  const { manifest, chains, proofs, sealsBySequence, state } = context;
  if (eventHash(event) !== event.hash) fail(`${describe(event)}: its content does not match its hash (the event was altered)`);
  if (state.lastPosition !== null && !(event.position > state.lastPosition)) {
    fail(`${describe(event)}: out of global order (comes after position ${state.lastPosition}; events were reordered, duplicated or renumbered)`);
  }
  if (event.metadata?.committeeId !== manifest.committeeId) fail(`${describe(event)}: belongs to committee ${event.metadata?.committeeId}, not ${manifest.committeeId}`);
  if (!inPeriod(event, manifest.period)) fail(`${describe(event)}: recorded at ${event.recordedAt}, outside the bundle's period`);
  const chain = chains.get(event.streamId);
  if (!chain) fail(`${describe(event)}: its stream is not in chains.json (the event was inserted)`);
  const seen = state.streams.get(event.streamId) ?? { nextRevision: chain.firstRevision, lastHash: chain.anchorPrevHash, count: 0 };
  if (event.revision > seen.nextRevision) fail(`${describe(event)}: revision ${event.revision} where ${seen.nextRevision} was expected (an event before it was deleted or moved)`);
  if (event.revision < seen.nextRevision) fail(`${describe(event)}: revision ${event.revision} where ${seen.nextRevision} was expected (inserted, repeated or reordered)`);
  if (event.prevHash !== seen.lastHash) fail(`${describe(event)}: prevHash does not link to the stream's previous event (the chain is broken)`);
  const proof = proofs.get(event.position);
  if (!proof) fail(`${describe(event)}: no inclusion proof, so no seal covers it (the event was inserted)`);
  if (proof.eventId !== event.eventId) fail(`${describe(event)}: the proof at its position is for event ${proof.eventId}`);
  const seal = sealsBySequence.get(proof.sealSequence);
  if (!seal) fail(`${describe(event)}: its proof names seal #${proof.sealSequence}, which is not in the bundle`);
  if (event.position < seal.from || event.position > seal.to) fail(`${describe(event)}: outside the range of seal #${seal.sequence}`);
  const root = rootFromPath(leafHash(event.position, event.hash), proof.leafIndex, seal.leafCount, proof.path.map((node) => Buffer.from(node, 'hex')));
  if (!root || root.toString('hex') !== seal.root) fail(`${describe(event)}: not included in seal #${seal.sequence} (its Merkle proof does not lead to the signed root)`);
  state.streams.set(event.streamId, { nextRevision: event.revision + 1, lastHash: event.hash, count: seen.count + 1 });
  state.lastPosition = event.position;
  proofs.delete(event.position);
}

function checkEvents(files, manifest, chains, proofs, seals) {
  const context = { manifest, chains, proofs, sealsBySequence: new Map(seals.map((s) => [s.sequence, s])), state: { lastPosition: null, streams: new Map() } };
  const events = [];
  lines(files, 'events.ndjson').forEach((line, index) => {
    const event = parseJson(line, `events.ndjson line ${index + 1}${events.length ? ` (after ${describe(events[events.length - 1])})` : ''}`);
    if (!event || typeof event !== 'object' || !isCount(event.position) || typeof event.streamId !== 'string' || !isCount(event.revision)) {
      fail(`events.ndjson line ${index + 1}: not an event (position, streamId, revision)`);
    }
    checkEvent(event, context);
    events.push(event);
  });
  for (const chain of chains.values()) {
    const seen = context.state.streams.get(chain.streamId);
    if (seen?.nextRevision === chain.lastRevision + 1 && seen.lastHash === chain.headHash) continue;
    const missing = [...proofs.values()].find((proof) => proof.eventId === chain.lastEventId);
    const where = missing ? `event position=${missing.position} stream=${chain.streamId} eventId=${missing.eventId}` : `stream ${chain.streamId} revision ${chain.lastRevision}`;
    fail(`${where}: missing (chains.json says the stream's exported chain ends with it; the event was deleted)`);
  }
  const leftover = [...proofs.values()][0];
  if (leftover) fail(`event position=${leftover.position} eventId=${leftover.eventId}: has an inclusion proof but is not in events.ndjson (the event was deleted)`);
  return events;
}

function checkManifest(files, manifest, key, events, seals) {
  for (const name of FILES) {
    const expected = manifest.files?.[name];
    const actual = sha256(Buffer.from(files[name], 'utf8')).toString('hex');
    if (!expected || expected.sha256 !== actual) fail(`${name}: its SHA-256 does not match manifest.json (the file was changed)`);
  }
  checkFilings(files, manifest);
  const { signature, ...body } = manifest;
  if (!signatureValid(MANIFEST_PREFIX, body, signature, key.publicKey)) fail('manifest.json: signature does not verify (the manifest was altered)');
  if (manifest.eventCount !== events.length) fail(`manifest.json counts ${manifest.eventCount} events, events.ndjson holds ${events.length}`);
  const last = seals[seals.length - 1];
  if (manifest.seals && (manifest.seals.firstSequence !== seals[0]?.sequence || manifest.seals.lastSequence !== last?.sequence)) fail('manifest.json: its seal range does not match seals.ndjson');
}

/** Every filing the manifest lists is there unchanged, and every filing there is listed. */
function checkFilings(files, manifest) {
  const listed = manifest.filings ?? {};
  for (const [name, expected] of Object.entries(listed)) {
    const text = files[FILING_PREFIX + name];
    if (typeof text !== 'string') fail(`${FILING_PREFIX}${name}: missing (manifest.json lists it)`);
    if (expected?.sha256 !== sha256(Buffer.from(text, 'utf8')).toString('hex')) fail(`${FILING_PREFIX}${name}: its SHA-256 does not match manifest.json (the filing was changed)`);
  }
  for (const name of Object.keys(files).filter((n) => n.startsWith(FILING_PREFIX))) {
    if (!(name.slice(FILING_PREFIX.length) in listed)) fail(`${name}: not listed in manifest.json (a filing was added)`);
  }
}

export function verifyBundle(files, pinnedKeyId = null) {
  if (files['manifest.json'] === null) fail('manifest.json is missing');
  const manifest = parseJson(files['manifest.json'], 'manifest.json');
  if (manifest?.format !== FORMAT) fail(`manifest.json: format is ${manifest?.format}, this verifier reads ${FORMAT}`);
  if (typeof manifest.period?.from !== 'string' || typeof manifest.period?.to !== 'string') fail('manifest.json: no period');
  const key = checkKey(files, manifest, pinnedKeyId);
  const seals = checkSeals(files, key);
  const chains = checkChainsFile(files);
  const proofs = checkProofsFile(files);
  const events = checkEvents(files, manifest, chains, proofs, seals);
  checkManifest(files, manifest, key, events, seals);
  return { manifest, keyId: key.keyId, seals, events };
}

/** The later bundle extends the earlier: same committee and key, overlapping seal chains that agree, no event rewritten. */
export function verifyExtension(earlier, later) {
  if (later.manifest.committeeId !== earlier.manifest.committeeId) fail('the bundles are of different committees');
  if (later.keyId !== earlier.keyId) fail(`the bundles are sealed by different keys (${earlier.keyId}, ${later.keyId})`);
  const laterSeals = new Map(later.seals.map((seal) => [seal.sequence, seal]));
  const lastEarlier = earlier.seals[earlier.seals.length - 1];
  const lastLater = later.seals[later.seals.length - 1];
  if (!lastEarlier || !lastLater || lastLater.sequence < lastEarlier.sequence) fail('the later bundle is sealed less far than the earlier one');
  if (!laterSeals.has(lastEarlier.sequence)) fail(`the later bundle's seals do not reach back to seal #${lastEarlier.sequence}, the earlier bundle's newest: export it with a period that starts earlier`);
  for (const seal of earlier.seals) {
    const again = laterSeals.get(seal.sequence);
    if (again && canonical(again) !== canonical(seal)) fail(`seal #${seal.sequence}: differs between the bundles (history was rewritten)`);
  }
  const laterEvents = new Map(later.events.map((event) => [event.position, event]));
  const laterByStream = new Map(later.events.map((event) => [`${event.streamId}\u0000${event.revision}`, event]));
  for (const event of earlier.events) {
    const again = laterEvents.get(event.position);
    const sameSlot = laterByStream.get(`${event.streamId}\u0000${event.revision}`);
    if (sameSlot && sameSlot.hash !== event.hash) fail(`${describe(event)}: the later bundle has another event in its place (history was rewritten)`);
    if (!inPeriod(event, later.manifest.period)) continue;
    if (!again) fail(`${describe(event)}: missing from the later bundle (history was rewritten)`);
    if (canonical(again) !== canonical(event)) fail(`${describe(event)}: differs in the later bundle (history was rewritten)`);
  }
}

const HELP = `usage: node verify-audit-bundle.mjs [--key-id <16 hex digits>] <bundle> [<later bundle>]

Verifies a Hustings audit bundle with Node.js alone: every event's hash and its stream's chain,
every seal's Merkle root and Ed25519 signature, the proofs of the events covered, and the
manifest. With two bundles, also that the later one extends the earlier without rewriting it.

  --key-id HEX    the seal key's id the regulator was given: refuse a bundle signed by another
  --log-format F  errors as text or json lines (LOG_FORMAT; default: text on a terminal, else json)
  -h, --help      this text

A bundle is a directory of files, or the JSON file the HTTP endpoint returns.
Exit codes: 0 everything checks, 1 a check failed (the first bad event, seal or file named),
2 the command line or the files could not be read. See docs/verify-an-audit-bundle.md.`;

/**
 * How errors are written, as the other tools do: \`--log-format text|json\`, else LOG_FORMAT, else
 * text on a terminal and JSON lines (level, time, app, msg, as the apps log) otherwise. This file
 * imports nothing but Node's own modules, so the JSON line is written here, not by pino.
 */
function logFormatOf(argv) {
  const at = argv.findIndex((arg) => arg === '--log-format' || arg.startsWith('--log-format='));
  const given = at < 0 ? undefined : argv[at].includes('=') ? argv[at].slice('--log-format='.length) : (argv[at + 1] ?? '');
  if (at >= 0) argv.splice(at, argv[at].includes('=') ? 1 : 2);
  const chosen = given ?? process.env.LOG_FORMAT;
  if (chosen !== undefined && chosen !== 'text' && chosen !== 'json') return { bad: `--log-format (or LOG_FORMAT) must be text or json, not ${JSON.stringify(chosen)}` };
  return { format: chosen ?? (process.stderr.isTTY ? 'text' : 'json') };
}

function complain(format, line) {
  const text = line.replace(/\s*\n\s*/g, ' ');
  if (format === 'json') process.stderr.write(`${JSON.stringify({ level: 'error', time: new Date().toISOString(), app: 'audit:verify', msg: text })}\n`);
  else process.stderr.write(`audit:verify: ${text}\n`);
}

function main(argv) {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const args = [...argv];
  const { format, bad } = logFormatOf(args);
  if (bad) {
    complain('text', bad);
    return 2;
  }
  let pinned = null;
  const keyFlag = args.indexOf('--key-id');
  if (keyFlag >= 0) {
    pinned = args[keyFlag + 1] ?? null;
    args.splice(keyFlag, 2);
  }
  if (args.length < 1 || args.length > 2 || (keyFlag >= 0 && !/^[0-9a-f]{16}$/.test(pinned ?? ''))) {
    complain(format, 'usage: node verify-audit-bundle.mjs [--key-id <16 hex digits>] [--log-format text|json] <bundle> [<later bundle>]');
    return 2;
  }
  let current = args[0];
  try {
    const results = [];
    for (const path of args) {
      current = path;
      results.push(verifyBundle(readBundle(path), pinned));
    }
    if (results.length === 2) {
      current = args[1];
      verifyExtension(results[0], results[1]);
    }
    for (const [index, result] of results.entries()) {
      const { manifest, seals, events, keyId } = result;
      const sealed = seals.length ? `seals #${seals[0].sequence}..#${seals[seals.length - 1].sequence} up to position ${seals[seals.length - 1].to}` : 'no seals';
      console.log(`OK ${args[index]}: committee ${manifest.committeeId}, ${events.length} events in ${new Set(events.map((e) => e.streamId)).size} streams, ${sealed}, key ${keyId}`);
    }
    if (results.length === 2) console.log(`OK ${args[1]} extends ${args[0]} without rewriting it`);
    return 0;
  } catch (error) {
    if (error instanceof Bad) {
      console.log(`FAIL ${current}: ${error.message}`);
      return 1;
    }
    complain(format, `cannot read ${current}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
