import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';
import { startDaemon } from '../helpers/daemon.js';
import { waitFor } from '../helpers/wait-for.js';
import { localTimeZone, zonedTimestamp } from '../../shared/zoned-time.js';

const daemons: ChildProcess[] = [];
afterEach(() => {
  for (const d of daemons.splice(0)) if (d.exitCode === null && d.signalCode === null) d.kill('SIGKILL');
});

const STAMP = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ([+-]\d\d:\d\d) /;

describe('the daemon log', () => {
  it("stamps every line in the served project's zone with its offset, and shows schedule times the same way", async () => {
    const w = tempWorld();
    w.writeProject(`
name: zoned
timezone: Asia/Kolkata
pipelines:
  close: {command: ["true"], schedule: {cron: "0 30 19 * * *"}}
`);
    const before = zonedTimestamp(Date.now(), 'Asia/Kolkata');
    const daemon = await startDaemon(w.home, w.project);
    daemons.push(daemon.child);
    expect((await tickwork(w.home, ['run', 'close', '--wait', '--project', w.project])).code).toBe(0);
    await waitFor(() => daemon.log().includes('succeeded'), 'the run in the daemon log');
    const lines = daemon.log().trim().split('\n');
    for (const line of lines) expect(line).toMatch(STAMP);
    for (const line of lines) expect(STAMP.exec(line)![2]).toBe('+05:30'); // India has no DST: the offset is fixed
    expect(STAMP.exec(lines[0]!)![1]! >= before.slice(0, 19)).toBe(true); // Kolkata wall-clock time, not UTC
    expect(daemon.log()).toMatch(/next: close at \d{4}-\d\d-\d\d 19:30:00 \+05:30\n/);
  });

  it("uses this machine's zone when the projects served are in different zones", async () => {
    const w = tempWorld();
    w.writeProject(`
name: ny
timezone: America/New_York
pipelines:
  a: {command: ["true"]}
`);
    const other = path.join(w.root, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'tickwork.yaml'), 'name: tokyo\ntimezone: Asia/Tokyo\npipelines:\n  b: {command: ["true"]}\n');
    const daemon = await startDaemon(w.home, [w.project, other]);
    daemons.push(daemon.child);
    const offset = zonedTimestamp(Date.now(), localTimeZone()).slice(20);
    // api.json can appear before the daemon's first line reaches this process's pipe
    await waitFor(() => daemon.log().includes('\n'), 'the first line of the daemon log');
    const first = daemon.log().split('\n')[0]!;
    expect(first).toMatch(STAMP);
    expect(STAMP.exec(first)![2]).toBe(offset);
  });
});
