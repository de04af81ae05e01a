import { parseMinor } from '#contracts';

/**
 * Strings written once in a snapshot, and referred to by their index: a long stream's state
 * repeats the same ids, kinds, amounts and rule names entry after entry, which JSON would write
 * out (and JSON.parse make a string of) each time.
 */
export interface StringTableWriter {
  /** The table, in order of first use. */
  readonly strings: string[];
  /** The index of `text` in the table, added when new. */
  ref(text: string): number;
}

export function stringTableWriter(): StringTableWriter {
  const strings: string[] = [];
  const indexes = new Map<string, number>();
  return {
    strings,
    ref: (text) => {
      let index = indexes.get(text);
      if (index === undefined) {
        index = strings.push(text) - 1;
        indexes.set(text, index);
      }
      return index;
    },
  };
}

/** Reads a table back: each index checked, each amount parsed once; anything else is `refused`. */
export interface StringTableReader {
  text(index: unknown): string;
  /** The integer amount (minor units) at `index`, one bigint for each index. */
  minor(index: unknown): bigint;
}

export function stringTableReader(strings: unknown, refused: (why: string) => never): StringTableReader {
  if (!Array.isArray(strings) || !strings.every((s) => typeof s === 'string')) refused('its strings are not a list of strings');
  const table = strings as string[];
  const text = (index: unknown): string => (typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < table.length ? table[index] : refused(`index ${String(index)}`));
  const amounts = new Map<number, bigint>();
  const minor = (index: unknown): bigint => {
    let value = amounts.get(index as number);
    if (value === undefined) {
      const digits = text(index);
      try {
        value = parseMinor(digits);
      } catch {
        return refused(`amount ${digits}`);
      }
      amounts.set(index as number, value);
    }
    return value;
  };
  return { text, minor };
}
