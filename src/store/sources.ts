import type { Db } from './db.js';
import type { SourceRow } from './writer.js';
import type { SessionState } from '../model/facts.js';
import { SESSION_TTL_MS, sharedKey } from '../model/correlate.js';
import type { Mta } from '../model/types.js';
import { sessionState, type SessionRowDb } from './open-rows.js';
import { StoredMessages } from './stored-messages.js';

// Read checkpoints and the open sessions/messages that span runs.

export interface SourceIdentity {
  path: string;
  kind: 'file' | 'stdin' | 'journal' | 'docker' | 'refused';
  dev: number | null;
  ino: number | null;
  fingerprint: string | null;
}

export class Sources {
  constructor(private readonly db: Db) {}

  all(): SourceRow[] {
    return this.db.prepare('SELECT * FROM sources ORDER BY id').all() as SourceRow[];
  }

  byId(id: number): SourceRow | undefined {
    return this.db.prepare('SELECT * FROM sources WHERE id = ?').get(id) as SourceRow | undefined;
  }

  create(s: SourceIdentity, now: number): SourceRow {
    const info = this.db
      .prepare('INSERT INTO sources (path, kind, dev, ino, fingerprint, byte_offset, lines, updated_at) VALUES (?,?,?,?,?,0,0,?)')
      .run(s.path, s.kind, s.dev, s.ino, s.fingerprint, now);
    return this.byId(Number(info.lastInsertRowid))!;
  }

  /** Drops the row of a file met empty and never read from (it holds no position worth keeping). */
  forgetEmpty(id: number): void {
    this.db.prepare("DELETE FROM sources WHERE id = ? AND kind = 'file' AND byte_offset = 0 AND lines = 0 AND coalesce(fingerprint, '') = ''").run(id);
  }

  /** Records a file that is never to be read (it predates the first run on its live file). */
  createFinal(s: SourceIdentity, offset: number, size: number, now: number): SourceRow {
    const info = this.db
      .prepare('INSERT INTO sources (path, kind, dev, ino, fingerprint, byte_offset, size, lines, updated_at, final) VALUES (?,?,?,?,?,?,?,0,?,1)')
      .run(s.path, s.kind, s.dev, s.ino, s.fingerprint, offset, size, now);
    return this.byId(Number(info.lastInsertRowid))!;
  }

  /**
   * A file a glob or directory found in a format mxlens does not read (kind 'refused', final, no lines):
   * remembered so that it is reported once. `fingerprint` is its first bytes as stored, not uncompressed.
   */
  createRefused(s: Omit<SourceIdentity, 'kind'>, size: number, now: number): SourceRow {
    return this.createFinal({ ...s, kind: 'refused' }, 0, size, now);
  }

  /**
   * The refused file of this identity (see createRefused), wherever it was found before. First bytes
   * compare as a prefix either way: a file still being compressed was shorter when it was met.
   */
  refused(dev: number, ino: number, fingerprint: string): SourceRow | undefined {
    const rows = this.db.prepare("SELECT * FROM sources WHERE kind = 'refused' AND dev = ? AND ino = ? ORDER BY id DESC").all(dev, ino) as SourceRow[];
    return rows.find((r) => r.fingerprint !== null && r.fingerprint !== '' && (fingerprint.startsWith(r.fingerprint) || r.fingerprint.startsWith(fingerprint)));
  }

  /** A file recorded as never to be read (see createFinal), to be read from its start after all. */
  reopen(id: number): SourceRow {
    this.db.prepare('UPDATE sources SET byte_offset = 0, lines = 0, last_ts = NULL, final = 0, prev_line = NULL, pending_parts = NULL, recent_exim = NULL, last_line = NULL WHERE id = ?').run(id);
    return this.byId(id)!;
  }

  /** The source a JSON stream (journald, Docker) resumes from, by its name. */
  byName(kind: SourceIdentity['kind'], path: string): SourceRow | undefined {
    return this.db.prepare('SELECT * FROM sources WHERE kind = ? AND path = ? ORDER BY id DESC LIMIT 1').get(kind, path) as SourceRow | undefined;
  }

  /**
   * The stream read before that a stream beginning with these bytes (hex, see FINGERPRINT_BYTES)
   * goes on from: one whose first bytes and these are one a prefix of the other (either was shorter
   * when read). Of several (a filtered copy read whole with --no-resume begins like its log), the one
   * read furthest: a filter's output is shorter than its log, and the log's own stream has usually
   * been read further than any copy taken from it. An empty stream is the last empty one, so that a
   * cron job piping nothing, run after run, keeps one row.
   */
  streamByFingerprint(fingerprint: string): SourceRow | undefined {
    if (fingerprint === '') {
      return this.db.prepare("SELECT * FROM sources WHERE kind = 'stdin' AND fingerprint = '' AND byte_offset = 0 ORDER BY id DESC LIMIT 1").get() as SourceRow | undefined;
    }
    // a file's row too: a log piped in after a file of it was read (xzcat mail.log.1.xz | mxlens analyse -
    // after the live file was read) goes on from the file's checkpoint
    const rows = this.db.prepare("SELECT * FROM sources WHERE kind IN ('stdin', 'file') AND coalesce(fingerprint, '') <> '' ORDER BY byte_offset DESC, id DESC").all() as SourceRow[];
    return rows.find((r) => fingerprint.startsWith(r.fingerprint!) || r.fingerprint!.startsWith(fingerprint));
  }

  /** Spans read of one stream of a JSON log, positions as 16 hex digits (see migration 0010). */
  spans(scope: string, stream: string): Array<[lo: string, hi: string]> {
    const rows = this.db.prepare('SELECT lo, hi FROM read_spans WHERE scope = ? AND stream = ? ORDER BY lo').all(scope, stream) as Array<{ lo: string; hi: string }>;
    return rows.map((r) => [r.lo, r.hi]);
  }

  /** Points a source at a new name or inode (a rotated file seen under its new name). */
  rename(id: number, path: string, dev: number | null, ino: number | null): void {
    this.db.prepare('UPDATE sources SET path = ?, dev = ?, ino = ? WHERE id = ?').run(path, dev, ino, id);
  }

}

/** The next free row ids of sessions and messages. */
export function nextIds(db: Db): { session: number; message: number } {
  const one = (t: string) => (db.prepare(`SELECT coalesce(max(id), 0) + 1 AS n FROM ${t}`).get() as { n: number }).n;
  return { session: one('sessions'), message: one('messages') };
}

/**
 * Sessions still open in the database, the open messages (read back when a line names them,
 * store/stored-messages.ts), and each host's latest log time.
 */
export function loadOpenState(db: Db): { sessions: SessionState[]; displaced: SessionState[]; stored: StoredMessages; clocks: Map<string, number> } {
  // postscreen sessions that passed and may hear more of their connection are open too (see PASS_LINGER_MS)
  const srows = db.prepare("SELECT * FROM sessions WHERE end_ts IS NULL AND (end_reason IS NULL OR end_reason <> 'unterminated') ORDER BY id DESC").all() as SessionRowDb[];
  const sessions = srows.map(sessionState);
  const clocks = new Map((db.prepare('SELECT host, latest_ts FROM host_clocks').raw().all() as Array<[string, number]>));
  return { sessions: sessions.sort((a, b) => a.rowId - b.rowId), displaced: displacedSessions(db, clocks), stored: new StoredMessages(db), clocks };
}

/** Rows a displaced connection may be among (migration 0026's index); sorted by the caller, since with
 *  ORDER BY id SQLite walks the whole table in id order rather than the index. */
export const DISPLACED = `SELECT * FROM sessions WHERE end_ts IS NULL AND end_reason = 'unterminated' AND client_port IS NULL AND seen_clock >= ?`;

/**
 * Connections displaced by another from the same address under a shared key (model/correlate-sessions.ts,
 * sharedKey) and still revivable: stored unterminated, with no end, seen within a session's lifetime
 * of their host's clock, as a run that had gone on would still hold them. Oldest first.
 */
function displacedSessions(db: Db, clocks: ReadonlyMap<string, number>): SessionState[] {
  if (clocks.size === 0) return [];
  let since = Infinity;
  for (const t of clocks.values()) since = Math.min(since, t - SESSION_TTL_MS);
  const rows = db.prepare(DISPLACED).all(since) as SessionRowDb[];
  return rows
    .filter((r) => sharedKey(r.mta as Mta, r.program, r.pid, r.client_port) && r.seen_clock != null && r.seen_clock >= clocks.get(r.host)! - SESSION_TTL_MS)
    .sort((a, b) => a.id - b.id)
    .map(sessionState);
}
