import { StatementNames } from './prepared-statements.js';

describe('StatementNames', () => {
  it('given a text sent fewer times than the threshold, when named, then it stays unnamed', () => {
    const names = new StatementNames(10, 3);
    expect(names.nameFor('SELECT $1')).toBeNull();
    expect(names.nameFor('SELECT $1')).toBeNull();
  });

  it('given a text sent as often as the threshold, when named, then it gets a name it keeps, and another text another name', () => {
    const names = new StatementNames(10, 3);
    names.nameFor('SELECT $1');
    names.nameFor('SELECT $1');
    const name = names.nameFor('SELECT $1');
    expect(name).toMatch(/^h[0-9a-f]{24}$/);
    expect(names.nameFor('SELECT $1')).toBe(name);
    for (let i = 0; i < 3; i++) names.nameFor('SELECT $2');
    expect(names.nameFor('SELECT $2')).not.toBe(name);
  });

  it('given the same text in two processes, when named, then both use the same name (the name is the text\'s hash)', () => {
    const a = new StatementNames(10, 1);
    const b = new StatementNames(10, 1);
    expect(a.nameFor('SELECT $1::int')).toBe(b.nameFor('SELECT $1::int'));
  });

  it('given the most texts it names already named, when another text turns hot, then it stays unnamed and the named ones keep their names', () => {
    const names = new StatementNames(2, 1);
    const first = names.nameFor('a');
    const second = names.nameFor('b');
    expect(names.nameFor('c')).toBeNull();
    expect(names.nameFor('c')).toBeNull();
    expect([names.nameFor('a'), names.nameFor('b')]).toEqual([first, second]);
  });

  it('given a named text forgotten (its plan went stale), when named again, then it is prepared under a new name', () => {
    const names = new StatementNames(10, 1);
    const before = names.nameFor('SELECT * FROM t WHERE id = $1');
    names.forget('SELECT * FROM t WHERE id = $1');
    const after = names.nameFor('SELECT * FROM t WHERE id = $1');
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    names.forget('SELECT * FROM t WHERE id = $1');
    expect(names.nameFor('SELECT * FROM t WHERE id = $1')).not.toBe(after);
  });

  it('given many texts sent once, when the count is full, then counting starts over and a text must be seen anew', () => {
    const names = new StatementNames(10, 2, 3);
    names.nameFor('x');
    names.nameFor('y');
    names.nameFor('z');
    names.nameFor('w'); // counting was full: forgotten together, w counted once
    expect(names.nameFor('x')).toBeNull();
    expect(names.nameFor('w')).not.toBeNull();
  });

  it('given a text forgotten that was never named, when forgotten, then nothing changes', () => {
    const names = new StatementNames(10, 1);
    names.forget('never');
    expect(names.nameFor('never')).toMatch(/^h[0-9a-f]{24}$/);
  });
});
