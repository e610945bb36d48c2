/**
 * Hex SHA-256 of a string, for content keys (plan hashes, lake hashes).
 */
import crypto from 'node:crypto';

/** Hex SHA-256 of `text`: one-shot `crypto.hash` (Node ≥ 20.12) costs a third of a Hash object per call, paid once per task of a plan. */
export const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha256', text, 'hex') : (text) => crypto.createHash('sha256').update(text).digest('hex');
