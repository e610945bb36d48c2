/**
 * Byte sizes as written in tickwork.yaml (`log_max: 100MB`) and as shown back
 * to a person. Units are binary, as `du -h` and `ls -lh` show them:
 * 1 KB = 1024 bytes, 1 MB = 1024 KB, 1 GB = 1024 MB (KiB, MiB and GiB are
 * accepted too); a bare number is bytes.
 */

const UNIT_BYTES: Readonly<Record<string, number>> = { b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i;

/** Bytes for `100MB`, `64 KB`, `1.5GiB` or a number of bytes; null when it is not a size. */
export function parseSize(text: string | number): number | null {
  if (typeof text === 'number') return Number.isSafeInteger(text) && text >= 0 ? text : null;
  const match = SIZE.exec(text.trim());
  if (!match) return null;
  const unit = UNIT_BYTES[(match[2] || 'b').toLowerCase()];
  if (unit === undefined) return null;
  const bytes = Math.floor(Number(match[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** A size as a person writes it: `100 MB`, `64 KB`, `1.5 GB`, `900 bytes` (tenths rounded half up, as the native launcher's marker does). */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (bytes < size) continue;
    const tenths = Math.floor((bytes * 10 + size / 2) / size);
    return `${Math.floor(tenths / 10)}${tenths % 10 === 0 ? '' : `.${tenths % 10}`} ${unit}`;
  }
  return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/** `123,456,789`: a count with thousands separators (the same in every locale). */
export function groupDigits(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
