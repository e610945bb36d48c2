import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

const NOT_A_PROJECT = '--project steps/step.sh: not a tickwork.yaml (give the project directory or its tickwork.yaml)';

describe('--project naming a file that is not a tickwork.yaml', () => {
  it('says so in one line (exit 2) instead of listing YAML errors, for every command that takes --project', async () => {
    const w = tempWorld();
    w.writeProject('name: steps\npipelines:\n  step: {command: ["sh", "steps/step.sh"]}\n');
    fs.mkdirSync(w.file('steps'));
    fs.writeFileSync(w.file('steps/step.sh'), '#!/bin/sh\nset -eu\nfor f in a b; do\n  echo "$f: {x" | tr a-z A-Z\ndone\n[ -n "${X:-}" ] && echo "x: y: z"\n');
    for (const args of [['validate'], ['run', 'step'], ['status'], ['runs'], ['health']]) {
      const out = await tickwork(w.home, [...args, '--project', 'steps/step.sh'], { cwd: w.project });
      expect(out.code, args.join(' ')).toBe(2);
      expect(out.stderr, args.join(' ')).toBe(`tickwork: ${NOT_A_PROJECT}\n`);
    }
  });

  it('refuses other YAML that is no project, and still loads a project file by another name', async () => {
    const w = tempWorld();
    w.writeProject('name: p\npipelines:\n  a: {command: ["true"]}\n');
    fs.writeFileSync(w.file('compose.yaml'), 'services:\n  web: {image: nginx}\n');
    const compose = await tickwork(w.home, ['validate', '--project', w.file('compose.yaml')]);
    expect(compose.code).toBe(2);
    expect(compose.stderr).toBe(`tickwork: --project ${w.file('compose.yaml')}: not a tickwork.yaml (give the project directory or its tickwork.yaml)\n`);
    // A project under another name is a project: its own problems are reported as such.
    fs.writeFileSync(w.file('staging.yaml'), 'name: staging\npipelines:\n  a: {comand: ["true"]}\n');
    const staging = await tickwork(w.home, ['validate', '--project', w.file('staging.yaml')]);
    expect(staging.code).toBe(2);
    expect(staging.stderr).toContain('staging.yaml:3:7: pipelines.a.comand: unknown key; did you mean "command"?');
    fs.writeFileSync(w.file('staging.yaml'), 'name: staging\npipelines:\n  a: {command: ["true"]}\n');
    expect((await tickwork(w.home, ['validate', '--project', w.file('staging.yaml')])).code).toBe(0);
    // tickwork.yml is a project file whatever it holds.
    fs.writeFileSync(w.file('tickwork.yml'), 'just: text: here\n');
    expect((await tickwork(w.home, ['validate', '--project', w.file('tickwork.yml')])).stderr).not.toContain('not a tickwork.yaml');
  });
});
