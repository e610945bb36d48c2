import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjectSource } from '../../../electron/engine/config/load-project.js';
import { formatProblem } from '../../../electron/engine/config/index.js';
import type { ProjectConfig } from '../../../shared/config-model.js';
import { planRun, type RunRequest } from '../../../electron/engine/run/plan-run.js';

/** load → score (both with datasets), plus an unrelated `other` reading nothing. */
function project(overrides: { load?: string; score?: string; loadExtra?: string } = {}): ProjectConfig {
  const yaml = `
name: hashproj
partitions: {region: [US, EU]}
params: {window: '20', threshold: '0.5', unused: x}
datasets:
  prices: {format: parquet, partition_by: [date, region]}
  scores: {format: csv, partition_by: [date]}
pipelines:
  load:
    command: ${JSON.stringify(overrides.load ?? 'fetch --window {{ params.window }} --date {{ date }} --out "$TICKWORK_OUTPUT_PRICES"')}
    provides: [prices]
${overrides.loadExtra ?? ''}
  score:
    depends_on: [load]
    requires: [prices]
    provides: [scores]
    command: ${JSON.stringify(overrides.score ?? 'score --threshold {{ params.threshold }} {{ partition.region }}')}
  other:
    command: 'true'
`;
  const result = loadProjectSource(yaml, '/tmp/lake-hash/tickwork.yaml');
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.project;
}

/** pipeline → [lake hash, cache key] of a planned run. */
function hashes(p: ProjectConfig, request: Partial<RunRequest> = {}): Map<string, [string | undefined, string]> {
  const planned = planRun(p, { targets: ['score'], selection: 'upstream', force: false, trigger: 'cli', date: '2025-03-04', partition: { region: 'US' }, ...request }, Date.now());
  if (!planned.ok) throw new Error(planned.message);
  return new Map(planned.plan.tasks.map((t) => [t.pipeline, [t.spec.lake?.hash, t.specHash]]));
}

describe("a pipeline's lake hash (its datasets' folder)", () => {
  it('is the same for every date and region of one definition, while the cache key differs', () => {
    const p = project();
    const a = hashes(p);
    const b = hashes(p, { date: '2025-03-05', partition: { region: 'EU' } });
    for (const name of ['load', 'score']) {
      expect(a.get(name)![0]).toMatch(/^[0-9a-f]{32}$/);
      expect(b.get(name)![0]).toBe(a.get(name)![0]);
      expect(b.get(name)![1]).not.toBe(a.get(name)![1]);
    }
    expect(a.get('load')![0]).not.toBe(a.get('score')![0]);
  });

  it('moves with a param the spec names (and everything downstream), not with one it never names', () => {
    const p = project();
    const base = hashes(p);
    const window = hashes(p, { params: { window: '60' } });
    expect(window.get('load')![0]).not.toBe(base.get('load')![0]);
    expect(window.get('score')![0]).not.toBe(base.get('score')![0]);
    // A sweep over threshold: the upstream keeps its folder (and so its reuse), the trial gets its own.
    const threshold = hashes(p, { params: { threshold: '0.9' } });
    expect(threshold.get('load')![0]).toBe(base.get('load')![0]);
    expect(threshold.get('score')![0]).not.toBe(base.get('score')![0]);
    const unused = hashes(p, { params: { unused: 'y' } });
    expect([unused.get('load')![0], unused.get('score')![0]]).toEqual([base.get('load')![0], base.get('score')![0]]);
  });

  it('moves downstream when an upstream definition is edited, and not with execution settings', () => {
    const base = hashes(project());
    const edited = hashes(project({ load: 'fetch-v2 --window {{ params.window }} --out "$TICKWORK_OUTPUT_PRICES"' }));
    expect(edited.get('load')![0]).not.toBe(base.get('load')![0]);
    expect(edited.get('score')![0]).not.toBe(base.get('score')![0]);
    const tuned = hashes(project({ loadExtra: '    retries: 3\n    timeout: 5m\n    priority: high' }));
    expect(tuned.get('load')![0]).toBe(base.get('load')![0]);
    expect(tuned.get('score')![0]).toBe(base.get('score')![0]);
  });

  it('is the same whether the upstream is in the run or not (--no-upstream, --only-upstream)', () => {
    const p = project();
    const full = hashes(p);
    expect(hashes(p, { selection: 'no_upstream' }).get('score')![0]).toBe(full.get('score')![0]);
    expect(hashes(p, { selection: 'only_upstream' }).get('load')![0]).toBe(full.get('load')![0]);
  });

  it('moves with the content of a code: file, for its pipeline and downstream, the same whether the upstream is in the run or not', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-lake-hash-code-'));
    fs.mkdirSync(path.join(dir, 'steps'));
    fs.writeFileSync(path.join(dir, 'steps', 'fetch.py'), 'print(1)\n');
    const yaml = `
name: codeproj
datasets:
  prices: {format: csv, partition_by: [date]}
pipelines:
  load: {command: 'python steps/fetch.py', code: [steps/*.py], provides: [prices]}
  score: {command: 'true', depends_on: [load], requires: [prices]}
`;
    const load = (): ProjectConfig => {
      const result = loadProjectSource(yaml, path.join(dir, 'tickwork.yaml'));
      if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
      return result.project;
    };
    const before = hashes(load(), { partition: {} });
    expect(hashes(load(), { partition: {}, selection: 'no_upstream' }).get('score')![0]).toBe(before.get('score')![0]);
    fs.writeFileSync(path.join(dir, 'steps', 'fetch.py'), 'print(2)\n');
    const after = hashes(load(), { partition: {} });
    expect(after.get('load')![0]).not.toBe(before.get('load')![0]);
    expect(after.get('score')![0]).not.toBe(before.get('score')![0]);
    expect(hashes(load(), { partition: {}, selection: 'no_upstream' }).get('score')![0]).toBe(after.get('score')![0]);
  });

  it('is absent for a pipeline without datasets', () => {
    const planned = planRun(project(), { targets: ['other'], selection: 'upstream', force: false, trigger: 'cli', date: '2025-03-04', partition: { region: 'US' } }, Date.now());
    expect(planned.ok && planned.plan.tasks[0]!.spec.lake).toBeUndefined();
  });
});
