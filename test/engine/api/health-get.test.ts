import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { tempWorld } from '../../helpers/temp-home.js';
import { startDaemon } from '../../helpers/daemon.js';
import { apiCall, apiOk } from '../../helpers/api-client.js';
import { waitForAsync } from '../../helpers/wait-for.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('health.get over HTTP', () => {
  it('reports the machinery and each project’s pipelines, and the problems of an invalid edit while its last good config stays in use', async () => {
    const w = tempWorld();
    const good = w.writeProject('name: good\npipelines:\n  a: {command: ["true"]}\n  b: {command: ["true"], depends_on: [a]}\n');
    const otherDir = path.join(w.root, 'never-valid');
    fs.mkdirSync(otherDir);
    const broken = path.join(otherDir, 'tickwork.yaml');
    fs.writeFileSync(broken, 'name: broken\npipelines:\n  x: {command: ["true"], retries: lots}\n');
    const daemon = await startDaemon(w.home, [w.project, otherDir]);
    children.push(daemon.child);

    const first = await apiOk(daemon, 'health.get', {});
    expect(first.report.scheduler).not.toBeNull();
    expect(first.report.store.integrity).toBe('ok');
    expect(first.projects.map((p) => [p.name, p.pipelines.map((x) => x.pipeline)])).toEqual([['good', ['a', 'b']]]);
    expect(first.configProblems).toHaveLength(1);
    expect(first.configProblems[0]).toMatchObject({ file: broken, keepsLastGood: false });
    expect(first.configProblems[0]!.problems[0]).toMatchObject({ line: 3, field: 'pipelines.x.retries' });
    expect(first.configProblems[0]!.problems[0]!.text).toMatch(/tickwork\.yaml:3:\d+: pipelines\.x\.retries: /);

    // An invalid edit of the served project: its problems show, its last good config stays served.
    fs.writeFileSync(good, 'name: good\npipelines:\n  a: {command: ["true"]}\n  b: {command: ["true"], depends_on: [nope]}\n');
    const edited = await waitForAsync(async () => {
      const answer = await apiOk(daemon, 'health.get', {});
      return answer.configProblems.find((f) => f.file === good) ? answer : null;
    }, 'the invalid edit to be reported');
    const problem = edited.configProblems.find((f) => f.file === good)!;
    expect(problem.keepsLastGood).toBe(true);
    expect(problem.problems[0]!.text).toContain(':4:');
    expect(edited.projects[0]!.pipelines.map((p) => p.pipeline)).toEqual(['a', 'b']);

    fs.writeFileSync(good, 'name: good\npipelines:\n  a: {command: ["true"]}\n');
    await waitForAsync(async () => (await apiOk(daemon, 'health.get', {})).configProblems.every((f) => f.file !== good), 'the fixed file to clear its problems');
    const only = await apiOk(daemon, 'health.get', { project: good });
    expect(only.projects.map((p) => [p.name, p.pipelines.length])).toEqual([['good', 1]]);
    const unknown = await apiCall(daemon, 'health.get', { project: '/no/such/tickwork.yaml' });
    expect([unknown.status, unknown.body.error]).toEqual([404, 'no such project: /no/such/tickwork.yaml']);
  }, 30_000);
});
