/**
 * Batches output lines and writes them at most every 50 ms: a 1000-task run
 * prints 2000 progress lines, and a write per line to a pipe (which Node does
 * synchronously on Linux, waking the reader each time) costs more than the
 * bookkeeping of the tasks themselves. 50 ms still reads as live.
 */

const FLUSH_EVERY_MS = 50;

/** A line sink with an explicit flush. */
export interface LineWriter {
  (line: string): void;
  flush(): void;
}

/** Creates a batching writer for `stream` (stdout by default). */
export function lineWriter(stream: NodeJS.WritableStream = process.stdout): LineWriter {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending.length === 0) return;
    const text = pending.join('\n') + '\n';
    pending = [];
    stream.write(text);
  };
  const write = ((line: string) => {
    pending.push(line);
    timer ??= setTimeout(flush, FLUSH_EVERY_MS);
  }) as LineWriter;
  write.flush = flush;
  return write;
}

/** A batching writer for human output, or one that discards everything (under --json). */
export function humanOutput(json: boolean): LineWriter {
  return json ? Object.assign(() => undefined, { flush: () => undefined }) : lineWriter();
}
