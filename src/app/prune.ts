import { existsSync } from 'node:fs';
import { missingDb, openForWrite } from '../store/db.js';
import { acquireLock } from '../store/lock.js';
import { prune, type PruneResult } from '../store/prune.js';

export interface PruneOptions {
  db: string;
  /** rows older than this (epoch ms) are deleted */
  cutoffMs: number;
  vacuum: boolean;
  waitSeconds?: number;
}

/** Deletes old rows under the same lock as analyse, so the two never interleave. */
export async function pruneDb(opts: PruneOptions): Promise<PruneResult> {
  // before the lock, so that a mistyped --db leaves neither a database nor a lock file behind
  if (!existsSync(opts.db)) throw missingDb(opts.db);
  const lock = await acquireLock(opts.db, { waitSeconds: opts.waitSeconds ?? 0 });
  try {
    const db = openForWrite(opts.db, { mustExist: true });
    try {
      return prune(db, opts.cutoffMs, { vacuum: opts.vacuum });
    } finally {
      db.close();
    }
  } finally {
    lock.release();
  }
}
