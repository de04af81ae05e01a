import { PendingOffsets } from './pending-offsets.js';

const DONATIONS = 'hustings.donations.v1';
const COMPLIANCE = 'hustings.compliance.v1';

describe('PendingOffsets: a consumer commits what it settled, every partition at once, at most once an interval', () => {
  it('given nothing settled, when asked, then nothing is due and nothing is taken', () => {
    const offsets = new PendingOffsets(1_000, 0);
    expect(offsets.dueIn(5_000)).toBeNull();
    expect(offsets.take(5_000)).toBeNull();
  });

  it('given offsets settled on two topics and three partitions, when taken, then one commit holds each partition once, at the offset after its last settled', () => {
    const offsets = new PendingOffsets(1_000, 0);
    offsets.settle(DONATIONS, 0, '4');
    offsets.settle(DONATIONS, 0, '5');
    offsets.settle(DONATIONS, 3, '0');
    offsets.settle(COMPLIANCE, 0, '41');
    expect(offsets.take(1_000)).toEqual({
      topics: [
        { topic: DONATIONS, partitions: [{ partition: 0, offset: '6' }, { partition: 3, offset: '1' }] },
        { topic: COMPLIANCE, partitions: [{ partition: 0, offset: '42' }] },
      ],
    });
    expect(offsets.size).toBe(0);
  });

  it('given an offset settled after a later one of the same partition, when taken, then the partition is never moved back', () => {
    const offsets = new PendingOffsets(0, 0);
    offsets.settle(DONATIONS, 1, '9');
    offsets.settle(DONATIONS, 1, '7');
    expect(offsets.take(0)?.topics[0].partitions).toEqual([{ partition: 1, offset: '10' }]);
  });

  it('given offsets beyond 2^53, when taken, then they are exact', () => {
    const offsets = new PendingOffsets(0, 0);
    offsets.settle(DONATIONS, 0, '9007199254740993');
    expect(offsets.take(0)?.topics[0].partitions[0].offset).toBe('9007199254740994');
  });

  it('given a one-second interval and a commit at t=1000, when settled again, then it is due 1000 ms after that commit and not a millisecond before', () => {
    const offsets = new PendingOffsets(1_000, 0);
    offsets.settle(DONATIONS, 0, '1');
    expect(offsets.dueIn(999)).toBe(1);
    expect(offsets.dueIn(1_000)).toBe(0);
    offsets.take(1_000);
    offsets.settle(DONATIONS, 0, '2');
    expect(offsets.dueIn(1_500)).toBe(500);
    expect(offsets.dueIn(1_999)).toBe(1);
    expect(offsets.dueIn(2_000)).toBe(0);
  });

  it('given an interval of 0, when anything is settled, then it is due at once (a commit after every batch)', () => {
    const offsets = new PendingOffsets(0, 10);
    offsets.settle(DONATIONS, 0, '1');
    expect(offsets.dueIn(10)).toBe(0);
  });

  it('given a commit that failed, when put back, then its offsets wait again, except where the partition settled further meanwhile', () => {
    const offsets = new PendingOffsets(1_000, 0);
    offsets.settle(DONATIONS, 0, '5');
    offsets.settle(DONATIONS, 1, '8');
    const failed = offsets.take(1_000)!;
    offsets.settle(DONATIONS, 1, '12');
    offsets.putBack(failed);
    expect(offsets.take(2_000)?.topics[0].partitions).toEqual(
      expect.arrayContaining([
        { partition: 0, offset: '6' },
        { partition: 1, offset: '13' },
      ]),
    );
  });

  it('given a rebalance, when cleared, then nothing of the old assignment is committed', () => {
    const offsets = new PendingOffsets(1_000, 0);
    offsets.settle(DONATIONS, 0, '5');
    offsets.clear();
    expect(offsets.take(5_000)).toBeNull();
  });
});
