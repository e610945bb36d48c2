import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { openStore, type Db } from '../../../electron/engine/store/open-store.js';
import { loadProject } from '../../../electron/engine/config/index.js';
import { Scheduler } from '../../../electron/engine/schedule/scheduler.js';
import { listRuns } from '../../../electron/engine/store/run-store.js';
import type { ProjectConfig } from '../../../shared/config-model.js';

const dbs: Db[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

function setup(yaml: string, dbFile = 'tw.db', dir?: string) {
  const w = tempWorld();
  w.writeProject(yaml);
  const loaded = loadProject(w.project);
  if (!loaded.ok) throw new Error(`invalid test project: ${JSON.stringify(loaded.problems)}`);
  const db = openStore(path.join(dir ?? w.home, dbFile));
  dbs.push(db);
  return { w, db, project: loaded.project as ProjectConfig };
}

const PARTITIONED = (extra = '', scheduleExtra = '') => `
name: parts
timezone: America/New_York
partitions: {region: [US, EU, JP]}
pipelines:
  data:
    command: ["echo", "{{ date }}"]
  metrics:
    command: ["echo", "{{ partition.region }}"]
    depends_on: [data]
${extra}    schedule: {cron: "0 19 * * *", calendar: NYSE${scheduleExtra}}
`;

const NY_19H = (date: string) => Date.parse(`${date}T19:00:00-05:00`);
const runsOf = (db: Db) =>
  listRuns(db, { limit: 100 })
    .reverse()
    .map((r) => `${r.partitionKey} ${r.idempotencyKey?.split('@')[1]}`);

function scheduler(db: Db, clock: FakeClock, project: ProjectConfig, errors: string[] = [], oks: string[] = []): Scheduler {
  const s = new Scheduler({
    db,
    clock,
    monotonic: () => clock.mono,
    heartbeatMs: 60_000,
    onError: (target, slot, message) => errors.push(`${target.name} ${new Date(slot).toISOString()} ${message}`),
    onOk: (target, slot) => oks.push(`${target.name} ${new Date(slot).toISOString()}`),
  });
  s.setProjects([project]);
  return s;
}

describe('partitioned schedules', () => {
  it('create one run per region at each slot, each with its own (schedule, slot, partition) key', () => {
    const { db, project } = setup(PARTITIONED());
    const clock = new FakeClock(NY_19H('2025-12-01') - 1000);
    const s = scheduler(db, clock, project);
    clock.advance(2000);
    expect(runsOf(db)).toEqual([
      'date=2025-12-01,region=US 2025-12-02T00:00:00.000Z#region=US',
      'date=2025-12-01,region=EU 2025-12-02T00:00:00.000Z#region=EU',
      'date=2025-12-01,region=JP 2025-12-02T00:00:00.000Z#region=JP',
    ]);
    s.stop();
  });

  it('narrow to the values named on the pipeline or on its schedule', () => {
    const byPipeline = setup(PARTITIONED('    partitions: {region: [US, EU]}\n'));
    const bySchedule = setup(PARTITIONED('', ', partitions: {region: EU}'));
    for (const [{ db, project }, expected] of [
      [byPipeline, ['US', 'EU']],
      [bySchedule, ['EU']],
    ] as const) {
      const clock = new FakeClock(NY_19H('2025-12-01') - 1000);
      const s = scheduler(db, clock, project);
      clock.advance(2000);
      expect(listRuns(db, { limit: 10 }).reverse().map((r) => r.partition.region)).toEqual(expected);
      s.stop();
    }
  });

  it('never create a slot-partition twice: not after a restart, not when the clock goes back', () => {
    const { w, db, project } = setup(PARTITIONED('    partitions: {region: [US, EU]}\n'));
    const clock = new FakeClock(NY_19H('2025-12-01') - 1000);
    let s = scheduler(db, clock, project);
    clock.advance(2000);
    s.stop();
    // A restarted daemon on a second connection, and a clock set back past the slot.
    const again = openStore(path.join(w.home, 'tw.db'));
    dbs.push(again);
    s = scheduler(again, clock, project);
    clock.jump(-6 * 3600_000);
    clock.advance(7 * 3600_000);
    clock.advance(24 * 3600_000); // Tuesday's slot
    s.stop();
    const keys = listRuns(db, { limit: 100 }).map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(listRuns(db, { limit: 100 }).reverse().map((r) => `${r.partition.date}/${r.partition.region}`)).toEqual([
      '2025-12-01/US', '2025-12-01/EU', '2025-12-02/US', '2025-12-02/EU',
    ]);
  });

  it('leave a pipeline that does not use a key to one run per slot (and keep the unpartitioned slot key)', () => {
    const { db, project } = setup(`
name: plain
timezone: America/New_York
partitions: {region: [US, EU]}
pipelines:
  data:
    command: ["echo", "{{ date }}"]
    schedule: "0 19 * * *"
`);
    const clock = new FakeClock(NY_19H('2025-12-01') - 1000);
    const s = scheduler(db, clock, project);
    clock.advance(2000);
    expect(runsOf(db)).toEqual(['date=2025-12-01 2025-12-02T00:00:00.000Z']);
    s.stop();
  });

  it('report a slot that cannot be planned after the tick commits, and the next slot that can', () => {
    const { w, db, project } = setup(`
name: broken
timezone: America/New_York
pipelines:
  data:
    command: ["echo", "{{ params.window }}"]
    schedule: "0 19 * * *"
params: {window: "20"}
`);
    // The config is valid; a request-time failure (overlap or a missing partition) is what a tick reports.
    const errors: string[] = [];
    const oks: string[] = [];
    const clock = new FakeClock(NY_19H('2025-12-01') - 1000);
    const broken = { ...project, partitions: { region: ['US'] }, pipelines: new Map([...project.pipelines].map(([k, p]) => [k, { ...p, partitions: { region: ['EU'] } }])) };
    const s = scheduler(db, clock, broken as ProjectConfig, errors, oks);
    clock.advance(2000);
    expect(errors).toEqual([`data 2025-12-02T00:00:00.000Z pipelines.data.partitions leave no value of partition key "region" to run for`]);
    expect(runsOf(db)).toEqual([]);
    s.setProjects([project]);
    clock.advance(24 * 3600_000);
    expect(oks).toEqual(['data 2025-12-03T00:00:00.000Z']);
    expect(runsOf(db)).toEqual(['date=2025-12-02 2025-12-03T00:00:00.000Z']);
    s.stop();
    void w;
  });
});
