import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempDir } from '../helpers.js';

// What `query` and the CSV report print: exact values, NULL apart from '', and no terminal controls.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const db = join(tmp.dir, 'q.db');
// a client chose this HELO and recipient: ESC colours, an OSC title-set ended by BEL
const evil = [
  'Nov 28 17:55:54 mx postfix/smtpd[4822]: NOQUEUE: reject: RCPT from unknown[127.0.0.23]: 550 5.1.1 <x\u001b[31m@lab.example>: Recipient address rejected: User unknown; from=<a@b.test> to=<x\u001b[31m@lab.example> proto=ESMTP helo=<\u001b]0;pwned\u0007>',
  'Nov 28 17:55:55 mx postfix/smtpd[4822]: \u001b]0;pwned\u0007 odd',
  // a lone CR inside a line: printed raw, it sends the cursor back over what the line showed
  'Nov 28 17:55:56 mx postfix/smtpd[4822]: harmless words\rEVIL odd',
  '',
].join('\n');
// C0 and C1 controls other than tab and LF (which CSV quoting carries), and a CR that does not end a record
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/;

beforeAll(() => {
  expect(cli(['analyse', '-', '--db', db, '--year', '2026'], { input: evil }).code).toBe(0);
});

describe('query and CSV output', () => {
  test('report --format csv sends no raw control characters', () => {
    const r = cli(['report', '--db', db, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\\x1b');
    expect(r.stdout).not.toMatch(RAW_CONTROL);
  });

  test('query --format csv sends no raw control characters', () => {
    const r = cli(['query', 'SELECT line FROM replies UNION ALL SELECT example FROM misses', '--db', db, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\\x07');
    expect(r.stdout).not.toMatch(RAW_CONTROL);
  });

  test('a remote server\'s reply that is a formula reaches neither the CSV report nor query CSV as one', () => {
    const fdb = join(tmp.dir, 'formula.db');
    const log = [
      'Nov 28 10:00:00 mx postfix/qmgr[100]: 4F3A21C0B2: from=<alice@example.org>, size=2048, nrcpt=1 (queue active)',
      'Nov 28 10:00:01 mx postfix/smtp[4822]: 4F3A21C0B2: to=<bob@evil.example>, relay=mx.evil.example[198.51.100.9]:25, delay=1, delays=0/0/0/1, dsn=5.0.0, status=bounced (host mx.evil.example[198.51.100.9] said: 550 =HYPERLINK("http://evil.example/x","Click for details") (in reply to RCPT TO command))',
      '',
    ].join('\n');
    expect(cli(['analyse', '-', '--db', fdb, '--year', '2026'], { input: log }).code).toBe(0);
    const report = cli(['report', '--db', fdb, '--format', 'csv']);
    const query = cli(['query', 'SELECT reply_text, reason FROM deliveries', '--db', fdb, '--format', 'csv']);
    for (const r of [report, query]) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("'=HYPERLINK(");
      // no field, quoted or not, starts with a formula character
      expect(r.stdout).not.toMatch(/(?:^|,)"?[=+@]/m);
    }
  });

  const sql = "SELECT NULL AS n, '' AS e, 9007199254740993 AS big, -9007199254740993 AS neg, 7 AS small";
  test('table: NULL is an empty cell, the empty string "", big integers exact', () => {
    const r = cli(['query', sql, '--db', db]);
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n')[2]!;
    expect(row.split(/\s{2,}/)).toEqual(['', '""', '9007199254740993', '-9007199254740993', '7']);
  });

  test('csv: NULL is an empty field, the empty string a quoted one, big integers exact', () => {
    const r = cli(['query', sql, '--db', db, '--format', 'csv']);
    expect(r.stdout).toBe('n,e,big,neg,small\r\n,"",9007199254740993,-9007199254740993,7\r\n');
  });

  test('json: big integers are exact numbers, small ones plain numbers', () => {
    const r = cli(['query', sql, '--db', db, '--format', 'json']);
    expect(r.stdout).toMatch(/"big": 9007199254740993,/);
    expect(r.stdout).toMatch(/"neg": -9007199254740993,/);
    expect(JSON.parse(r.stdout)).toEqual([{ n: null, e: '', big: 9007199254740992, neg: -9007199254740992, small: 7 }]);
  });

  test('PRAGMA journal_mode=DELETE is refused as a write: exit 73, read-only', () => {
    const r = cli(['query', 'PRAGMA journal_mode=DELETE', '--db', db]);
    expect(r.code).toBe(73);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/read-only/);
    // still a WAL database: bytes 18 and 19 of the header are 2 (the reader's own connection reports
    // `delete` when no writer runs, as it reads the file as an unchanging one)
    expect([...readFileSync(db).subarray(18, 20)]).toEqual([2, 2]);
  });

  test('a setting PRAGMA behind a comment is refused the same', () => {
    for (const sql of ['/* */ PRAGMA journal_mode=DELETE', ' /* a */ /* b */PRAGMA user_version = 5']) {
      const r = cli(['query', sql, '--db', db]);
      expect(r.code, sql).toBe(73);
      expect(r.stderr).toMatch(/read-only/);
    }
    expect(cli(['query', '/* c */ SELECT 1 AS one', '--db', db]).code).toBe(0);
  });

  test('after --, SQL that starts with a comment or a minus is the statement, not an option', () => {
    const r = cli(['query', '--db', db, '--format', 'csv', '--', '-- how many replies\nSELECT -1 AS minus']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('minus\r\n-1\r\n');
    // without the separator it is read as an option, as before: a usage error, nothing run
    expect(cli(['query', '--db', db, '-- how many\nSELECT 1']).code).toBe(64);
  });

  test('a second statement after a SELECT is refused in one line of our own, exit 65, and nothing runs', () => {
    const before = cli(['query', 'SELECT count(*) AS n FROM replies', '--db', db, '--format', 'json']).stdout;
    const r = cli(['query', 'SELECT 1; DELETE FROM replies', '--db', db]);
    expect(r.code).toBe(65);
    expect(r.stderr).toBe('mxlens: query: give one statement at a time (this text holds more than one)\n');
    expect(cli(['query', 'SELECT count(*) AS n FROM replies', '--db', db, '--format', 'json']).stdout).toBe(before);
  });
});

describe('--fail-on', () => {
  test('accepts deferrals, a field of the JSON totals', () => {
    const totals = JSON.parse(cli(['report', '--db', db, '--format', 'json']).stdout).totals;
    expect(totals).toHaveProperty('deferrals');
    const crossed = cli(['report', '--db', db, '--fail-on', `deferrals>=${totals.deferrals}`]);
    expect(crossed.stderr).toMatch(/threshold crossed: deferrals>=/);
    expect(crossed.code).toBe(3);
    expect(cli(['report', '--db', db, '--fail-on', `deferrals>${totals.deferrals}`]).code).toBe(0);
  });
});
