/** Follows a Server-Sent Events endpoint of the local API in a test. */
import http from 'node:http';

/** One SSE message: its `event:` name (default "message"), `id:` and parsed `data:`. */
export interface SseMessage {
  readonly event: string;
  readonly id: string | undefined;
  readonly data: unknown;
}

/** An open SSE request. */
export interface SseFollower {
  /** Every message received so far, in order. */
  readonly messages: SseMessage[];
  /** True once the response headers arrived. */
  connected(): boolean;
  /** Stops reading from the socket (a client that stalls) until `resume()`. */
  pause(): void;
  resume(): void;
  /** True once the server ended the stream. */
  ended(): boolean;
  close(): void;
}

/** GETs `path` on 127.0.0.1:`port` and collects its messages as they arrive. */
export function followSse(port: number, path: string, headers: Readonly<Record<string, string>>, options: { paused?: boolean } = {}): SseFollower {
  const messages: SseMessage[] = [];
  let response: http.IncomingMessage | undefined;
  let ended = false;
  const req = http.get({ host: '127.0.0.1', port, path, headers }, (res) => {
    response = res;
    if (options.paused) res.pause();
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk;
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop()!;
      for (const block of blocks) messages.push(parseBlock(block));
    });
    res.on('end', () => (ended = true));
  });
  req.on('error', () => {}); // close() destroys the request on purpose
  return {
    messages,
    connected: () => response !== undefined,
    pause: () => response?.pause(),
    resume: () => response?.resume(),
    ended: () => ended,
    close: () => req.destroy(),
  };
}

function parseBlock(block: string): SseMessage {
  const field = (name: string): string | undefined => block.split('\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);
  const data = field('data');
  return { event: field('event') ?? 'message', id: field('id'), data: data === undefined ? undefined : JSON.parse(data) };
}
