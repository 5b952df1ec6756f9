import type { Db } from '../store/db.js';
import { deriveVersion, rederive, type RederiveOptions, type RederiveResult } from '../store/rederive.js';
import { DERIVE_VERSION, deriveDelivery, deriveReply, deriveStall } from './derive.js';

// Stored rows whose reason and remedy_id were derived by other rules than this program's (an
// upgrade, or a downgrade) are derived again, with the very functions the writer uses for new rows,
// so old and new rows group together. Runs under the analyse lock, before any line is read.

/** null when the database's rows already follow this program's rules (nothing is written). */
export function rederiveIfNeeded(db: Db, opts: RederiveOptions = {}): RederiveResult | null {
  if (deriveVersion(db) === DERIVE_VERSION) return null;
  return rederive(db, DERIVE_VERSION, {
    reply: deriveReply,
    delivery: deriveDelivery,
    stall: (s) => deriveStall(s.kind, s.direction),
  }, opts);
}
