/**
 * TICKWORK_METRICS_FILE: where an attempt may write its metrics as one JSON
 * object (`{"sharpe": 1.2, "total_return": 0.08}`). The path sits next to the
 * attempt's log (`<logs>/<run>/<pipeline>.<n>.metrics.json`), so it is fresh
 * per attempt and found again from the attempt's row alone; a sweep reads the
 * target's file once its trial succeeded.
 */
import fs from 'node:fs';

/** The variable an attempt finds its metrics path in. */
export const METRICS_FILE_VARIABLE = 'TICKWORK_METRICS_FILE';

/** The metrics path of the attempt whose log is `logPath`. */
export function metricsFileOf(logPath: string): string {
  return logPath.replace(/\.log$/, '') + '.metrics.json';
}

/** The variable for an attempt's environment. */
export function metricsVariable(logPath: string): Record<string, string> {
  return { [METRICS_FILE_VARIABLE]: metricsFileOf(logPath) };
}

/** A metric's value as the results table keeps it. */
export type MetricValue = number | string | boolean | null;

/** What reading a metrics file found: the metrics, or why there are none. */
export type MetricsRead = { readonly ok: true; readonly metrics: Readonly<Record<string, MetricValue>> } | { readonly ok: false; readonly reason: string };

/** Reads the metrics an attempt wrote; nested values are kept as their JSON text. */
export function readMetricsFile(file: string): MetricsRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ENOENT' ? `no metrics written to ${METRICS_FILE_VARIABLE}` : `cannot read ${file}: ${(error as Error).message}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${METRICS_FILE_VARIABLE} is not JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, reason: `${METRICS_FILE_VARIABLE} must hold a JSON object, e.g. {"sharpe": 1.2}` };
  const metrics: Record<string, MetricValue> = {};
  for (const [key, value] of Object.entries(parsed)) {
    metrics[key] = value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : JSON.stringify(value);
  }
  return { ok: true, metrics };
}
