import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';

/**
 * Merkle trees over ranges of the ledger, shaped as in RFC 9162 (Certificate Transparency
 * v2, section 2.1) so that any verifier can rebuild them from the specification alone:
 * - a leaf is SHA-256(0x00 || UTF-8 of canonical JSON {"hash":<event hash>,"position":<n>}),
 *   which binds each event's content (through its hash) to its global position;
 * - an inner node is SHA-256(0x01 || left || right) over the raw 32-byte digests;
 * - for n > 1 leaves the left subtree holds the largest power of two below n.
 * The 0x00 / 0x01 prefixes keep a leaf from ever being passed off as a node and back.
 */
export interface LeafInput {
  position: number;
  hash: string;
}

export function leafHash(leaf: LeafInput): Buffer {
  const data = canonicalJson({ hash: leaf.hash, position: leaf.position });
  return createHash('sha256').update(Buffer.from([0])).update(data, 'utf8').digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
}

/**
 * Levels of the tree, leaves first. Pairing neighbours level by level and carrying a lone
 * last node up unchanged builds exactly the RFC 9162 tree.
 */
function levelsOf(leaves: readonly Buffer[]): Buffer[][] {
  if (leaves.length === 0) throw new RangeError('a Merkle tree needs at least one leaf');
  const levels: Buffer[][] = [[...leaves]];
  while (levels[levels.length - 1].length > 1) {
    const below = levels[levels.length - 1];
    const above: Buffer[] = [];
    for (let i = 0; i < below.length; i += 2) above.push(i + 1 < below.length ? nodeHash(below[i], below[i + 1]) : below[i]);
    levels.push(above);
  }
  return levels;
}

export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  const levels = levelsOf(leaves);
  return levels[levels.length - 1][0];
}

/** A tree that answers inclusion proofs for many leaves without rebuilding itself. */
export class MerkleTree {
  private readonly levels: Buffer[][];

  constructor(leaves: readonly Buffer[]) {
    this.levels = levelsOf(leaves);
  }

  get size(): number {
    return this.levels[0].length;
  }

  get root(): Buffer {
    return this.levels[this.levels.length - 1][0];
  }

  /** The RFC 9162 inclusion path of leaf `index`, from the leaf's sibling upwards. */
  inclusionPath(index: number): Buffer[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new RangeError(`no leaf ${index}`);
    const path: Buffer[] = [];
    let at = index;
    for (let level = 0; level < this.levels.length - 1; level++) {
      const sibling = at ^ 1;
      if (sibling < this.levels[level].length) path.push(this.levels[level][sibling]);
      at >>= 1;
    }
    return path;
  }
}

/** RFC 9162 section 2.1.3.2: does `path` lead from this leaf at `index` of `size` to `root`? */
export function verifyInclusion(leaf: Buffer, index: number, size: number, path: readonly Buffer[], root: Buffer): boolean {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
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
  return sn === 0 && r.equals(root);
}
