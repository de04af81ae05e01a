import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { BundleFiles } from './bundle.js';

/**
 * Where a bundle is written as it is produced, one file after another: the files of a bundle
 * are never all in memory at once, and the events never are.
 */
export interface BundleSink {
  /** Starts the next file; what follows in `write` is its content until the next `begin` or `finish`. */
  begin(name: string): Promise<void>;
  write(text: string): Promise<void>;
  finish(): Promise<void>;
}

/** The whole bundle in memory, as `{name: content}`: for tests and small exports. */
export function memorySink(): BundleSink & { files: BundleFiles } {
  const files: BundleFiles = {};
  let current: string | null = null;
  return {
    files,
    async begin(name) {
      current = name;
      files[name] = '';
    },
    async write(text) {
      if (current === null) throw new Error('a bundle file must be begun before it is written');
      files[current] += text;
    },
    async finish() {
      current = null;
    },
  };
}

const readerGone = (): Error => new Error('the reader went away before the bundle was complete');

/** Writes to a stream and waits while it is full, so a slow reader slows the export rather than filling memory. */
async function put(out: Writable, text: string): Promise<void> {
  if (out.destroyed || out.writableEnded) throw readerGone();
  if (out.write(text)) return;
  // Every listener is removed whichever event comes first: a long export waits many times.
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error): void => {
      out.off('drain', onDrain).off('close', onClose).off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => settle();
    const onClose = (): void => settle(readerGone());
    const onError = (error: Error): void => settle(error);
    out.on('drain', onDrain).on('close', onClose).on('error', onError);
  });
}

/**
 * The bundle as the one JSON document the verifier reads as it is, `{"files": {name: content}}`,
 * written as it is produced: each file is a JSON string whose pieces are escaped one by one.
 * Pieces are whole lines or whole files, so no piece splits a character.
 */
export function jsonSink(out: Writable): BundleSink {
  let files = 0;
  let open = false;
  return {
    async begin(name) {
      await put(out, `${open ? '"' : ''}${files++ === 0 ? '{"files":{' : ','}${JSON.stringify(name)}:"`);
      open = true;
    },
    async write(text) {
      await put(out, JSON.stringify(text).slice(1, -1));
    },
    async finish() {
      await put(out, `${open ? '"' : files === 0 ? '{"files":{' : ''}}}\n`);
      out.end();
    },
  };
}

/** The bundle as a directory of files (the directory exists and is empty), each written as it is produced. */
export function directorySink(dir: string): BundleSink {
  let current: FileHandle | null = null;
  const close = async () => {
    await current?.close();
    current = null;
  };
  return {
    async begin(name) {
      await close();
      current = await open(join(dir, name), 'wx');
    },
    async write(text) {
      if (current === null) throw new Error('a bundle file must be begun before it is written');
      await current.write(text);
    },
    finish: close,
  };
}
