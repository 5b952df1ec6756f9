import { afterAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import Database from 'better-sqlite3';
import { loadOpenState } from '../../src/store/sources.js';
import { scalar, tempDir } from '../helpers.js';
import { analysed } from './split-helpers.js';

const open = (path: string) => new Database(path, { readonly: true });

// Exim's mainlog names no process unless log_selector has +pid; with +incoming_port each line of
// a session carries the client's port, which tells two connections from one address apart.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const sessions = (db: string) =>
  String(scalar(db, "SELECT group_concat(coalesce(client_ip, '') || ':' || coalesce(client_port, '') || ':' || coalesce(end_reason, 'open') || ':' || stalled, ' ') FROM (SELECT * FROM sessions ORDER BY id)"));

/** `lines` as an Exim mainlog named `name`, analysed into the database `db` (one run); returns the database */
async function analyseLines(name: string, lines: string[], db = join(tmp.dir, `${name}.db`)): Promise<string> {
  const log = join(tmp.dir, name);
  writeFileSync(log, lines.join('\n') + '\n');
  await analyse({ db, inputs: [log], now: () => Date.parse('2026-11-29T00:00:00Z'), year: 2026, mta: 'exim' });
  return db;
}

/** `lines` cut between two runs after each line store what one run over them stores */
function expectCutsSame(lines: string[]): void {
  const want = analysed(lines);
  for (let at = 1; at < lines.length; at++) expect({ at, got: analysed(lines.slice(0, at), lines.slice(at)) }).toEqual({ at, got: want });
}

describe('Exim sessions without a pid', () => {
  test('two connections from one address at once stay two sessions when the port is logged', async () => {
    const db = await analyseLines('ports', [
      '2026-11-28 10:00:00 SMTP connection from [192.0.2.7]:40001 I=[198.51.100.1]:25 (TCP/IP connection count = 1)',
      '2026-11-28 10:00:01 SMTP connection from [192.0.2.7]:40002 I=[198.51.100.1]:25 (TCP/IP connection count = 2)',
      '2026-11-28 10:00:05 1xXMuw-00048C-0z SMTP data timeout (message abandoned) on connection from (mx.example) [192.0.2.7]:40001 F=<a@example.org>',
      '2026-11-28 10:00:06 SMTP connection from (mx.example) [192.0.2.7]:40002 I=[198.51.100.1]:25 closed by QUIT',
    ]);
    // the stall belongs to the first connection, the QUIT ends the second; neither ends the other
    expect(sessions(db)).toBe('192.0.2.7:40001:timeout:1 192.0.2.7:40002:disconnect:0');
  });

  // Without +incoming_port two connections at once from one address share a key. The second's connect
  // line used to end the first (unterminated), the first's QUIT then closed the second, and the
  // second's QUIT counted as a third connection. Lines from fixtures/lab/exim-mainlog.log, stamps changed.
  const overlapping = [
    '2026-11-28 10:00:00 SMTP connection from [192.0.2.7] (TCP/IP connection count = 1)',
    '2026-11-28 10:00:01 SMTP connection from [192.0.2.7] (TCP/IP connection count = 2)',
    '2026-11-28 10:00:02 1xXMuw-00048C-0z <= a@example.org H=(mx.example) [192.0.2.7] P=esmtp S=459 id=x@example.org',
    '2026-11-28 10:00:02 SMTP connection from (mx.example) [192.0.2.7] closed by QUIT',
    '2026-11-28 10:00:04 SMTP connection from (mx.example) [192.0.2.7] closed by QUIT',
  ];

  test('two connections at once from one address without a port count two, both closed by their QUIT', async () => {
    const db = await analyseLines('overlap', overlapping);
    expect(sessions(db)).toBe('192.0.2.7::disconnect:0 192.0.2.7::disconnect:0');
  });

  test('the same, cut between two runs at any line, leaves the rows of one run', () => {
    expectCutsSame(overlapping);
  });

  test('a connection its own line ended ("lost", no closing line follows) is stored ended once it ages out, and read back by no later run', async () => {
    const db = await analyseLines('lost-1', [
      '2026-11-28 10:00:00 SMTP connection from [192.0.2.9] (TCP/IP connection count = 1)',
      '2026-11-28 10:00:02 SMTP connection from (ylmf-pc) [192.0.2.9] lost D=2s',
    ]);
    // within the hour, a later line of the same connection may still come: it stays open
    expect(scalar(db, "SELECT count(*) FROM sessions WHERE end_ts IS NULL AND end_reason = 'lost'")).toBe(1);
    await analyseLines('lost-2', ['2026-11-28 12:00:00 SMTP connection from [192.0.2.10] (TCP/IP connection count = 1)'], db);
    expect(scalar(db, "SELECT end_ts FROM sessions WHERE end_reason = 'lost'")).toBe(Date.parse('2026-11-28T10:00:02Z'));
    expect(loadOpenState(open(db)).sessions.map((x) => x.clientIp)).toEqual(['192.0.2.10']);
  });

  // Two connections at once from one address, no port logged, each client with its own HELO name:
  // the name on a line says whose it is. Shapes from fixtures/lab4/lab4-exim-mainlog.log, stamps changed.
  const named = [
    '2026-11-28 10:00:00 SMTP connection from [192.0.2.7] (TCP/IP connection count = 1)',
    '2026-11-28 10:00:00 H=(a.example) [192.0.2.7] F=<x@example.org> rejected RCPT <nobody@lab.example>: Unrouteable address',
    '2026-11-28 10:00:01 SMTP connection from [192.0.2.7] (TCP/IP connection count = 2)',
    // RSET: the first client goes on in the same connection
    '2026-11-28 10:00:01 H=(a.example) [192.0.2.7] incomplete transaction (RSET) from <x@example.org>',
    '2026-11-28 10:00:01 1xXMuw-00048C-0z <= y@example.org H=(b.example) [192.0.2.7] P=esmtp S=459 id=y@example.org',
    '2026-11-28 10:00:02 H=(a.example) [192.0.2.7] F=<x@example.org> rejected RCPT <other@lab.example>: Unrouteable address',
    '2026-11-28 10:00:02 SMTP connection from (a.example) [192.0.2.7] closed by QUIT',
    // written by the first connection's process as it exits: the second is still open
    '2026-11-28 10:00:02 no MAIL in SMTP connection from (a.example) [192.0.2.7] D=2s C=EHLO,MAIL,RCPT,RSET,MAIL,RCPT,QUIT',
    '2026-11-28 10:00:03 SMTP connection from [192.0.2.7] (TCP/IP connection count = 2)',
    // the same process as the connection's first message (the id's middle part is its pid)
    '2026-11-28 10:00:03 1xXMux-00048C-0z <= y@example.org H=(b.example) [192.0.2.7] P=esmtp S=460 id=z@example.org',
    '2026-11-28 10:00:04 SMTP connection from (b.example) [192.0.2.7] closed by QUIT',
    '2026-11-28 10:00:05 SMTP connection from (c.example) [192.0.2.7] closed by QUIT',
  ];
  const byHelo = (db: string) =>
    String(scalar(db, "SELECT group_concat(helo || ':' || end_reason || ':' || rejects || ':' || messages, ' ') FROM (SELECT * FROM sessions ORDER BY helo)"));

  test('overlapping connections from one address are told apart by their HELO names', async () => {
    const db = await analyseLines('named', named);
    // before: the RSET ended the first connection, so the second's connect did not keep it; its QUIT
    // then closed the second, whose own QUIT counted a connection of its own, and the second's
    // message and the first's refusals went to whichever was open last
    expect(byHelo(db)).toBe('a.example:disconnect:2:0 b.example:disconnect:0:2 c.example:disconnect:0:0');
  });

  test('the same, cut between two runs at any line, leaves the rows of one run', () => {
    expectCutsSame(named);
  });

  // The same HELO name on both (a sender's parallel connections): the process a message id names
  // (its middle part, the receiving process's pid) tells whose message it is.
  const sameName = [
    '2026-11-28 10:00:00 SMTP connection from [192.0.2.7] (TCP/IP connection count = 1)',
    '2026-11-28 10:00:01 SMTP connection from [192.0.2.7] (TCP/IP connection count = 2)',
    '2026-11-28 10:00:01 1xXMuw-0004AA-0z <= y@example.org H=(mx.example) [192.0.2.7] P=esmtp S=459 id=1@example.org',
    '2026-11-28 10:00:02 1xXMux-0004BB-0z <= y@example.org H=(mx.example) [192.0.2.7] P=esmtp S=459 id=2@example.org',
    '2026-11-28 10:00:02 1xXMux-0004AA-1z <= y@example.org H=(mx.example) [192.0.2.7] P=esmtp S=459 id=3@example.org',
    '2026-11-28 10:00:03 SMTP connection from (mx.example) [192.0.2.7] closed by QUIT',
    '2026-11-28 10:00:04 SMTP connection from (mx.example) [192.0.2.7] closed by QUIT',
  ];
  const byProcess = (db: string) =>
    String(scalar(db, "SELECT group_concat(proc || ':' || messages || ':' || ids, ' ') FROM (SELECT s.proc, s.messages, group_concat(m.message_id) AS ids FROM sessions s JOIN messages m ON m.session_id = s.id GROUP BY s.id ORDER BY s.proc)"));

  test('parallel connections with one HELO name are told apart by the process their message ids name', async () => {
    const db = await analyseLines('same-name', sameName);
    // before: the second connection, opened last, took all three
    // 0004AA and 0004BB in base 62
    expect(byProcess(db)).toBe('16006:2:1@example.org,3@example.org 16069:1:2@example.org');
    expect(sessions(db)).toBe('192.0.2.7::disconnect:0 192.0.2.7::disconnect:0');
  });

  test('the same, cut between two runs at any line, leaves the rows of one run (the process is read back)', () => {
    expectCutsSame(sameName);
  });

  // With log_selector +pid every line names its process (the connect line names the daemon's): lines
  // with no message id, refusals here, are told apart too
  const withPids = [
    '2026-11-28 10:00:00 [100] SMTP connection from [192.0.2.7] (TCP/IP connection count = 1)',
    '2026-11-28 10:00:01 [100] SMTP connection from [192.0.2.7] (TCP/IP connection count = 2)',
    // the daemon turns a third away: no connection of its own, and none of the two open
    '2026-11-28 10:00:01 [100] Connection from [192.0.2.7] refused: too many connections from that IP address',
    '2026-11-28 10:00:01 [201] H=(mx.example) [192.0.2.7] F=<x@example.org> rejected RCPT <a@lab.example>: Unrouteable address',
    '2026-11-28 10:00:02 [202] H=(mx.example) [192.0.2.7] F=<x@example.org> rejected RCPT <b@lab.example>: Unrouteable address',
    '2026-11-28 10:00:02 [201] H=(mx.example) [192.0.2.7] F=<x@example.org> rejected RCPT <c@lab.example>: Unrouteable address',
    '2026-11-28 10:00:03 [202] SMTP connection from (mx.example) [192.0.2.7] closed by QUIT',
    '2026-11-28 10:00:04 [201] SMTP connection from (mx.example) [192.0.2.7] closed by QUIT',
  ];

  test('with +pid, each line goes to the connection of its process', async () => {
    const db = await analyseLines('pids', withPids);
    // before: all three refusals went to the second connection, opened last (and the daemon's too)
    expect(String(scalar(db, "SELECT group_concat(proc || ':' || rejects || ':' || end_reason, ' ') FROM (SELECT * FROM sessions ORDER BY proc)"))).toBe('201:2:disconnect 202:1:disconnect');
    expect(scalar(db, "SELECT count(*) FROM replies WHERE pattern = 'exim.reject.connection-limit' AND session_id IS NULL")).toBe(1);
    expectCutsSame(withPids);
  });

  test('a rejectlog entry, read after the mainlog, counts on no connection: its mainlog twin counts once, on its own', async () => {
    const db = join(tmp.dir, 'twins.db');
    await analyse({ db, inputs: ['fixtures/lab/exim-mainlog.log', 'fixtures/lab/exim-rejectlog.log'], now: () => Date.parse('2026-11-29T00:00:00Z'), year: 2026 });
    expect(scalar(db, "SELECT count(*) FROM replies WHERE origin = 'rejectlog'")).toBeGreaterThan(5);
    expect(scalar(db, "SELECT count(*) FROM replies WHERE origin = 'rejectlog' AND session_id IS NOT NULL")).toBe(0);
    // each connection's count of refusals is its own refusals in the mainlog, not also a twin's of another connection
    expect(scalar(db, 'SELECT sum(rejects) FROM sessions')).toBe(scalar(db, "SELECT count(*) FROM replies WHERE origin = 'log' AND kind = 'reject' AND session_id IS NOT NULL"));
  });
});
