/**
 * The staging directories of a lake that this home's attempts left behind
 * and that are over (their engine died and nobody settled them): listed
 * here, for `lake gc` to show before it removes them. The rule is
 * cleanStaleStaging's (attempt-lake.ts): only this home's attempts (by the
 * home tag in the name), only once the store says the attempt is over.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/open-store.js';
import { attemptIsOver } from '../store/lake-store.js';
import { homeTag, parseStagingName, STAGING_DIR } from './lake-layout.js';

/** Absolute paths of the stale staging directories of this home under `root`. */
export function staleStagingDirs(db: Db, root: string, homeRoot: string): string[] {
  const tag = homeTag(homeRoot);
  let entries: string[];
  try {
    entries = fs.readdirSync(path.join(root, STAGING_DIR));
  } catch {
    return [];
  }
  return entries
    .filter((name) => {
      const owner = parseStagingName(name);
      // Another home's attempt: only that home's store knows whether it still runs.
      return owner !== null && owner.tag === tag && attemptIsOver(db, owner.runId, owner.taskRunId, owner.attempt);
    })
    .map((name) => path.join(root, STAGING_DIR, name));
}
