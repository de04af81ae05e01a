import { SseParser } from './sse';

describe('SseParser', () => {
  it('given a whole event, when pushed, then it comes out named, with its data', () =>
    expect(new SseParser().push('event: dashboard\ndata: {"n":1}\n\n')).toEqual([{ event: 'dashboard', data: '{"n":1}' }]));

  it('given an event split across chunks, when the first part arrives, then nothing comes out until the rest does', () => {
    const parser = new SseParser();
    expect(parser.push('event: dashboard\ndata: {"n"')).toEqual([]);
    expect(parser.push(':2}\n\nevent: dash')).toEqual([{ event: 'dashboard', data: '{"n":2}' }]);
  });

  it('given heartbeat comments and CRLF line ends, when pushed, then only events come out', () =>
    expect(new SseParser().push(': heartbeat\r\n\r\ndata: a\r\ndata: b\r\n\r\n')).toEqual([{ event: 'message', data: 'a\nb' }]));
});
