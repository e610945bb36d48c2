/** What every alert rule reads besides the store: the time and each project's rules and channels. */
import type { AlertChannels, AlertRules } from '../../../shared/config-model.js';
import type { AlertRecord } from '../../../shared/alert-model.js';
import type { Db } from '../store/open-store.js';
import type { AlertDraft } from '../store/alert-store.js';

/** See the file comment. */
export interface RuleContext {
  readonly db: Db;
  readonly now: number;
  /** The rules of a pipeline of the project in `projectFile` (built-ins when the project cannot be loaded). */
  rulesFor(projectFile: string, pipeline: string): AlertRules;
  /** Where the project in `projectFile` delivers its alerts. */
  channelsFor(projectFile: string): AlertChannels;
  /** Opens an alert (or counts a repeat of an open one). */
  open(draft: AlertDraft): AlertRecord;
  /** Resolves the open alert of `key`, if any. */
  resolve(key: string, resolution: string): void;
}
