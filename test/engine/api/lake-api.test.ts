/**
 * lake.list and lake.preview over real HTTP on 127.0.0.1 against a real
 * daemon: the partitions a real run published, their rows read by DuckDB,
 * 404/400 for unknown names and bad params, 401 without the token.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorld, type TempWorld } from '../../helpers/temp-home.js';
import { tickwork } from '../../helpers/cli.js';
import { startDaemon, type TestDaemon } from '../../helpers/daemon.js';
import { apiCall, apiOk } from '../../helpers/api-client.js';

let world: TempWorld;
let daemon: TestDaemon;
const children: ChildProcess[] = [];

beforeAll(async () => {
  world = tempWorld();
  world.writeProject(`
name: lakeapi
datasets:
  bars: {format: csv, partition_by: [date], description: daily bars}
  notes: {format: json}
  events: {format: json}
pipelines:
  events:
    provides: [events]
    command: 'cp events.jsonl "$TICKWORK_OUTPUT_EVENTS/events.jsonl"'
  bars:
    provides: [bars]
    command: 'printf "sym,close,volume\\nA,10.5,9007199254740993\\nB,11,2\\n" > "$TICKWORK_OUTPUT_BARS/bars.csv"'
`);
  fs.writeFileSync(world.file('events.jsonl'), '{"k": 1, "tags": ["x", "y"], "at": "2025-01-02T10:00:00Z"}\n{"k": 2, "tags": [], "at": null}\n');
  const events = await tickwork(world.home, ['run', 'events', '--date', '2025-01-02', '--wait', '--project', world.project]);
  if (events.code !== 0) throw new Error(`run events: ${events.stdout}${events.stderr}`);
  for (const date of ['2025-01-02', '2025-01-03']) {
    const run = await tickwork(world.home, ['run', 'bars', '--date', date, '--wait', '--project', world.project]);
    if (run.code !== 0) throw new Error(`run bars --date ${date}: ${run.stdout}${run.stderr}`);
  }
  daemon = await startDaemon(world.home, world.project);
  children.push(daemon.child);
});

afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

describe('lake.list', () => {
  it('answers the datasets with their published partitions, newest first', async () => {
    const listing = await apiOk(daemon, 'lake.list', {});
    expect(listing.project).toBe('lakeapi');
    expect(listing.datasets.map((d) => [d.name, d.format, d.declared, d.producer, d.description])).toEqual([
      ['bars', 'csv', true, 'bars', 'daily bars'],
      ['notes', 'json', true, null, null],
      ['events', 'json', true, 'events', null],
    ]);
    const bars = listing.datasets[0]!;
    expect(bars.partitions.map((p) => [p.partitionKey, p.rows, p.runId, p.present, p.recorded])).toEqual([
      ['date=2025-01-03', 2, 3, true, true],
      ['date=2025-01-02', 2, 2, true, true],
    ]);
    for (const p of bars.partitions) expect(fs.existsSync(p.path)).toBe(true);

    const only = await apiOk(daemon, 'lake.list', { dataset: 'notes' });
    expect(only.datasets.map((d) => d.name)).toEqual(['notes']);
  });

  it('answers 404 naming the closest dataset for an unknown one', async () => {
    const reply = await apiCall(daemon, 'lake.list', { dataset: 'bar' });
    expect(reply.status).toBe(404);
    expect(reply.body.error).toBe('no dataset bar in project lakeapi; did you mean bars? (datasets: bars, notes, events)');
  });
});

describe('lake.preview', () => {
  it('reads the latest partition by default and a chosen date on request, as JSON-safe rows', async () => {
    const latest = await apiOk(daemon, 'lake.preview', { dataset: 'bars' });
    expect(latest.partitions.map((p) => p.partitionKey)).toEqual(['date=2025-01-03']);
    expect(latest.columns).toEqual([
      { name: 'sym', type: 'VARCHAR' },
      { name: 'close', type: 'DOUBLE' },
      { name: 'volume', type: 'BIGINT' },
      { name: 'date', type: 'DATE' },
    ]);
    expect(latest.rowCount).toBe(2);
    // 2^53 + 1 does not fit a JSON number exactly: it comes as text, the small one as a number.
    expect(latest.rows).toEqual([
      { sym: 'A', close: 10.5, volume: '9007199254740993', date: '2025-01-03' },
      { sym: 'B', close: 11, volume: 2, date: '2025-01-03' },
    ]);
    expect(latest.limit).toBe(20);

    const first = await apiOk(daemon, 'lake.preview', { dataset: 'bars', date: '2025-01-02', limit: 1 });
    expect(first.partitions.map((p) => p.partitionKey)).toEqual(['date=2025-01-02']);
    expect(first.rowCount).toBe(2);
    expect(first.rows).toEqual([{ sym: 'A', close: 10.5, volume: '9007199254740993', date: '2025-01-02' }]);
  });

  it('reads JSON lines: nested lists as JSON, timestamps as ISO text', async () => {
    const preview = await apiOk(daemon, 'lake.preview', { dataset: 'events' });
    expect(preview.format).toBe('json');
    expect(preview.columns).toEqual([
      { name: 'k', type: 'BIGINT' },
      { name: 'tags', type: 'VARCHAR[]' },
      { name: 'at', type: 'TIMESTAMP' },
    ]);
    expect(preview.rows).toEqual([
      { k: 1, tags: ['x', 'y'], at: '2025-01-02T10:00:00.000Z' },
      { k: 2, tags: [], at: null },
    ]);
  });

  it('answers 404 for an unknown dataset or no matching partition, 400 for bad params', async () => {
    const unknown = await apiCall(daemon, 'lake.preview', { dataset: 'barz' });
    expect([unknown.status, unknown.body.error]).toEqual([404, 'no dataset barz in project lakeapi; did you mean bars? (datasets: bars, notes, events)']);
    const none = await apiCall(daemon, 'lake.preview', { dataset: 'bars', date: '2024-12-31' });
    expect([none.status, none.body.error]).toEqual([404, 'no published partition of bars matches date=2024-12-31 (published: date=2025-01-02, date=2025-01-03)']);
    const never = await apiCall(daemon, 'lake.preview', { dataset: 'notes' });
    expect([never.status, never.body.error]).toEqual([404, 'dataset notes has no published partition yet']);
    const key = await apiCall(daemon, 'lake.preview', { dataset: 'bars', partition: { region: 'US' } });
    expect([key.status, key.body.error]).toEqual([400, 'dataset bars is not partitioned by region (partition_by: [date])']);
    for (const [params, error] of [
      [{}, 'dataset is required (a dataset name; lake.list lists them)'],
      [{ dataset: 'bars', date: 'yesterday' }, 'date must be YYYY-MM-DD'],
      [{ dataset: 'bars', limit: 10_001 }, 'limit must be a whole number from 0 to 10000'],
      [{ dataset: 'bars', partition: { date: 3 } }, 'partition must map partition keys to string values, e.g. {"region": "US"}'],
    ] as const) {
      const reply = await apiCall(daemon, 'lake.preview', params);
      expect([reply.status, reply.body.error]).toEqual([400, error]);
    }
  });

  it('is refused without the token', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: daemon.port, method: 'POST', path: '/api/lake.preview', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify({ dataset: 'bars' }));
    });
    expect(status).toBe(401);
  });
});
