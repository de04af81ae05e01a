/** One server-sent event: its name (`message` when none is given) and its data lines joined. */
export interface ServerEvent {
  event: string;
  data: string;
}

/**
 * Reads text/event-stream text as it arrives in chunks of any size: whole events come out,
 * the unfinished tail waits for the next chunk, and comment lines (heartbeats) are dropped.
 */
export class SseParser {
  private buffer = '';

  push(chunk: string): ServerEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const blocks = this.buffer.split('\n\n');
    this.buffer = blocks.pop() ?? '';
    return blocks.flatMap((block) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      return data.length === 0 ? [] : [{ event, data: data.join('\n') }];
    });
  }
}
