/** Checks of untrusted values (IPC params, a hand-edited JSON file) that shared/ validators build on. */

/** A plain object (`{…}` or `Object.create(null)`): not null, an array, or an instance of some class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** POSIX `/…` or Windows `C:\…` / `\\server\…`, without NUL. */
export function isAbsolutePath(value: string): boolean {
  return !value.includes('\0') && (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\'));
}
