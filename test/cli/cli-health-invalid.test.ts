import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

const BROKEN = `
name: broken
pipelines:
  a:
    comand: ["true"]
`;

describe('tickwork health with an invalid tickwork.yaml', () => {
  it('reports the machinery, names each config problem with file:line:col, says the per-pipeline part is missing, and exits 2', async () => {
    const w = tempWorld();
    w.writeProject(BROKEN);
    const out = await tickwork(w.home, ['health', '--project', w.project]);
    expect(out.code).toBe(2);
    expect(out.stdout).toMatch(/^scheduler: never ran \(start it with tickwork up\)\nstore: .* integrity ok\n/);
    expect(out.stdout).not.toContain('PIPELINE');
    const lines = out.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/tickwork\.yaml:4:5: pipelines\.a\.comand: unknown key; did you mean "command"\?$/);
    expect(lines[1]).toMatch(/tickwork\.yaml:4:5: pipelines\.a\.command: missing required key$/);
    expect(lines[2]).toMatch(/^tickwork health: no per-pipeline health: \S*tickwork\.yaml has 2 problems \(above\); fix them and run tickwork health again$/);
    expect(lines).toHaveLength(3);
  });

  it('found from the working directory too, and --json carries the problems beside the report', async () => {
    const w = tempWorld();
    w.writeProject(BROKEN);
    const text = await tickwork(w.home, ['health'], { cwd: w.project });
    expect(text.code).toBe(2);
    expect(text.stderr).toContain('tickwork.yaml:4:5: pipelines.a.comand: unknown key');
    const json = await tickwork(w.home, ['health', '--json', '--project', w.project]);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.stdout) as { pipelines: unknown[]; store: { integrity: string }; configProblems: Array<{ file: string; problems: Array<{ line: number; col: number; field: string; text: string }> }> };
    expect(report.store.integrity).toBe('ok');
    expect(report.pipelines).toEqual([]);
    expect(report.configProblems).toHaveLength(1);
    expect(report.configProblems[0]!.file).toBe(w.file('tickwork.yaml'));
    expect(report.configProblems[0]!.problems.map((p) => `${p.line}:${p.col} ${p.field}`)).toEqual(['4:5 pipelines.a.comand', '4:5 pipelines.a.command']);
  });

  it('a valid project: exit 0 and no config problems', async () => {
    const w = tempWorld();
    w.writeProject('name: fine\npipelines:\n  a: {command: ["true"]}\n');
    const json = await tickwork(w.home, ['health', '--json', '--project', w.project]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).configProblems).toEqual([]);
    const outside = await tickwork(w.home, ['health'], { cwd: w.home });
    expect(outside.code).toBe(0); // no project here: the machinery alone
    expect(outside.stderr).toBe('');
  });
});
