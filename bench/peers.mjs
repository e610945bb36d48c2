// The contenders. Each one says how to reset its state before an iteration
// (untimed), which command to time, and how to check afterwards that all the
// work really happened (untimed), so a contender cannot win by doing nothing.
import fs from 'node:fs';
import path from 'node:path';
import { contenderEnv, onPath, withheldStartupVariables } from './measure.mjs';

/** Counts files in a directory (0 when it does not exist). */
function countFiles(dir) {
  return fs.existsSync(dir) ? fs.readdirSync(dir).length : 0;
}

/** Fails unless `dir` holds exactly `expected` files. */
function expectFiles(dir, expected) {
  const n = countFiles(dir);
  return n === expected ? null : `expected ${expected} output files in ${dir}, found ${n}`;
}

/**
 * Builds the contender list. `trash.move(path)` takes an earlier iteration's
 * outputs out of the way without deleting anything (see trash.mjs).
 * @param {{ root: string, work: object, taskCount: number, iterations: number, snakemakeIterations: number, jobs: number, trash: { move(path: string): void } }} opts
 */
export function makeContenders({ root, work, taskCount, iterations, snakemakeIterations, jobs, trash }) {
  const cli = path.join(root, 'bin', 'tickwork.cjs');
  const homes = path.join(path.dirname(work.dagJson), 'homes');
  const stamps = path.join(work.makeDir, 'stamps');
  const snakeOut = path.join(work.snakemakeDir, 'out');

  /** A Tickwork run of the whole DAG in a fresh home; `inherit` runs it in the bench's own environment. */
  const tickwork = ({ id, label, warmup, inherit, available }) => ({
    id,
    label,
    iterations,
    warmup,
    available: () => (fs.existsSync(path.join(root, 'dist', 'cli.cjs')) ? available() : 'dist/cli.cjs not built (npm run build)'),
    prepare: () => {
      fs.mkdirSync(homes, { recursive: true });
      return { home: fs.mkdtempSync(path.join(homes, 'home-')) };
    },
    command: ({ home }) => ({
      cmd: process.execPath,
      args: [cli, 'run', 'all', '--project', work.tickworkDir, '--wait'],
      cwd: root,
      env: inherit ? { ...process.env, TICKWORK_HOME: home } : contenderEnv({ TICKWORK_HOME: home }),
    }),
    // Exit code 0 is Tickwork's promise that every pipeline succeeded; an empty
    // home would mean no durable state was written (e.g. a stub CLI).
    verify: ({ home }) => (countFiles(home) > 0 ? null : `TICKWORK_HOME (${home}) is still empty after the run: no durable state was written`),
    cleanup: ({ home }) => trash.move(home),
  });

  return [
    tickwork({ id: 'tickwork', label: 'tickwork run all --wait (fresh TICKWORK_HOME)', warmup: 1, inherit: false, available: () => null }),
    // The same run with the start-up variables the contenders go without (contenderEnv): their cost, shown, not hidden.
    tickwork({
      id: 'tickwork-env',
      label: "tickwork run all --wait (bench's own environment)",
      warmup: 0,
      inherit: true,
      available: () => (withheldStartupVariables().length > 0 ? null : 'the bench environment holds no start-up variables the contenders go without'),
    }),
    {
      id: 'make-stamp',
      label: `make -j${jobs} (stamp files)`,
      iterations,
      warmup: 1,
      available: () => (onPath('make') ? null : 'make not on PATH'),
      prepare: () => {
        trash.move(stamps);
        fs.mkdirSync(stamps);
        return {};
      },
      command: () => ({ cmd: 'make', args: [`-j${jobs}`, '-f', 'Makefile.stamp'], cwd: work.makeDir }),
      verify: () => expectFiles(stamps, taskCount),
      cleanup: () => {},
    },
    {
      id: 'make-phony',
      label: `make -j${jobs} (.PHONY)`,
      iterations,
      warmup: 1,
      available: () => (onPath('make') ? null : 'make not on PATH'),
      prepare: () => ({}),
      command: () => ({ cmd: 'make', args: [`-j${jobs}`, '-f', 'Makefile.phony'], cwd: work.makeDir }),
      verify: () => null,
      cleanup: () => {},
    },
    {
      id: 'snakemake',
      label: `snakemake -j${jobs} (fresh outputs)`,
      iterations: snakemakeIterations,
      warmup: 0,
      // Snakemake creates and deletes a marker file per job (.snakemake/incomplete/):
      // 1000 deletions per run, which slow file creation for minutes after (trash.mjs).
      deletesFiles: true,
      available: () => (onPath('snakemake') ? null : 'snakemake not on PATH (apt-get install snakemake)'),
      prepare: () => {
        trash.move(snakeOut);
        trash.move(path.join(work.snakemakeDir, '.snakemake'));
        return {};
      },
      command: () => ({ cmd: 'snakemake', args: [`-j${jobs}`, '--snakefile', 'Snakefile'], cwd: work.snakemakeDir }),
      verify: () => expectFiles(snakeOut, taskCount),
      cleanup: () => {},
    },
    {
      id: 'node',
      label: `bare Node spawn (concurrency ${jobs}, dep order)`,
      iterations,
      warmup: 1,
      available: () => null,
      prepare: () => ({}),
      command: () => ({ cmd: process.execPath, args: [path.join(root, 'bench', 'bare-spawn.mjs'), work.dagJson, String(jobs)], cwd: root }),
      verify: (_ctx, run) => (run.stdout.includes(`ran ${taskCount} tasks`) ? null : `bare spawner did not report ${taskCount} tasks: ${run.stdout.trim()}`),
      cleanup: () => {},
    },
    {
      id: 'node-sh',
      label: `bare Node spawn via /bin/sh wrapper (concurrency ${jobs})`,
      iterations,
      warmup: 1,
      available: () => null,
      prepare: () => ({}),
      command: () => ({ cmd: process.execPath, args: [path.join(root, 'bench', 'bare-spawn.mjs'), work.dagJson, String(jobs), '--via-sh'], cwd: root }),
      verify: (_ctx, run) => (run.stdout.includes(`ran ${taskCount} tasks`) ? null : `bare spawner did not report ${taskCount} tasks: ${run.stdout.trim()}`),
      cleanup: () => {},
    },
  ];
}

/** Expands `--only` names: `make` means both make variants; `bare`/`baseline` mean node. */
export function selectContenders(all, only) {
  if (!only) return all;
  const alias = { make: ['make-stamp', 'make-phony'], bare: ['node', 'node-sh'], baseline: ['node', 'node-sh'], stamp: ['make-stamp'], phony: ['make-phony'] };
  const wanted = new Set(only.flatMap((name) => alias[name] ?? [name]));
  const unknown = [...wanted].filter((id) => !all.some((c) => c.id === id));
  if (unknown.length) throw new Error(`unknown contender(s) ${unknown.join(', ')}; choose from ${all.map((c) => c.id).join(', ')}, make`);
  return all.filter((c) => wanted.has(c.id));
}
