import { openForWrite } from '../store/db.js';
import { acquireLock } from '../store/lock.js';
import { prune, type PruneResult } from '../store/prune.js';
import { DERIVE_VERSION } from './derive.js';

export interface PruneOptions {
  db: string;
  /** rows older than this (epoch ms) are deleted */
  cutoffMs: number;
  vacuum: boolean;
  waitSeconds?: number;
}

/** Deletes old rows under the same lock as analyse, so the two never interleave. */
export async function pruneDb(opts: PruneOptions): Promise<PruneResult> {
  const lock = await acquireLock(opts.db, { waitSeconds: opts.waitSeconds ?? 0 });
  try {
    const db = openForWrite(opts.db, { deriveVersion: DERIVE_VERSION });
    try {
      return prune(db, opts.cutoffMs, { vacuum: opts.vacuum });
    } finally {
      db.close();
    }
  } finally {
    lock.release();
  }
}
