import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT } from '../helpers.js';
import { loadMigrations, migrate, schemaVersion } from '../../src/store/migrate.js';

// A database written by an earlier mxlens is brought up to date when it is next opened for writing.

describe('migrations', () => {
  test('remedy ids renamed in the catalogue are renamed in stored rows (0005)', () => {
    const all = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, all.filter((m) => m.version <= 4));
    expect(schemaVersion(db)).toBe(4);
    const reply = db.prepare(`INSERT INTO replies (host, mta, program, kind, direction, text, reason, remedy_id, pattern, line)
                              VALUES ('mx', 'exim', 'exim', 'reject', 'inbound', 't', 't', ?, 'p', 'l')`);
    reply.run('text.postfix.sender-rejected');
    reply.run('text.postfix.unknown-client');
    reply.run('code.550');
    db.prepare(`INSERT INTO deliveries (host, mta, program, status, remedy_id, pattern) VALUES ('mx', 'postfix', 'smtp', 'bounced', ?, 'p')`)
      .run('text.postfix.unknown-client');

    migrate(db, all);
    expect(schemaVersion(db)).toBe(all.at(-1)!.version);
    expect(db.prepare('SELECT remedy_id FROM replies ORDER BY id').pluck().all()).toEqual(['text.sender-rejected', 'text.unknown-client', 'code.550']);
    expect(db.prepare('SELECT remedy_id FROM deliveries').pluck().get()).toBe('text.unknown-client');
  });

  test('deliveries stored as SOFTBOUNCE (soft_bounce = yes) become the deferrals they are (0033)', () => {
    const all = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, all.filter((m) => m.version <= 32));
    const delivery = db.prepare(`INSERT INTO deliveries (host, mta, program, status, remedy_id, pattern) VALUES ('mx', 'postfix', 'postfix/smtp', ?, 'code.501', 'p')`);
    for (const s of ['SOFTBOUNCE', 'bounced', 'deferred']) delivery.run(s);
    migrate(db, all);
    expect(db.prepare('SELECT status FROM deliveries ORDER BY id').pluck().all()).toEqual(['deferred', 'bounced', 'deferred']);
    expect(db.prepare('SELECT count(*) FROM deferrals').pluck().get()).toBe(2);
  });

  test('all_replies names the remote server of an outbound reply as its peer, the client of an inbound one (0029)', () => {
    const db = new Database(':memory:');
    migrate(db, loadMigrations());
    const reply = db.prepare(`INSERT INTO replies (host, mta, program, kind, direction, client_ip, relay_ip, text, reason, remedy_id, pattern, line)
                              VALUES ('mx', 'exim', 'exim', ?, ?, ?, ?, 't', 't', 'code.550', 'p', 'l')`);
    reply.run('reject', 'inbound', '192.0.2.1', null);
    reply.run('remote-error', 'outbound', null, '198.51.100.7');
    expect(db.prepare('SELECT kind, peer_ip FROM all_replies ORDER BY kind').all()).toEqual([
      { kind: 'reject', peer_ip: '192.0.2.1' },
      { kind: 'remote-error', peer_ip: '198.51.100.7' },
    ]);
  });

  test('all_replies calls a delivery our own agent failed local, a remote server\'s outbound (0029)', () => {
    const db = new Database(':memory:');
    migrate(db, loadMigrations());
    const delivery = db.prepare(`INSERT INTO deliveries (host, mta, program, recipient, relay_ip, status, code, local_agent, pattern, line)
                                 VALUES ('mx', 'postfix', ?, 'u@example.net', ?, ?, ?, ?, 'p', 'l')`);
    delivery.run('error', null, 'bounced', 550, 1);
    delivery.run('smtp', '198.51.100.7', 'bounced', 550, 0);
    delivery.run('smtp', '198.51.100.7', 'sent', null, 0);
    expect(db.prepare('SELECT direction, peer_ip FROM all_replies ORDER BY direction').all()).toEqual([
      { direction: 'local', peer_ip: null },
      { direction: 'outbound', peer_ip: '198.51.100.7' },
    ]);
  });

  test('the rate-limit entry, which answers Postfix limits too, keeps its rows under its new id (0017)', () => {
    const all = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, all.filter((m) => m.version <= 16));
    db.prepare(`INSERT INTO replies (host, mta, program, kind, direction, text, reason, remedy_id, pattern, line)
                VALUES ('mx', 'postfix', 'postfix/smtpd', 'reject', 'inbound', 't', 't', ?, 'p', 'l')`).run('text.exim.rate-limit');
    db.prepare(`INSERT INTO deliveries (host, mta, program, status, remedy_id, pattern) VALUES ('mx', 'exim', 'exim', 'deferred', ?, 'p')`).run('text.exim.rate-limit');
    migrate(db, all);
    expect(db.prepare('SELECT remedy_id FROM replies').pluck().get()).toBe('text.rate-limit');
    expect(db.prepare('SELECT remedy_id FROM deliveries').pluck().get()).toBe('text.rate-limit');
  });

  test('deliveries read before 0006 learn which ones our own Postfix agents failed', () => {
    const all = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, all.filter((m) => m.version <= 5));
    const ins = db.prepare(`INSERT INTO deliveries (host, mta, program, status, relay_host, relay_ip, pattern) VALUES ('mx', ?, ?, ?, ?, ?, ?)`);
    ins.run('postfix', 'postfix/error', 'bounced', 'none', null, 'postfix.delivery.local-agent');
    ins.run('postfix', 'postfix/error', 'deferred', '127.0.0.1', '127.0.0.1', 'postfix.delivery.local-agent');
    ins.run('postfix', 'postfix/smtp', 'bounced', 'none', null, 'postfix.delivery.status');
    ins.run('exim', 'exim', 'bounced', null, null, 'exim.delivery');
    migrate(db, all);
    expect(db.prepare('SELECT local_agent FROM deliveries ORDER BY id').pluck().all()).toEqual([1, 0, 0, 0]);
  });

  test('a JSON checkpoint stored before 0010 still marks what it said was read', () => {
    const all = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, all.filter((m) => m.version <= 9));
    const ins = db.prepare(`INSERT INTO sources (path, kind, cursor) VALUES (?, ?, ?)`);
    ins.run('-', 'journal', 's=0123abc;i=1F;b=b1;m=9;t=5f1e2d;x=7');
    ins.run('export.json', 'journal', 's=0123abc;i=a');
    ins.run('other.json', 'journal', 'nonsense');
    ins.run('-', 'docker', '1795888800000000123');
    ins.run('/var/log/mail.log', 'file', null);
    migrate(db, all);
    expect(db.prepare('SELECT scope, stream, lo, hi FROM read_spans ORDER BY scope').all()).toEqual([
      { scope: 'docker:-', stream: '*', lo: '0000000000000000', hi: 1795888800000000123n.toString(16).padStart(16, '0') },
      // two sources of one journal: the further one counts
      { scope: 'journal:0123abc', stream: '*', lo: '0000000000000000', hi: '000000000000001f' },
    ]);
  });
});

describe('text stored with the NUL-joined parts of an Exim entry (before 0012)', () => {
  test('ends at the NUL, and misses that differed only after it count as one shape', () => {
    const all = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, all.filter((m) => m.version <= 4));
    const NUL = '\u0000';
    const miss = db.prepare(`INSERT INTO misses (program, shape, count, first_ts, last_ts, example) VALUES ('exim', ?, ?, ?, ?, ?)`);
    // the same entry with other header lines; the mask had left a space before the NUL
    miss.run(`QID test write to LOG_REJECT${NUL}rejectlog${NUL}Envelope-from: <a>`, 2, 2000, 3000, `l1${NUL}rejectlog`);
    miss.run(`QID test write to LOG_REJECT ${NUL}rejectlog${NUL}Envelope-from: <b>`, 1, 1000, 1500, `l0${NUL}rejectlog`);
    miss.run('N unknown shape', 4, null, null, 'x');
    db.prepare(`INSERT INTO problems (host, mta, program, severity, shape, line) VALUES ('', 'exim', 'exim', 'panic', 's', ?)`).run(`panic text${NUL}paniclog`);
    migrate(db, all);
    expect(db.prepare('SELECT program, shape, count, first_ts, last_ts, example FROM misses ORDER BY shape').all()).toEqual([
      { program: 'exim', shape: 'N unknown shape', count: 4, first_ts: null, last_ts: null, example: 'x' },
      { program: 'exim', shape: 'QID test write to LOG_REJECT', count: 3, first_ts: 1000, last_ts: 3000, example: 'l0' },
    ]);
    expect(db.prepare('SELECT line FROM problems').pluck().get()).toBe('panic text');
  });
});

describe('postscreen connections stored as two sessions (before 0013)', () => {
  test('the DISCONNECT closes the HANGUP or PASS session before it, and its own row goes', () => {
    const all = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, all.filter((m) => m.version <= 6));
    const ins = db.prepare(`INSERT INTO sessions (id, host, mta, program, pid, client_ip, client_port, start_ts, end_ts, seen_ts, end_reason, rejects)
                            VALUES (?, 'mx', 'postfix', ?, 7, ?, ?, ?, ?, ?, ?, ?)`);
    const P = 'postfix/postscreen';
    // HANGUP then DISCONNECT a millisecond later
    ins.run(1, P, '192.0.2.1', 4000, 1000, 5000, 5000, 'hangup', 0);
    ins.run(2, P, '192.0.2.1', 4000, 5001, 5001, 5001, 'disconnect', 0);
    // PASS, postscreen kept talking, DISCONNECT five minutes later
    ins.run(3, P, '192.0.2.2', 4001, 1000, 2000, 2000, 'pass', 0);
    ins.run(4, P, '192.0.2.2', 4001, 302000, 302000, 302000, 'disconnect', 0);
    // a DISCONNECT half an hour after a PASS is not the same connection
    ins.run(5, P, '192.0.2.3', 4002, 1000, 2000, 2000, 'pass', 0);
    ins.run(6, P, '192.0.2.3', 4002, 1802000, 1802000, 1802000, 'disconnect', 0);
    // a whole session (CONNECT … DISCONNECT) of another port, and one a reply points at
    ins.run(7, P, '192.0.2.1', 4009, 6000, 9000, 9000, 'disconnect', 0);
    ins.run(8, P, '192.0.2.4', 4003, 1000, 2000, 2000, 'hangup', 0);
    ins.run(9, P, '192.0.2.4', 4003, 2000, 2000, 2000, 'disconnect', 0);
    db.prepare(`INSERT INTO replies (host, mta, program, kind, direction, text, reason, remedy_id, pattern, line, session_id)
                VALUES ('mx', 'postfix', ?, 'reject', 'inbound', 't', 't', 'r', 'p', 'l', 9)`).run(P);
    // smtpd sessions are keyed by process, never merged
    ins.run(10, 'postfix/smtpd', '192.0.2.5', 4004, 1000, 2000, 2000, 'pass', 0);
    ins.run(11, 'postfix/smtpd', '192.0.2.5', 4004, 2000, 2000, 2000, 'disconnect', 0);
    migrate(db, all);
    expect(db.prepare('SELECT id, end_ts, seen_ts, end_reason FROM sessions ORDER BY id').raw().all()).toEqual([
      [1, 5001, 5001, 'hangup'],
      [3, 302000, 302000, 'pass'],
      [5, 2000, 2000, 'pass'], [6, 1802000, 1802000, 'disconnect'],
      [7, 9000, 9000, 'disconnect'],
      [8, 2000, 2000, 'hangup'], [9, 2000, 2000, 'disconnect'],
      [10, 2000, 2000, 'pass'], [11, 2000, 2000, 'disconnect'],
    ]);
  });
});

describe('messages made of an end line (before 0014)', () => {
  test('an end line alone leaves no message, and an expired message stays expired', () => {
    const all = loadMigrations();
    const db = new Database(':memory:');
    migrate(db, all.filter((m) => m.version <= 4));
    const msg = db.prepare(`INSERT INTO messages (id, host, mta, queue_id, first_ts, last_ts, sender, state) VALUES (?, 'mx', 'postfix', ?, ?, ?, ?, ?)`);
    msg.run(1, 'A1', 1000, 1000, null, 'removed'); // "A1: removed" for an id never seen
    msg.run(2, 'B2', 1000, 9000, 'a@example.org', 'removed'); // expired at 5000, then removed
    msg.run(3, 'C3', 1000, 1000, null, 'removed'); // delivered and removed in the same second
    msg.run(4, 'D4', 1000, 1000, null, 'completed'); // a reply points at it
    msg.run(5, 'E5', 1000, 3000, 'b@example.org', 'removed'); // an ordinary message
    const dlv = db.prepare(`INSERT INTO deliveries (ts, host, mta, program, status, pattern, message_row) VALUES (?, 'mx', 'postfix', 'postfix/qmgr', ?, 'p', ?)`);
    dlv.run(5000, 'expired', 2);
    dlv.run(1000, 'sent', 3);
    db.prepare(`INSERT INTO replies (host, mta, program, kind, direction, text, reason, remedy_id, pattern, line, message_row)
                VALUES ('mx', 'exim', 'exim', 'reject', 'inbound', 't', 't', 'r', 'p', 'l', 4)`).run();
    migrate(db, all);
    expect(db.prepare('SELECT id, last_ts, state FROM messages ORDER BY id').raw().all()).toEqual([
      [2, 5000, 'expired'], [3, 1000, 'removed'], [4, 1000, 'completed'], [5, 3000, 'removed'],
    ]);
  });
});

describe('the migration files as documentation', () => {
  // A database that applied a migration never applies it again: its SQL must stay what was
  // applied. Comments may be corrected (they document the schema); statements may not change.
  const APPLIED: Record<string, string> = {
    '0001-initial.sql': '1166f88c6c6ce907', '0002-source-final.sql': 'de57a277a3e6d7f0', '0003-session-seen.sql': '57ce7c3a816509ca',
    '0004-open-state-index.sql': '997522cd8f89fdb5', '0005-remedy-id-renames.sql': '7dcd17b88d7b552c',
    '0006-delivery-local-agent.sql': 'e5ac379930ebab5d', '0007-derive-version.sql': 'c5a7fffa7fb5664d',
  };
  const statements = (sql: string): string => createHash('sha256').update(sql.replace(/--[^\n]*/g, '').replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 16);
  test('applied migrations keep their statements (only comments may be corrected)', () => {
    const byName = new Map(loadMigrations().map((m) => [m.name, m.sql]));
    for (const [name, hash] of Object.entries(APPLIED)) expect(statements(byName.get(name)!), name).toBe(hash);
  });
  test('the schema comment and the README name every kind of source the program stores', () => {
    const kinds = /kind: ((?:'[a-z]+'(?: \| )?)+);/.exec(readFileSync(join(ROOT, 'src/store/sources.ts'), 'utf8'))![1]!.match(/[a-z]+/g)!;
    expect(kinds).toContain('docker');
    const comment = /^ {2}kind +TEXT NOT NULL, +-- (.*)$/m.exec(loadMigrations()[0]!.sql)![1]!;
    expect(comment.split(' | ').sort()).toEqual([...kinds].sort());
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').find((l) => l.startsWith('| `sources` |'))!;
    for (const k of kinds) expect(readme).toContain(`\`${k}\``);
  });
});
