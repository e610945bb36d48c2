/**
 * Projects by file for the alert rules, loaded on first use and reloaded
 * when the file changes. A project that cannot be loaded (moved, invalid)
 * yields null, and its runs are judged by the built-in rules.
 */
import type { ProjectConfig } from '../../../shared/config-model.js';
import { loadProject } from '../config/index.js';
import { fileStamp } from '../util/file-stamp.js';

/** See the file comment. */
export class ProjectCache {
  private readonly entries = new Map<string, { stamp: string; project: ProjectConfig | null }>();

  /** The project in `file`, or null when it cannot be loaded. */
  get(file: string): ProjectConfig | null {
    const stamp = fileStamp(file);
    const cached = this.entries.get(file);
    if (cached && cached.stamp === stamp) return cached.project;
    const loaded = stamp === 'missing' ? null : loadProject(file);
    const project = loaded && loaded.ok ? loaded.project : null;
    this.entries.set(file, { stamp, project });
    return project;
  }
}

