import type { Db } from './db.js';
import { storeError } from './errors.js';

// The derived columns of stored rows, filled again with the program's rules when the database was
// filled by other ones. Bounded transactions walk each table by id; the version is written in the
// transaction that finds the last table's end, so a run killed half way leaves the old version
// and the next run walks again (rows already done compare equal and are not written twice).

const KEY = 'derive_version';

/** The rules' version that filled the stored rows; 0 for rows stored before versions were kept. */
export function deriveVersion(db: Db): number {
  const v = db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(KEY) as string | undefined;
  return v === undefined ? 0 : Number(v);
}

export function setDeriveVersion(db: Db, version: number): void {
  db.prepare(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(KEY, String(version));
}

export interface StoredReply {
  id: number;
  code: number | null;
  enhanced: string | null;
  text: string;
  stage: string | null;
  direction: string;
  reason: string;
  remedy_id: string;
}

export interface StoredDelivery {
  id: number;
  status: string;
  code: number | null;
  enhanced: string | null;
  stage: string | null;
  reply_text: string | null;
  detail: string | null;
  stall_kind: string | null;
  local_agent: number;
  /** the last deferral's cause on a bounce that ran out of retries or an expiry; null on rows stored before it was kept */
  last_error: string | null;
  reason: string | null;
  remedy_id: string | null;
}

export interface StoredStall {
  id: number;
  kind: string;
  direction: string;
  remedy_id: string;
}

export interface StoredTlsFailure {
  id: number;
  direction: string;
  detail: string;
  library_error: string | null;
  reason: string | null;
  remedy_id: string | null;
}

/** The program's rules, applied to one stored row. */
export interface Rules {
  reply(r: StoredReply): { reason: string | null; remedy_id: string };
  delivery(d: StoredDelivery): { reason: string | null; remedy_id: string };
  stall(s: StoredStall): string;
  tls(t: StoredTlsFailure): { reason: string | null; remedy_id: string };
}

export interface RederiveOptions {
  /** rows read per transaction */
  batchRows?: number;
  /** stop after this many transactions, done or not (tests: a run killed half way) */
  maxBatches?: number;
}

export interface RederiveResult {
  /** rows whose derived columns changed */
  updated: number;
  transactions: number;
  /** the version was written: every row is derived by `version`'s rules */
  done: boolean;
}

interface Walk {
  select: string;
  update: string;
  /** the UPDATE's parameters (id last), or null when the stored values are the same */
  apply(row: Record<string, unknown>): unknown[] | null;
}

function walks(rules: Rules): Walk[] {
  const same = (row: Record<string, unknown>, d: { reason: string | null; remedy_id: string }) => row.reason === d.reason && row.remedy_id === d.remedy_id;
  return [
    {
      select: `SELECT id, code, enhanced, text, stage, direction, reason, remedy_id FROM replies WHERE id > ? ORDER BY id LIMIT ?`,
      update: `UPDATE replies SET reason = ?, remedy_id = ? WHERE id = ?`,
      apply: (row) => {
        const d = rules.reply(row as unknown as StoredReply);
        return same(row, d) ? null : [d.reason, d.remedy_id, row.id];
      },
    },
    {
      // a successful attempt has nothing derived
      select: `SELECT id, status, code, enhanced, stage, reply_text, detail, stall_kind, local_agent, last_error, reason, remedy_id
               FROM deliveries WHERE id > ? AND status <> 'sent' ORDER BY id LIMIT ?`,
      update: `UPDATE deliveries SET reason = ?, remedy_id = ? WHERE id = ?`,
      apply: (row) => {
        const d = rules.delivery(row as unknown as StoredDelivery);
        return same(row, d) ? null : [d.reason, d.remedy_id, row.id];
      },
    },
    {
      select: `SELECT id, kind, direction, remedy_id FROM stalls WHERE id > ? ORDER BY id LIMIT ?`,
      update: `UPDATE stalls SET remedy_id = ? WHERE id = ?`,
      apply: (row) => {
        const id = rules.stall(row as unknown as StoredStall);
        return row.remedy_id === id ? null : [id, row.id];
      },
    },
    {
      select: `SELECT id, direction, detail, library_error, reason, remedy_id FROM tls_failures WHERE id > ? ORDER BY id LIMIT ?`,
      update: `UPDATE tls_failures SET reason = ?, remedy_id = ? WHERE id = ?`,
      apply: (row) => {
        const d = rules.tls(row as unknown as StoredTlsFailure);
        return same(row, d) ? null : [d.reason, d.remedy_id, row.id];
      },
    },
  ];
}

/** Derives every stored row again with `rules` and records `version` as the database's. */
export function rederive(db: Db, version: number, rules: Rules, opts: RederiveOptions = {}): RederiveResult {
  const size = Math.max(1, opts.batchRows ?? 5000);
  const plan = walks(rules).map((w) => ({ select: db.prepare(w.select), update: db.prepare(w.update), apply: w.apply }));
  let table = 0;
  let after = 0;
  const out: RederiveResult = { updated: 0, transactions: 0, done: false };
  const step = db.transaction(() => {
    let room = size;
    while (table < plan.length && room > 0) {
      const w = plan[table]!;
      const rows = w.select.all(after, room) as Array<Record<string, unknown>>;
      for (const row of rows) {
        const params = w.apply(row);
        if (params !== null) {
          w.update.run(params);
          out.updated++;
        }
      }
      room -= rows.length;
      if (rows.length > 0) after = rows.at(-1)!.id as number;
      if (room > 0) {
        // this table is done: the next one starts from its first row
        table++;
        after = 0;
      }
    }
    if (table === plan.length) {
      setDeriveVersion(db, version);
      out.done = true;
    }
  });
  try {
    while (!out.done && (opts.maxBatches === undefined || out.transactions < opts.maxBatches)) {
      step.immediate();
      out.transactions++;
    }
  } catch (err) {
    throw storeError(err, 'deriving the stored rows again');
  }
  return out;
}
