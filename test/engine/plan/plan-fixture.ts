/** Builds small ProjectConfig values for planner tests without going through YAML. */
import { BUILTIN_ALERT_CHANNELS, BUILTIN_ALERT_RULES } from '../../../electron/engine/config/alerts-section.js';
import type { JobConfig, PipelineConfig, ProjectConfig } from '../../../shared/config-model.js';

/** A project whose pipelines (in the given order) depend as listed; jobs map name → pipelines. */
export function graphProject(deps: Record<string, string[]>, jobs: Record<string, string[]> = {}): ProjectConfig {
  const pipelines = new Map<string, PipelineConfig>();
  for (const [name, dependsOn] of Object.entries(deps)) {
    pipelines.set(name, {
      name,
      command: { kind: 'shell', script: `echo ${name}` },
      dependsOn,
      provides: [],
      requires: [],
      onError: [],
      retries: 0,
      retryDelayMs: 10_000,
      backoff: 2,
      maxRetryDelayMs: 600_000,
      jitter: 0.1,
      timeoutMs: null,
      killGraceMs: 5_000,
      pool: 'default',
      priority: 0,
      cwd: '/project',
      env: {},
      alerts: BUILTIN_ALERT_RULES,
    });
  }
  const jobMap = new Map<string, JobConfig>(Object.entries(jobs).map(([name, list]) => [name, { name, pipelines: list }]));
  return {
    name: 'test',
    timezone: 'UTC',
    dir: '/project',
    file: '/project/tickwork.yaml',
    pools: { default: 1 },
    params: {},
    alertChannels: BUILTIN_ALERT_CHANNELS,
    partitions: {},
    pipelines,
    jobs: jobMap,
  };
}
