import { parseFlags, UsageError } from './cli-flags.js';

describe('parseFlags', () => {
  it('given known flags with values and a switch, then reads each', () => {
    expect(parseFlags(['--campaign', 'spring', '--keep'], ['campaign'], ['keep'])).toEqual(new Map([['campaign', 'spring'], ['keep', 'true']]));
  });

  it.each([
    ['an unknown flag', ['--campain', 'spring'], 'unknown argument --campain'],
    ['a bare word', ['spring'], 'unknown argument spring'],
    ['a flag without its value', ['--campaign'], '--campaign needs a value'],
    ['a flag followed by another flag', ['--campaign', '--keep'], '--campaign needs a value'],
    ['a flag twice', ['--campaign', 'a', '--campaign', 'b'], '--campaign given twice'],
  ])('given %s, then a usage error naming it', (_what, args, message) => {
    expect(() => parseFlags(args, ['campaign'], ['keep'])).toThrow(new UsageError(message));
  });
});
