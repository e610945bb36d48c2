/**
 * `tickwork lake gc [--keep N] [--apply] [--project DIR] [--json]`: the
 * older versions of the project's published partitions that can go (the N
 * newest versions of each partition stay, default 1, and so does every
 * version a latest successful result uses: engine/lake/lake-gc.ts), rows
 * whose directory is gone, and this home's stale staging directories —
 * listed with their bytes; `--apply` removes them. Exit 0 either way.
 */
import { flag, int, parse, str } from '../args.js';
import { loadProjectOrExit, openHomeStore } from '../context.js';
import { applyLakeGc, DEFAULT_GC_KEEP, planLakeGc, type LakeGcPlan, type LakeGcResult } from '../../engine/lake/lake-gc.js';
import { formatSize } from '../../../shared/sizes.js';
import { plural } from '../../../shared/plural.js';
import { time } from '../format.js';
import { partitionJson, shortHash } from '../lake-format.js';

/** Options of `lake gc` (help.ts describes each). */
export const lakeGcOptions = { keep: { type: 'string' }, apply: { type: 'boolean' }, project: { type: 'string' }, json: { type: 'boolean' } } as const;

/** Runs `tickwork lake gc …`; resolves to the exit code. */
export async function lakeGcCommand(argv: readonly string[]): Promise<number> {
  const args = parse('lake gc', argv, lakeGcOptions, 'none');
  const project = loadProjectOrExit(str(args, 'project'));
  const keep = int(args, 'keep', DEFAULT_GC_KEEP, 'lake gc');
  const apply = flag(args, 'apply');
  const { db, home } = openHomeStore();
  let plan: LakeGcPlan;
  let result: LakeGcResult | null = null;
  try {
    plan = planLakeGc(db, project, { keep, homeRoot: home.root, now: Date.now() });
    if (apply) result = applyLakeGc(db, project, plan);
  } finally {
    db.close();
  }
  if (flag(args, 'json')) {
    process.stdout.write(JSON.stringify({ project: project.name, apply, ...plan, remove: plan.remove.map(partitionJson), forget: plan.forget.map(partitionJson), result }) + '\n');
    return 0;
  }
  process.stdout.write(`${formatGc(project.name, plan, result).join('\n')}\n`);
  return 0;
}

function formatGc(project: string, plan: LakeGcPlan, result: LakeGcResult | null): string[] {
  const verb = result ? 'removed' : 'would remove';
  const lines = [`project ${project}: keeping the ${plan.keep === 1 ? 'newest version' : `${plan.keep} newest versions`} of each partition and every version a latest result uses`];
  if (plan.remove.length > 0) {
    lines.push(`${verb} ${plural(plan.remove.length, 'partition')} (${formatSize(plan.remove.reduce((s, p) => s + p.bytes, 0))}):`);
    for (const p of plan.remove) lines.push(`  ${p.dataset} ${p.partitionKey || '(whole)'} hash ${shortHash(p.hash)} · run ${p.runId} · published ${time(p.publishedAt)} · ${formatSize(p.bytes)}  ${p.path}`);
  }
  if (plan.forget.length > 0) lines.push(`${result ? 'forgot' : 'would forget'} ${plural(plan.forget.length, 'row')} whose directory is gone: ${plan.forget.map((p) => `${p.dataset} ${p.partitionKey}`).join(', ')}`);
  if (plan.leftovers.length > 0) {
    lines.push(`${verb} ${plural(plan.leftovers.length, 'leftover directory', 'leftover directories')} of ended attempts (${formatSize(plan.leftovers.reduce((s, l) => s + l.bytes, 0))}):`);
    for (const l of plan.leftovers) lines.push(`  ${l.path}`);
  }
  if (plan.remove.length + plan.forget.length + plan.leftovers.length === 0) lines.push('nothing to remove');
  const kept = [plan.kept.inUse > 0 && `${plural(plan.kept.inUse, 'older version')} in use by a latest result`, plan.kept.unrecorded > 0 && `${plural(plan.kept.unrecorded, 'older version')} not recorded in this home's store (another home or a local-mode run published it)`].filter(Boolean);
  if (kept.length > 0) lines.push(`kept: ${kept.join('; ')}`);
  for (const s of result?.skipped ?? []) lines.push(`skipped ${s.path}: ${s.why}`);
  if (!result && plan.bytes > 0) lines.push(`a dry run: nothing was deleted; tickwork lake gc --apply deletes it (${formatSize(plan.bytes)})`);
  else if (!result && plan.forget.length > 0) lines.push('a dry run: nothing was deleted; tickwork lake gc --apply deletes it');
  return lines;
}
