import { Writable } from 'node:stream';
import { UsageError, type CliIo } from './cli-args.js';
import { cliLogFormat, cliMain } from './cli-main.js';

/** A stream that keeps what is written, and says whether it is a terminal. */
function sink(isTTY = false): Writable & { isTTY: boolean; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { isTTY: boolean; text(): string };
  stream.isTTY = isTTY;
  stream.text = () => chunks.join('');
  return stream;
}

/** A tool that reports a failure of two lines, a progress line, and a result. */
const tool = async (args: string[], _env: Record<string, string | undefined>, io: CliIo): Promise<number> => {
  io.progress?.('halfway');
  if (args.includes('--fail')) {
    io.err('bad input:\nsecond line');
    return 2;
  }
  io.out(`result ${args.join(' ')}`);
  return 0;
};

async function run(argv: string[], options: { tty?: boolean; env?: Record<string, string> } = {}) {
  const stdout = sink();
  const stderr = sink(options.tty ?? false);
  const code = await cliMain('demo', tool, { argv, env: options.env ?? {}, streams: { stdout, stderr }, progress: true });
  return { code, out: stdout.text(), err: stderr.text() };
}

describe('cliLogFormat', () => {
  it('given nothing, then text on a terminal and JSON otherwise', () => {
    expect(cliLogFormat(['a'], {}, true)).toEqual({ format: 'text', args: ['a'] });
    expect(cliLogFormat(['a'], {}, false)).toEqual({ format: 'json', args: ['a'] });
  });

  it('given --log-format (either spelling) or LOG_FORMAT, then that, the option taken off the line, the option before the variable', () => {
    expect(cliLogFormat(['a', '--log-format', 'json', 'b'], {}, true)).toEqual({ format: 'json', args: ['a', 'b'] });
    expect(cliLogFormat(['--log-format=text'], { LOG_FORMAT: 'json' }, false)).toEqual({ format: 'text', args: [] });
    expect(cliLogFormat([], { LOG_FORMAT: 'json' }, true)).toEqual({ format: 'json', args: [] });
  });

  it.each([[['--log-format', 'yaml']], [['--log-format']], [['--log-format=json', '--log-format=text']]])('given %j, then a usage error', (args) => {
    expect(() => cliLogFormat(args, {}, true)).toThrow(UsageError);
  });

  it('given LOG_FORMAT of another value, then a usage error naming the variable', () => {
    expect(() => cliLogFormat([], { LOG_FORMAT: 'pretty' }, true)).toThrow(/LOG_FORMAT must be text or json/);
  });
});

describe('cliMain', () => {
  it('on a terminal, writes an error as one line named by the tool, the result alone on stdout', async () => {
    expect(await run(['--fail'], { tty: true })).toEqual({ code: 2, out: '', err: 'demo: halfway\ndemo: bad input: second line\n' });
    expect(await run(['x'], { tty: true })).toEqual({ code: 0, out: 'result x\n', err: 'demo: halfway\n' });
  });

  it('off a terminal, writes each diagnostic as one JSON line of the apps\' logger: level, time, app, msg', async () => {
    const { code, out, err } = await run(['--fail']);
    const lines = err.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(lines).toEqual([
      { level: 'info', time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), app: 'demo', msg: 'halfway' },
      { level: 'error', time: expect.any(String), app: 'demo', msg: 'bad input: second line' },
    ]);
  });

  it('given a bad --log-format, exits 2 with one line and runs nothing', async () => {
    expect(await run(['--log-format', 'xml', 'x'])).toEqual({ code: 2, out: '', err: 'demo: --log-format must be text or json, not "xml"\n' });
  });

  it('given a tool that throws, answers one line and exit 1, never a stack trace', async () => {
    const stderr = sink(true);
    const code = await cliMain('demo', () => Promise.reject(new Error('boom\n    at somewhere')), { argv: [], env: {}, streams: { stdout: sink(), stderr } });
    expect({ code, err: stderr.text() }).toEqual({ code: 1, err: 'demo failed: boom at somewhere\n' });
  });
});
