import { describe, expect, it } from 'vitest';
import { tempWorld } from '../helpers/temp-home.js';
import { tickwork } from '../helpers/cli.js';

describe('secrets in what tickwork prints', () => {
  it('masks secret-named env vars and params, and their values wherever they were pasted', async () => {
    const w = tempWorld();
    w.writeProject(`
name: secrets
params: {api_key: "sk-live-0000", region: "US"}
pipelines:
  fetch:
    command: ["true", "--token", "{{ params.api_key }}", "--region", "{{ params.region }}"]
    env:
      PGPASSWORD: "hunter2-db"
      AUTH_HEADER: "Bearer abcdefgh"
      URL: "https://api.example/?key={{ params.api_key }}"
`);
    const leaks = ['sk-live-0000', 'sk-live-9999', 'hunter2-db', 'abcdefgh'];
    const outputs = [
      await tickwork(w.home, ['run', 'fetch', '--dry-run', '--project', w.project]),
      await tickwork(w.home, ['run', 'fetch', '--dry-run', '--json', '--project', w.project]),
      await tickwork(w.home, ['run', 'fetch', '--wait', '--param', 'api_key=sk-live-9999', '--project', w.project]),
      await tickwork(w.home, ['run', 'fetch', '--wait', '--json', '--param', 'api_key=sk-live-9999', '--project', w.project]),
      await tickwork(w.home, ['runs', '--json']),
      await tickwork(w.home, ['status', '--json', '--project', w.project]),
    ];
    for (const out of outputs) {
      expect(out.code).toBe(0);
      for (const secret of leaks) expect(out.stdout + out.stderr).not.toContain(secret);
    }
    const dry = outputs[0]!.stdout;
    expect(dry).toContain("$ true --token '***' --region US");
    expect(dry).toContain('env PGPASSWORD=***');
    expect(dry).toContain('env AUTH_HEADER=***');
    expect(dry).toContain("env URL=https://api.example/?key=***");
    expect(JSON.parse(outputs[4]!.stdout)[0].params).toEqual({ api_key: '***', region: 'US' });
  });
});
