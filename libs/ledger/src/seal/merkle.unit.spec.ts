import { createHash, generateKeyPairSync } from 'node:crypto';
import { leafHash, MerkleTree, merkleRoot, nodeHash, verifyInclusion } from './merkle.js';
import { nextSeal, sealHash, sealingKeyFrom, sealSignatureValid } from './seal.js';

/** RFC 9162's MTH written as the RFC states it, to hold the level-by-level tree against. */
function rfcRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(rfcRoot(leaves.slice(0, k)), rfcRoot(leaves.slice(k)));
}

const leaves = (n: number): Buffer[] =>
  Array.from({ length: n }, (_, i) => leafHash({ position: i + 1, hash: createHash('sha256').update(String(i)).digest('hex') }));

describe('Merkle tree of a sealed range', () => {
  it('has the RFC 9162 root and proves every leaf, for sizes 1 to 33', () => {
    for (let size = 1; size <= 33; size++) {
      const tree = new MerkleTree(leaves(size));
      expect(tree.root.equals(rfcRoot(leaves(size)))).toBe(true);
      for (let index = 0; index < size; index++) {
        expect(verifyInclusion(leaves(size)[index], index, size, tree.inclusionPath(index), tree.root)).toBe(true);
      }
    }
  });

  it('refuses a proof for another leaf, another index, another size or a changed path', () => {
    const all = leaves(11);
    const tree = new MerkleTree(all);
    const path = tree.inclusionPath(5);
    expect(verifyInclusion(all[6], 5, 11, path, tree.root)).toBe(false);
    expect(verifyInclusion(all[5], 4, 11, path, tree.root)).toBe(false);
    expect(verifyInclusion(all[5], 5, 7, path, tree.root)).toBe(false);
    expect(verifyInclusion(all[5], 5, 11, [...path.slice(0, -1), all[0]], tree.root)).toBe(false);
    expect(verifyInclusion(all[5], 11, 11, path, tree.root)).toBe(false);
  });

  it('separates leaves from nodes: two leaves hashed together are not a leaf', () => {
    const [a, b] = leaves(2);
    expect(merkleRoot([a, b]).equals(nodeHash(a, b))).toBe(true);
    expect(leafHash({ position: 1, hash: 'x' }).equals(leafHash({ position: 2, hash: 'x' }))).toBe(false);
  });
});

describe('seals', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const key = sealingKeyFrom(privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'));
  const at = '2026-03-01T00:00:00.000Z';
  const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ position: from + i, hash: `h${from + i}` }));

  it('chain to the previous seal and verify with the public key only', () => {
    const first = nextSeal(null, range(1, 3), at, key);
    const second = nextSeal(first, range(4, 2), at, key);
    expect(first).toMatchObject({ sequence: 0, after: null, from: 1, to: 3, leafCount: 3, previousSealHash: '' });
    expect(second).toMatchObject({ sequence: 1, after: 3, from: 4, to: 5, previousSealHash: sealHash(first) });
    expect(sealSignatureValid(second, key.publicKeyPem)).toBe(true);
    expect(sealSignatureValid({ ...second, to: 6 }, key.publicKeyPem)).toBe(false);
  });

  it('refuse empty, unordered or overlapping ranges, and keys that are not Ed25519', () => {
    const first = nextSeal(null, range(1, 3), at, key);
    expect(() => nextSeal(first, [], at, key)).toThrow('nothing to seal');
    expect(() => nextSeal(first, range(3, 2), at, key)).toThrow('overlap');
    expect(() => nextSeal(null, [...range(5, 1), ...range(4, 1)], at, key)).toThrow('increasing');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => sealingKeyFrom(rsa)).toThrow('Ed25519');
  });
});
