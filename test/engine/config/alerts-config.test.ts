import { describe, expect, it } from 'vitest';
import { loadProjectSource } from '../../../electron/engine/config/load-project.js';
import { formatProblem } from '../../../electron/engine/config/index.js';
import { BUILTIN_ALERT_RULES } from '../../../electron/engine/config/alerts-section.js';

const FILE = '/tmp/alerts/tickwork.yaml';
const problems = (yaml: string): string[] => {
  const result = loadProjectSource(yaml, FILE);
  return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.col} ${p.field}: ${p.message}`);
};

describe('alerts in tickwork.yaml', () => {
  it('layers built-in rules ← project alerts ← pipeline alerts, error_rate field by field', () => {
    const result = loadProjectSource(
      `name: a
alerts:
  freshness: 26h
  error_rate: {window: 2d}
  stuck_after: 30m
  webhook: {url: "https://hooks.example.com/T1/B2/secret", retries: 2, retry_delay: 1s}
pipelines:
  data: {command: ["true"], alerts: {run_failed: false, error_rate: {threshold: 0.2}, max_duration: 1h, p95_factor: false}}
  metrics: {command: ["true"], alerts: {freshness: null, stuck_after: false}}
`,
      FILE,
    );
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    const { project } = result;
    expect(project.alertChannels).toEqual({ desktop: true, webhook: { url: 'https://hooks.example.com/T1/B2/secret', retries: 2, retryDelayMs: 1000 } });
    expect(project.pipelines.get('data')!.alerts).toEqual({
      runFailed: false,
      retriesExhausted: true,
      freshnessMs: 26 * 3_600_000,
      errorRate: { threshold: 0.2, windowMs: 2 * 86_400_000, minRuns: 4 },
      maxDurationMs: 3_600_000,
      p95Factor: null,
      stuckAfterMs: 1_800_000,
    });
    expect(project.pipelines.get('metrics')!.alerts).toMatchObject({ freshnessMs: null, stuckAfterMs: null, runFailed: true });
  });

  it('gives every pipeline the built-in rules and desktop notifications when alerts is absent', () => {
    const result = loadProjectSource('name: a\npipelines:\n  data: {command: ["true"]}\n', FILE);
    if (!result.ok) throw new Error('invalid');
    expect(result.project.pipelines.get('data')!.alerts).toEqual(BUILTIN_ALERT_RULES);
    expect(result.project.alertChannels).toEqual({ desktop: true, webhook: null });
  });

  it('reports bad rules, channels and keys with their positions', () => {
    expect(
      problems(`name: a
alerts: {freshnes: 1h, webhook: "ftp://x", desktop: maybe}
pipelines:
  data: {command: ["true"], alerts: {error_rate: {threshold: 1.5, min_runs: 0}, p95_factor: 0.5, webhook: "https://x"}}
  more: {command: ["true"], alerts: {stuck_after: soon, error_rate: 3}}
`),
    ).toEqual([
      '2:10 alerts.freshnes: unknown key; did you mean "freshness"?',
      '2:33 alerts.webhook: expected an http:// or https:// URL (the value is not shown: webhook URLs are secrets)',
      '2:53 alerts.desktop: expected true or false, got "maybe"',
      '4:62 pipelines.data.alerts.error_rate.threshold: expected a number from 0 to 1, got 1.5',
      '4:77 pipelines.data.alerts.error_rate.min_runs: expected a positive integer, got 0',
      '4:93 pipelines.data.alerts.p95_factor: expected a number ≥ 1, got 0.5',
      '4:98 pipelines.data.alerts.webhook: unknown key; expected one of: run_failed, retries_exhausted, freshness, error_rate, max_duration, p95_factor, stuck_after',
      '5:51 pipelines.more.alerts.stuck_after: expected a duration like 500ms, 30s, 5m, 1h30m or 2d, got "soon"',
      '5:69 pipelines.more.alerts.error_rate: expected a mapping {threshold, window, min_runs} or false, got 3',
    ]);
  });
});
