import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { DERIVE_VERSION } from '../../src/app/derive.js';
import { migrate } from '../../src/store/migrate.js';
import { asSchema, dumpFacts, fixture, tempDir } from '../helpers.js';

// An administrator ran an early mxlens (schema 4) from cron, then upgraded. The rows that version
// stored differ from what this one stores for the same lines in known ways; after one analyse
// (that finds no new line) the database holds exactly the facts a fresh database of the same logs
// holds. The old database is built here from the migrations of then and the rows a fresh run
// stores, changed back to what that version wrote.

const LOGS = [
  'lab/postfix-maillog_file.log', 'corpus/postfix/gomaillex-maillog.log', 'corpus/postfix/louisitvn-pflgviewer.log',
  'lab/exim-mainlog.log', 'lab/exim-rejectlog.log', 'corpus/exim/exim-testsuite-mainlog.log',
  'lab2/lab2-exim-mainlog.log', 'lab2/lab2-exim-rejectlog.log',
].map(fixture);
const NOW = () => Date.parse('2026-11-29T00:00:00Z');

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const fresh = join(tmp.dir, 'fresh.db');

beforeAll(async () => {
  await analyse({ db: fresh, inputs: LOGS, now: NOW, year: 2026 });
});

/** How that version filled what it stored. */
const OLD_ROWS = `
  -- no postfix.delivery.local-agent pattern yet: mailbox, pipe and error(8) lines were ordinary status lines
  UPDATE deliveries SET pattern = 'postfix.delivery.status' WHERE pattern = 'postfix.delivery.local-agent';
  -- a relay=none failure kept relay none, whatever server its text named
  UPDATE deliveries SET relay_host = 'none', relay_ip = NULL WHERE mta = 'postfix' AND line LIKE '%relay=none,%';
  -- Exim rejections at a command limit, and of VRFY and EXPN, had no stage
  UPDATE replies SET stage = 'UNKNOWN' WHERE pattern = 'exim.reject.too-many' OR (pattern = 'exim.reject.other-acl' AND stage IN ('VRFY', 'EXPN'));
  -- (and later) a refused ETRN and a pipelining error had no stage; a refused VRFY or ETRN implied 550
  UPDATE replies SET stage = 'UNKNOWN' WHERE (pattern = 'exim.reject.other-acl' AND stage = 'ETRN') OR (pattern = 'exim.reject.sync' AND stage = 'MAIL');
  UPDATE replies SET code = 550 WHERE pattern = 'exim.reject.other-acl' AND stage IN ('VRFY', 'UNKNOWN') AND code_derived = 1 AND code IN (252, 458);
  -- (until derivation version 13) a limit on nonmail commands or on syntax or protocol errors implied 421
  UPDATE replies SET code = 421 WHERE pattern = 'exim.reject.too-many' AND code_derived = 1 AND line NOT LIKE '%too many unrecognized commands%';
  -- (until derivation version 14) the words after 'rejected MAIL' were a sender: 'from [127.0.0.1]' before HELO,
  -- 'command U=CALLER' at a connection's message limit; and an older release's remote refusal, which names the
  -- remote inside the text ('after RCPT TO:<a@b>: host x [ip]: 451 ...'), had no relay and kept the host in its detail
  UPDATE replies SET pattern = 'exim.reject.mail', code = 550, client_host = NULL, client_ip = NULL,
    sender = substr(line, instr(line, 'rejected MAIL ') + 14, instr(line, ': no HELO/EHLO given') - instr(line, 'rejected MAIL ') - 14)
    WHERE pattern = 'exim.reject.mail-no-helo';
  UPDATE replies SET pattern = 'exim.reject.mail', code = 550,
    sender = substr(line, instr(line, 'rejected MAIL ') + 14, instr(line, ': too many messages') - instr(line, 'rejected MAIL ') - 14)
    WHERE pattern = 'exim.reject.mail-per-connection';
  UPDATE deliveries SET relay_host = NULL, relay_ip = NULL, detail = substr(line, instr(line, 'SMTP error from'))
    WHERE mta = 'exim' AND status <> 'sent' AND line LIKE '%SMTP error from remote mail server after %: host % [%]: %';
  -- a rejectlog entry's line went on with NUL and the assembler's tag and header lines
  UPDATE replies SET line = line || char(0) || 'rejectlog' || char(0) || 'Envelope-from: <>' WHERE origin = 'rejectlog';
`;

type Row = Record<string, unknown>;

/**
 * The facts, but for one thing no upgrade can restore: whether an Exim delivery that succeeded
 * went through a local transport (its line is not kept, and its columns do not tell; the README says so).
 */
function facts(path: string): Record<string, unknown[]> {
  const f = dumpFacts(path);
  // per-minute and per-host counts came later: they cannot be rebuilt from the hourly ones; TLS failures
  // came later too, and their lines were not kept (the README says so)
  for (const t of ['line_minutes', 'miss_minutes', 'miss_hosts', 'miss_host_minutes', 'tls_failures']) delete f[t];
  // queue actions (migration 0020) and each host's latest log time (0021) came later: their lines are
  // not kept, so an old database has none of these rows until it reads new lines (the README says so)
  for (const t of ['message_notes', 'host_clocks']) delete f[t];
  // a connection's HELO name (0022) and serving process (0027) came later, and its lines are not kept
  // so did the host's clock at each row's last line (0030): rows no run reads again keep none, and those a run
  // reads back take their own last time (store/open-rows.ts and the migration)
  f.sessions = (f.sessions as Row[]).map((s) => ({ ...s, helo: null, proc: null, seen_clock: null }));
  // the message a bounce or forward came from (0019) is read from lines that are not kept; the causes an
  // open message keeps (0016) come from its deferrals' lines and the H= lines before them, the latter
  // never kept (the open rows of a database that had causes are checked in upgrade-reread.test.ts)
  f.messages = (f.messages as Row[]).map((m) => ({ ...m, parent_id: null, causes: null, last_clock: null }));
  f.deliveries = withoutCauses((f.deliveries as Row[]).map((d) => (d.mta === 'exim' && d.status === 'sent' ? { ...d, local_agent: null } : d)));
  return f;
}

/**
 * Nor the cause a bounce that ran out of retries (or an expiry) takes from its last deferral: a
 * row stored before causes were kept has none, and keeps the reason and remedy it had (the README
 * says so). What that cause decides is left out on both sides; `causesKept` checks the old rows.
 */
function withoutCauses(rows: Row[]): Row[] {
  return rows.map((d) => (causeLines.has(d.line as string) ? { ...d, last_error: null, reason: null, remedy_id: null, local_agent: null } : d));
}

let causeLines = new Set<string>();
beforeAll(() => {
  const db = new Database(fresh, { readonly: true });
  causeLines = new Set(db.prepare('SELECT line FROM deliveries WHERE last_error IS NOT NULL').pluck().all() as string[]);
  db.close();
  // the retry timeouts and expiries of the lab and corpus logs
  expect(causeLines.size).toBeGreaterThan(10);
});

/** The rows that name a cause in a fresh database name none in an upgraded one, and group as they did. */
function causesKept(path: string): void {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT line, last_error, reason FROM deliveries WHERE line IS NOT NULL').all() as Array<{ line: string; last_error: string | null; reason: string | null }>;
  db.close();
  const old = rows.filter((r) => causeLines.has(r.line));
  expect(new Set(old.map((r) => r.line)).size).toBe(causeLines.size);
  expect(old.filter((r) => r.last_error !== null || (r.reason ?? '').includes('last error'))).toEqual([]);
}

describe('a database an early mxlens filled, after the upgrade', () => {
  test('holds the facts a fresh database of the same logs holds', async () => {
    const path = join(tmp.dir, 'old.db');
    const db = asSchema(fresh, path, 4);
    db.exec(OLD_ROWS);
    // the rows are really what the old version left: each kind of difference is there
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    expect(count(`SELECT count(*) FROM deliveries WHERE program GLOB '*/error' AND status <> 'sent'`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM deliveries WHERE relay_host = 'none' AND detail LIKE 'delivery temporarily suspended: %'`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM replies WHERE mta = 'exim' AND stage = 'UNKNOWN' AND pattern = 'exim.reject.too-many'`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM replies WHERE instr(line, char(0)) > 0`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM replies WHERE mta = 'exim' AND code = 550 AND line LIKE '%rejected VRFY%'`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM replies WHERE mta = 'exim' AND stage = 'UNKNOWN' AND line LIKE '%rejected ETRN%'`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM replies WHERE pattern = 'exim.reject.too-many' AND code = 421 AND line LIKE '%nonmail commands%'`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM replies WHERE pattern = 'exim.reject.mail' AND sender LIKE 'from %' AND line LIKE '%no HELO/EHLO given'`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM replies WHERE pattern = 'exim.reject.mail' AND sender LIKE 'command %'`)).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM deliveries WHERE mta = 'exim' AND relay_ip IS NULL AND detail LIKE '%: host % [%]: %'`)).toBeGreaterThan(0);
    db.close();
    expect(facts(path)).not.toEqual(facts(fresh));

    // the next cron run: the same logs, nothing new in them
    await analyse({ db: path, inputs: LOGS, now: NOW, year: 2026 });
    expect(facts(path)).toEqual(facts(fresh));
    causesKept(path);
    const up = new Database(path, { readonly: true });
    expect(up.prepare(`SELECT value FROM meta WHERE key = 'derive_version'`).pluck().get()).toBe(String(DERIVE_VERSION));
    up.close();
  });

  test('Exim failures by a router or local transport, stored before mxlens told them apart, become local', async () => {
    const path = join(tmp.dir, 'exim.db');
    const db = asSchema(fresh, path, 4);
    db.close();
    // a database of schema 6..12 whose Exim rows all say 0 (local_agent came with 0006; local
    // transports were told apart later), its rows derived by the rules of then
    const mid = new Database(path);
    migrate(mid);
    mid.exec(`UPDATE deliveries SET local_agent = 0 WHERE mta = 'exim';
              INSERT INTO meta (key, value) VALUES ('derive_version', '2')`);
    const local = mid.prepare(`SELECT count(*) FROM deliveries WHERE mta = 'exim' AND status <> 'sent' AND line IS NOT NULL`).pluck().get() as number;
    mid.close();
    expect(local).toBeGreaterThan(0);
    await analyse({ db: path, inputs: LOGS, now: NOW, year: 2026 });
    const failed = (p: string) => withoutCauses(dumpFacts(p).deliveries as Row[]).filter((d) => d.mta === 'exim' && d.status !== 'sent');
    expect(failed(path)).toEqual(failed(fresh));
  });
});
