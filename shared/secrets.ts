/**
 * Keeping secrets out of what Tickwork prints: values of env vars and params
 * whose names look secret are masked as `***`, by name and, wherever such a
 * value was pasted into another string (a command, a cwd, another variable),
 * by value.
 */

/** The mask printed in place of a secret. */
export const MASK = '***';

/** True for names that usually hold secrets (API_KEY, PGPASSWORD, AUTH_HEADER, db_token, …). */
export function isSecretName(name: string): boolean {
  return /(secret|token|pass(word|wd)?|pwd|api[_-]?key|credential|private|auth|bearer|cookie|session)/i.test(name);
}

/** The values of the secret-named entries of `maps` (short ones are left out: masking "1" would garble every number). */
export function secretValues(...maps: ReadonlyArray<Readonly<Record<string, string>>>): string[] {
  const values = new Set<string>();
  for (const map of maps) for (const [name, value] of Object.entries(map)) if (isSecretName(name) && value.length >= 4) values.add(value);
  return [...values].sort((a, b) => b.length - a.length); // longest first: a secret containing another is masked whole
}

/** `text` with every occurrence of each of `secrets` masked. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(MASK);
  return out;
}

/** A copy of `record` with secret-named values masked and secret values masked inside the others. */
export function redactRecord(record: Readonly<Record<string, string>>, secrets: readonly string[] = secretValues(record)): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) out[name] = isSecretName(name) ? MASK : redactText(value, secrets);
  return out;
}
