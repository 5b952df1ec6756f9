import { accessSync, constants, statSync, unlinkSync } from 'node:fs';
import { resolveDbPath } from './db-path.js';
import { StoreError } from './errors.js';

// A reader run by another user can leave `-wal` and `-shm` that the writer may not write: an older
// mxlens did so at every report, and a reader still can in one narrow race (it saw the writer's `-wal`
// a moment before that writer closed and removed it). SQLite would then open them read-only and
// analyse would fail at its first write, run after run. The writer, under its lock, removes such files
// before it opens the database: a reader never writes the log, so an empty `-wal` of another user
// holds nothing, and `-shm` is only an index that SQLite rebuilds from the log.

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const help = 'run report and query as the user that runs analyse, or give both one group (see Permissions in the README)';

function remove(path: string, uid: number): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new StoreError('readonly', `${path} belongs to uid ${uid}, and this user can neither write nor remove it: remove it, then ${help}`);
  }
}

/** Removes a `-wal` (when empty) and `-shm` next to the database that this user cannot write. */
export function reclaimWalFiles(dbPath: string): void {
  const path = resolveDbPath(dbPath);
  const stat = (p: string) => {
    try {
      return statSync(p);
    } catch {
      return null;
    }
  };
  const wal = stat(`${path}-wal`);
  const shm = stat(`${path}-shm`);
  const walBad = wal !== null && !writable(`${path}-wal`);
  const shmBad = shm !== null && !writable(`${path}-shm`);
  if (walBad && wal.size > 0) {
    throw new StoreError('readonly', `${path}-wal holds changes written by uid ${wal.uid} that this user cannot write: run analyse as that user`);
  }
  // the log first: from then on a reader finds no -wal and reads the database file alone
  if (walBad) remove(`${path}-wal`, wal.uid);
  if (shm !== null && (walBad || shmBad)) remove(`${path}-shm`, shm.uid);
}
