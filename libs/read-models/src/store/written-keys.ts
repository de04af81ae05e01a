/**
 * The keys a fold into tables that were empty when it began has written: a key it never wrote
 * has no row, so it need not be looked up. A Bloom filter of fixed size (1 MiB), so the memory
 * stays the same however long the ledger: it may answer "may have" for a key never written
 * (about 0.3% of keys after 400,000 written, 3% after a million), which costs only a look-up
 * in the table, and it never answers "has none" for a key written (a key is added before its
 * transaction commits, so one rolled back only makes it more generous).
 */
export class WrittenKeys {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  /** `log2Bits`: the filter's size, 2^log2Bits bits. */
  constructor(log2Bits = 23) {
    this.bits = new Uint32Array(2 ** (log2Bits - 5));
    this.mask = 2 ** log2Bits - 1;
  }

  mayHave(key: string): boolean {
    const [h1, h2] = hashes(key);
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + i * h2) & this.mask;
      if ((this.bits[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  add(key: string): void {
    const [h1, h2] = hashes(key);
    for (let i = 0; i < PROBES; i++) {
      const bit = (h1 + i * h2) & this.mask;
      this.bits[bit >>> 5] |= 1 << (bit & 31);
    }
  }
}

const PROBES = 3;

/** Two independent 32-bit hashes of the key (FNV-1a from two offsets, each finished by murmur3's mixer). */
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  // An odd step, so the probes never fall on one bit.
  return [mix(a) >>> 0, (mix(b) | 1) >>> 0];
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
