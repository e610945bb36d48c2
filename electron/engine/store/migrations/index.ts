/**
 * The ordered list of schema migrations. Each entry runs once, in its own
 * transaction, and is never edited after it ships; `user_version` records how
 * far a database has come.
 */
import { migration000001 } from './000001-initial.js';
import { migration000002 } from './000002-schedule-ticks.js';
import { migration000003 } from './000003-run-concurrency.js';
import { migration000004 } from './000004-gates.js';
import { migration000005 } from './000005-heartbeats.js';
import { migration000006 } from './000006-alerts.js';
import { migration000007 } from './000007-kill-at.js';
import { migration000008 } from './000008-alert-attention.js';
import { migration000009 } from './000009-prunable-events.js';
import { migration000010 } from './000010-schedule-pauses-and-timeline.js';
import { migration000011 } from './000011-runs-by-partition.js';
import { migration000012 } from './000012-backfills.js';
import { migration000013 } from './000013-lake-partitions.js';
import { migration000014 } from './000014-sweeps.js';
import { migration000015 } from './000015-lake-partition-cache-key.js';

/** Migrations in order; index + 1 is the schema version each one produces. */
export const MIGRATIONS: readonly string[] = [migration000001, migration000002, migration000003, migration000004, migration000005, migration000006, migration000007, migration000008, migration000009, migration000010, migration000011, migration000012, migration000013, migration000014, migration000015];
