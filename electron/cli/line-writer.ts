/**
 * Batches output lines and writes them once per event-loop turn: a 1000-task
 * run prints 2000 progress lines, and one write per line to a pipe costs more
 * than the bookkeeping of the tasks themselves.
 */

/** A line sink with an explicit flush. */
export interface LineWriter {
  (line: string): void;
  flush(): void;
}

/** Creates a batching writer for `stream` (stdout by default). */
export function lineWriter(stream: NodeJS.WritableStream = process.stdout): LineWriter {
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join('\n') + '\n';
    pending = [];
    stream.write(text);
  };
  const write = ((line: string) => {
    pending.push(line);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  }) as LineWriter;
  write.flush = flush;
  return write;
}
