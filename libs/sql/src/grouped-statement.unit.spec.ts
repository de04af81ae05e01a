import { GroupedStatement } from './grouped-statement.js';

describe('GroupedStatement: group commit for one kind of statement', () => {
  it('given a run in flight, when items arrive, then they wait and go together in the next run, each answered in order', async () => {
    const runs: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const grouped = new GroupedStatement<number, number>(async (items) => {
      runs.push([...items]);
      if (runs.length === 1) await gate;
      return items.map((item) => item * 10);
    });
    const first = grouped.submit(1);
    const rest = [2, 3, 4].map((n) => grouped.submit(n));
    release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('given a run that fails, then each of its items fails with its error, and the next run still goes', async () => {
    let calls = 0;
    const grouped = new GroupedStatement<string, string>(async (items) => {
      calls += 1;
      if (calls === 1) throw new Error('connection reset');
      return items.map((item) => item.toUpperCase());
    });
    await expect(grouped.submit('a')).rejects.toThrow('connection reset');
    expect(await grouped.submit('b')).toBe('B');
  });

  it('given more items than a run may carry, then they go in runs of at most that many', async () => {
    const sizes: number[] = [];
    const grouped = new GroupedStatement<number, number>(
      async (items) => {
        sizes.push(items.length);
        return [...items];
      },
      { maxItems: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((n) => grouped.submit(n)));
    expect(sizes).toEqual([1, 2, 2]);
  });

  it('given a run that answers the wrong number of results, then its items are refused rather than answered wrongly', async () => {
    const grouped = new GroupedStatement<number, number>(async (items) => (items.length > 1 ? [1] : [...items]));
    const answers = await Promise.allSettled([grouped.submit(1), grouped.submit(2), grouped.submit(3)]);
    expect(answers[0]).toEqual({ status: 'fulfilled', value: 1 });
    expect(answers.slice(1).map((a) => a.status)).toEqual(['rejected', 'rejected']);
  });
});
