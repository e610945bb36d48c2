import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

describe('the output tail under ✗', () => {
  it('masks the value of a secret-named env_passthrough variable the task printed', async () => {
    const w = tempWorld();
    w.writeProject(`
name: masked
pipelines:
  fetch:
    command: "echo using token $API_TOKEN; exit 1"
    env_passthrough: [API_TOKEN]
    retries: 0
`);
    const out = await tickwork(w.home, ['run', 'fetch', '--wait', '--project', w.project], { env: { API_TOKEN: 'tok-4f9a2c77e1' } });
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('using token');
    expect(out.stdout + out.stderr).not.toContain('tok-4f9a2c77e1');
  });
});
