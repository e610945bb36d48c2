/** The date range a matrix can show (partitions.matrix covers at most ten years of days). */
import { parseDate } from '@internationalized/date';

/** The most days one matrix request covers (the engine's MAX_MATRIX_DAYS). */
export const MAX_MATRIX_DAYS_SHOWN = 3660;

/** Whether from..to (YYYY-MM-DD) is a range a matrix can show. */
export function matrixRangeOk(from: string, to: string): boolean {
  try {
    const a = parseDate(from);
    const b = parseDate(to);
    return a.compare(b) <= 0 && b.compare(a) < MAX_MATRIX_DAYS_SHOWN;
  } catch {
    return false;
  }
}
