import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { isStalePlan, StatementNames } from './prepared-statements.js';

/** What EmbeddedDatabase needs of PGlite, in this thread or in a worker thread. */
export interface PgliteEngine {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The worker's whole program. It is evaluated as a CommonJS script (`eval: true`), so the same
 * code runs from the compiled build and from the TypeScript the tests load, and it requires
 * PGlite by the absolute path the parent resolved. Statements arrive one at a time (the parent's
 * EmbeddedDatabase queues them) and run one after another; each answer carries the id it answers.
 *
 * A statement the parent sends with a `name` runs as a named (prepared) statement: parsed,
 * analysed and described once per session, then each call is one bind, describe, execute and
 * sync handed to PostgreSQL at once (still planned per call, as on the PostgreSQL connections).
 * PGlite's own `query` parses, analyses and describes the text every time and hands PostgreSQL
 * each protocol message separately (six calls into the WASM backend a statement). Parameters are
 * serialised by the types PostgreSQL described, and each value of the answer is parsed by
 * PGlite's own per-type parsers, as its `query` does, so both answer alike; the answer's messages
 * are read where PostgreSQL wrote them (protocolResult).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite, parse, protocol } = require(workerData.pglitePath);
const { serialize } = protocol;
const errorFields = (error) => {
  const fields = { name: error && error.name, message: String(error && error.message !== undefined ? error.message : error) };
  if (error && typeof error === 'object') {
    for (const key of Object.keys(error)) {
      const value = error[key];
      if (value === undefined || value === null || typeof value === 'object' || typeof value === 'function') continue;
      fields[key] = value;
    }
  }
  return fields;
};
const pglite = new PGlite(workerData.location);
/** Named statements prepared in this session: name -> the parameter types PostgreSQL described. */
const prepared = new Map();
const protocolRun = async (messages) => (await pglite.execProtocol(Buffer.concat(messages))).messages;
/** ErrorResponse field codes, as PGlite's (and pg's) DatabaseError names them. */
const ERROR_FIELDS = { S: 'severity', C: 'code', D: 'detail', H: 'hint', P: 'position', p: 'internalPosition', q: 'internalQuery', W: 'where', s: 'schema', t: 'table', c: 'column', d: 'dataType', n: 'constraint', F: 'file', L: 'line', R: 'routine' };
/**
 * Runs one bind-to-sync exchange and reads its answer straight from the bytes PostgreSQL wrote:
 * one statement's rows, its affected rows, or its error. PGlite's own reader copies every field
 * of every row into a buffer of its own before decoding it (an eighth of the ledger worker's
 * time on rows of events); here each field is decoded where it lies. Values go through the
 * same per-type parsers as PGlite's query, so both answer alike.
 */
const protocolResult = async (message) => {
  const chunks = [];
  await pglite.execProtocolRawStream(message, { onRawData: (chunk) => chunks.push(Buffer.from(chunk)) });
  const data = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  const parsers = pglite.parsers;
  const rows = [];
  let fields = [];
  let affectedRows = 0;
  let failure = null;
  const cstring = (at) => {
    const end = data.indexOf(0, at);
    return [data.toString('utf8', at, end), end + 1];
  };
  for (let at = 0; at + 5 <= data.length; ) {
    const kind = data[at];
    const end = at + 1 + data.readInt32BE(at + 1);
    let i = at + 5;
    if (kind === 0x44) {
      // DataRow: a count, then each value's length (-1: NULL) and its bytes.
      const count = data.readInt16BE(i);
      i += 2;
      const row = {};
      for (let f = 0; f < count; f++) {
        const length = data.readInt32BE(i);
        i += 4;
        const field = fields[f];
        if (length < 0) row[field.name] = null;
        else {
          const text = data.toString('utf8', i, i + length);
          i += length;
          row[field.name] = field.parser ? field.parser(text, field.type) : text;
        }
      }
      rows.push(row);
    } else if (kind === 0x54) {
      // RowDescription: each column's name and type.
      const count = data.readInt16BE(i);
      i += 2;
      fields = [];
      for (let f = 0; f < count; f++) {
        const [name, next] = cstring(i);
        const type = data.readInt32BE(next + 6);
        fields.push({ name, type, parser: parsers[type] });
        i = next + 18;
      }
    } else if (kind === 0x43) {
      // CommandComplete: INSERT 0 n, UPDATE n, DELETE n, ... count as affected rows.
      const [tag] = cstring(i);
      const words = tag.split(' ');
      const count = Number.parseInt(words[words.length - 1], 10);
      if (['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(words[0]) && !Number.isNaN(count)) affectedRows += count;
    } else if (kind === 0x45 && failure === null) {
      const said = {};
      while (i < end && data[i] !== 0) {
        const code = String.fromCharCode(data[i]);
        const [value, next] = cstring(i + 1);
        said[code] = value;
        i = next;
      }
      failure = new Error(said.M);
      failure.name = 'error';
      for (const [code, key] of Object.entries(ERROR_FIELDS)) failure[key] = said[code];
    }
    at = end;
  }
  if (failure) throw failure;
  return { rows, affectedRows };
};
/** text[] and varchar[] (the parameter types PostgreSQL describes) -> their element types. */
const TEXT_ARRAY_ELEMENT = { 1009: 25, 1015: 1043 };
/** An element as PGlite's own serializer for these types writes it. */
const elementText = (value) => (value instanceof Date ? value.toISOString() : value.toString());
/**
 * A one-dimensional array of text in PostgreSQL's binary form (dimensions, then each element's
 * length and its UTF-8 bytes), or null for anything else (a nested array, a literal), which
 * PGlite's serializer then writes. The text form quotes and escapes every element, which PGlite
 * does with two regular expressions and a count of bytes in JavaScript, character by character,
 * and which PostgreSQL then parses back character by character: on a batch of events (their
 * payloads, metadata, hashes) both cost more than the rows' insert. In binary form each element
 * is copied as it is, and PostgreSQL still checks that its bytes are valid UTF-8 with no NUL.
 */
const binaryTextArray = (values, elementType) => {
  if (!Array.isArray(values)) return null;
  const texts = new Array(values.length);
  let size = 20;
  let hasNull = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      texts[i] = null;
      hasNull = 1;
      size += 4;
    } else if (Array.isArray(value)) {
      return null;
    } else {
      texts[i] = elementText(value);
      size += 4 + Buffer.byteLength(texts[i], 'utf8');
    }
  }
  if (values.length === 0) {
    // No dimensions: the empty array.
    const empty = Buffer.alloc(12);
    empty.writeInt32BE(elementType, 8);
    return empty;
  }
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0);
  out.writeInt32BE(hasNull, 4);
  out.writeInt32BE(elementType, 8);
  out.writeInt32BE(values.length, 12);
  out.writeInt32BE(1, 16);
  let at = 20;
  for (const text of texts) {
    if (text === null) {
      out.writeInt32BE(-1, at);
      at += 4;
    } else {
      const length = out.write(text, at + 4, 'utf8');
      out.writeInt32BE(length, at);
      at += 4 + length;
    }
  }
  return out;
};
/**
 * Runs a statement through the extended protocol: a named one is parsed and described once per
 * session, the unnamed one ('') every call (it lives only until the next statement).
 */
const runNamed = async (name, text, params) => {
  let types = name === '' ? undefined : prepared.get(name);
  if (types === undefined) {
    types = parse.parseDescribeStatementResults(await protocolRun([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]));
    if (name !== '') prepared.set(name, types);
  }
  const values = params.map((value, i) => {
    if (value === null || value === undefined) return null;
    const elementType = TEXT_ARRAY_ELEMENT[types[i]];
    const binary = elementType === undefined ? null : binaryTextArray(value, elementType);
    if (binary !== null) return binary;
    const serializer = pglite.serializers[types[i]];
    return serializer ? serializer(value) : value.toString();
  });
  try {
    return await protocolResult(Buffer.concat([serialize.bind({ statement: name, values }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]));
  } catch (error) {
    // Gone from the session (DEALLOCATE, DISCARD): prepared again on the next call.
    if (error && error.code === '26000') prepared.delete(name);
    if (error && typeof error === 'object') error.query = text;
    throw error;
  }
};
const run = async (m) => {
  if (m.op === 'query') {
    // Every statement with parameters goes through the extended protocol: a named one parsed once
    // per session, one sent once as the unnamed statement. Either way its text arrays travel in
    // binary form (a batch of snapshots, of events would otherwise be quoted, escaped and parsed
    // character by character). Only a statement without parameters (which may be several) goes
    // through PGlite's own query.
    const withParams = Array.isArray(m.params) && m.params.length > 0;
    const r = m.name || withParams ? await runNamed(m.name || '', m.sql, m.params ?? []) : await pglite.query(m.sql, m.params);
    return { rows: r.rows, affectedRows: r.affectedRows };
  }
  if (m.op === 'exec') await pglite.exec(m.sql);
  else if (m.op === 'close') await pglite.close();
  return undefined;
};
// Each call of a named statement is planned with its own parameters, as on the PostgreSQL
// connections (prepared-statements.ts): a generic plan made while a table is small would keep
// scanning every row as it grows.
let queue = pglite.waitReady.then(() => pglite.exec('SET plan_cache_mode = force_custom_plan')).then(
  () => parentPort.postMessage({ id: 0, ok: true }),
  (error) => parentPort.postMessage({ id: 0, ok: false, error: errorFields(error) }),
);
parentPort.on('message', (m) => {
  queue = queue.then(() => run(m)).then(
    (value) => parentPort.postMessage({ id: m.id, ok: true, value }),
    (error) => parentPort.postMessage({ id: m.id, ok: false, error: errorFields(error) }),
  );
});
`;

interface Answer {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: Record<string, unknown> & { message: string };
}

/** Rebuilds a thrown error on this side, keeping what callers read (code, detail, constraint...). */
function rebuild(fields: Record<string, unknown> & { message: string }): Error {
  const error = new Error(fields.message);
  for (const [key, value] of Object.entries(fields)) {
    if (key !== 'message') Object.defineProperty(error, key, { value, enumerable: key !== 'name', writable: true, configurable: true });
  }
  return error;
}

/**
 * PGlite in a worker thread of its own. PGlite executes each statement synchronously in the
 * thread that owns it, so in the platform's thread every statement stopped HTTP, Kafka-less
 * delivery and the deciders for its whole duration. In a worker, PostgreSQL's work runs on the
 * second core while this thread parses requests and decides; each embedded database (the ledger,
 * the read models) has its own worker, so the two also run beside each other.
 */
export class PgliteWorker implements PgliteEngine {
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private failure: Error | null = null;
  /** Which texts this session runs as named statements (the same policy as a PostgreSQL connection's). */
  private readonly names = new StatementNames();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (answer: Answer) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      if (answer.ok) waiting.resolve(answer.value);
      else waiting.reject(rebuild(answer.error ?? { message: 'PGlite worker failed' }));
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiting of this.pending.values()) waiting.reject(this.failure);
      this.pending.clear();
    };
    worker.on('error', (error) => fail(new Error(`the embedded database's worker failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new Error(`the embedded database's worker exited (code ${code})`)));
  }

  static async start(location: string): Promise<PgliteWorker> {
    const pglitePath = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { location, pglitePath } });
    const host = new PgliteWorker(worker);
    try {
      await new Promise<void>((resolve, reject) => host.pending.set(0, { resolve: () => resolve(), reject }));
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return host;
  }

  private call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    // The worker keeps the process alive only while a statement is out: an idle embedded
    // database never holds up an exit, and an awaited statement is never cut short by one.
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[]; affectedRows?: number }> {
    const name = Array.isArray(params) ? this.names.nameFor(sql) : null;
    const answer = this.call<{ rows: R[]; affectedRows?: number }>({ op: 'query', sql, params, name });
    if (name === null) return answer;
    return answer.catch((error: unknown) => {
      if (isStalePlan(error)) this.names.forget(sql);
      throw error;
    });
  }

  exec(sql: string): Promise<unknown> {
    return this.call({ op: 'exec', sql });
  }

  async close(): Promise<void> {
    if (!this.failure) await this.call({ op: 'close' });
    this.failure ??= new Error('embedded database is closed');
    await this.worker.terminate();
  }
}
