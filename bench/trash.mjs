// Nothing the bench generates is deleted while anything is being timed: each
// iteration's outputs (a Tickwork home, make's stamps, Snakemake's outputs)
// are renamed into a trash directory, which is emptied once, after the last
// measurement.
//
// Why: on ext4 without a journal (this VM's root file system), a deleted
// inode stays "recently deleted" for about a minute (fs/ext4/ialloc.c
// recently_deleted(); longer while its inode-table block is not yet written
// back), and every new file's inode allocation scans past such inodes
// (`perf record`: __ext4_new_inode → find_inode_bit → recently_deleted).
// Measured: 200 creations 15–40 s after deleting 3000 files cost 280–750 µs
// each, in the same directory or a sibling; from 45–60 s on, 13–21 µs.
// After a cleanup of 1000 files, the next 1000 creations cost 0.3–0.9 ms each
// instead of ~20 µs (measured: `: >> f$i` × 1000 took 0.8–0.9 s of system time,
// against 23 ms later on). Deleting between iterations therefore taxed
// whichever contender created files next — Tickwork's homes, made beside the
// deleted ones, worst — by up to 0.9 s on a ~0.7 s run, in an order that had
// nothing to do with the tools compared. A rename frees no inode. The bench
// also probes file creation before each section and waits while it is slow.
import fs from 'node:fs';
import path from 'node:path';

/** A trash directory under `workDir`; `move` renames into it, `empty` deletes it (and any left by an interrupted bench). */
export function createTrash(workDir) {
  const dir = path.join(workDir, `trash-${process.pid}`);
  let count = 0;
  const move = (target) => {
    if (!fs.existsSync(target)) return;
    fs.mkdirSync(dir, { recursive: true });
    fs.renameSync(target, path.join(dir, `${count++}-${path.basename(target)}`));
  };
  // An interrupted bench's trash waits here too: deleting it now would slow the first contender.
  if (fs.existsSync(workDir)) for (const name of fs.readdirSync(workDir)) if (name.startsWith('trash-')) move(path.join(workDir, name));
  return {
    move,
    empty: () => {
      for (const name of fs.existsSync(workDir) ? fs.readdirSync(workDir) : []) {
        if (name.startsWith('trash-')) fs.rmSync(path.join(workDir, name), { recursive: true, force: true });
      }
    },
  };
}

/** Microseconds per file creation in `workDir` right now (200 empty files, moved to `trash` afterwards). */
export function probeFileCreation(workDir, trash) {
  const dir = path.join(workDir, `probe-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  const started = process.hrtime.bigint();
  for (let i = 0; i < 200; i++) fs.closeSync(fs.openSync(path.join(dir, `f${i}`), 'a'));
  const us = Number(process.hrtime.bigint() - started) / 1000 / 200;
  trash.move(dir);
  return us;
}
