/** Temp directories for a test: a Tickwork home and a project holding a tickwork.yaml. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh temp dir with `home/` (TICKWORK_HOME) and `project/` inside. */
export interface TempWorld {
  readonly root: string;
  readonly home: string;
  readonly project: string;
  /** Writes project/tickwork.yaml and returns its path. */
  writeProject(yaml: string): string;
  /** A path inside the project dir. */
  file(name: string): string;
}

/** Creates a TempWorld under the OS temp dir. */
export function tempWorld(): TempWorld {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-test-'));
  const home = path.join(root, 'home');
  const project = path.join(root, 'project');
  fs.mkdirSync(home);
  fs.mkdirSync(project);
  return {
    root,
    home,
    project,
    writeProject(yaml) {
      const file = path.join(project, 'tickwork.yaml');
      fs.writeFileSync(file, yaml.replace(/^\n/, ''));
      return file;
    },
    file: (name) => path.join(project, name),
  };
}

/** Lines of a text file (empty array when missing). */
export function readLines(file: string): string[] {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
