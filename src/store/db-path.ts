import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * The one name of a database file, whatever path reached it: symbolic links (to the file or to a
 * directory on the way, even one pointing at a file not created yet) and `..` resolved. The lock is
 * named after it, so `real.db` and a link to it share one lock; SQLite resolves links itself too,
 * so its `-wal` and `-shm` sit next to this name.
 */
export function resolveDbPath(path: string): string {
  let cur = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return realpathSync(cur);
    } catch {
      /* not there yet, or a link to a file not there yet */
    }
    let link = false;
    try {
      link = lstatSync(cur).isSymbolicLink();
    } catch {
      /* no such file */
    }
    if (!link) break;
    cur = resolve(dirname(cur), readlinkSync(cur));
  }
  try {
    return join(realpathSync(dirname(cur)), basename(cur));
  } catch {
    return cur;
  }
}
