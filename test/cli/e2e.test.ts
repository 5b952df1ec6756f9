import { afterAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture, scalar, tempDir } from '../helpers.js';

// The built binary, the way a user runs it.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('mxlens CLI', () => {
  const db = join(tmp.dir, 'e2e.db');
  const log = fixture('lab/postfix-maillog_file.log');

  test('a missing file: one line on stderr, exit 66', () => {
    const r = cli(['analyse', join(tmp.dir, 'nope.log'), '--db', db]);
    expect(r.code).toBe(66);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no such file/);
    // nothing was read, so a first run leaves no empty database behind
    expect(existsSync(db)).toBe(false);
  });

  test('a mistyped glob or several missing files: one line each, exit 66, no database created', () => {
    const fresh = join(tmp.dir, 'never.db');
    const r = cli(['analyse', join(tmp.dir, 'nope-*.log'), join(tmp.dir, 'gone.log'), '--db', fresh]);
    expect(r.code).toBe(66);
    expect(r.stderr.trim().split('\n')).toEqual([`mxlens: ${join(tmp.dir, 'nope-*.log')}: no file matches`, `mxlens: ${join(tmp.dir, 'gone.log')}: no such file`]);
    expect(existsSync(fresh)).toBe(false);
  });

  test('a bad flag: exit 64', () => {
    const r = cli(['analyse', log, '--db', db, '--no-such-flag']);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/unknown option --no-such-flag/);
  });

  test('a number flag given text: exit 64, one line that does not say NaN', () => {
    for (const args of [['analyse', log, '--db', db, '--year', 'last'], ['report', '--db', db, '--top', 'ten']]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.stderr).toMatch(/^mxlens: --(year|top) must be .*, got text that is not a number\n$/);
    }
  });

  test('no command: exit 64', () => {
    expect(cli([]).code).toBe(64);
  });

  test('analyse, then again: the second run adds no rows', () => {
    expect(cli(['analyse', log, '--db', db]).code).toBe(0);
    const count = () => scalar(db, 'SELECT (SELECT count(*) FROM replies) + (SELECT count(*) FROM deliveries) + (SELECT count(*) FROM sessions) + (SELECT sum(lines) FROM line_stats)');
    const first = count();
    expect(first).toBeGreaterThan(0);
    expect(cli(['analyse', log, '--db', db]).code).toBe(0);
    expect(count()).toBe(first);
  });

  test('analyse is quiet when stdout is not a terminal', () => {
    const r = cli(['analyse', log, '--db', join(tmp.dir, 'quiet.db')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  test('report --format json has the documented shape', () => {
    const r = cli(['report', '--db', db, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['window', 'totals', 'rejections', 'stalled', 'deferrals', 'bounces', 'unparsed']));
    expect(Object.keys(j.totals)).toEqual(expect.arrayContaining(['lines', 'parsed', 'unparsed', 'foreign', 'sessions', 'messages', 'received', 'delivered', 'deferred', 'bounced', 'expired', 'rejected', 'stalled_354']));
    for (const g of j.rejections) expect(Object.keys(g.remedy)).toEqual(expect.arrayContaining(['id', 'title', 'meaning', 'when', 'fix']));
  });

  test('report on a missing database: clear error, exit 66 (no input), nothing created', () => {
    const r = cli(['report', '--db', join(tmp.dir, 'none.db')]);
    expect(r.code).toBe(66);
    expect(existsSync(join(tmp.dir, 'none.db'))).toBe(false);
    expect(r.stderr).toMatch(/no such database/);
  });

  test('report --output naming the database or its WAL: exit 64, the database untouched', () => {
    const before = readFileSync(db);
    for (const out of [db, `${db}-wal`]) {
      const r = cli(['report', '--db', db, '--output', out]);
      expect(r.code, out).toBe(64);
      expect(r.stderr).toMatch(/is the database or one of its files/);
    }
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  test('report -o - and --output=- write to standard output, and no file named -', () => {
    const plain = cli(['report', '--db', db, '--format', 'json']);
    for (const args of [['-o', '-'], ['--output=-']]) {
      const r = cli(['report', '--db', db, '--format', 'json', ...args], { cwd: tmp.dir });
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).totals).toEqual(JSON.parse(plain.stdout).totals);
    }
    expect(existsSync(join(tmp.dir, '-'))).toBe(false);
  });

  test('a file name with control characters reaches the terminal escaped', () => {
    const r = cli(['analyse', '--db', join(tmp.dir, 'esc.db'), join(tmp.dir, 'no\u001b[31mred\u0007.log')]);
    expect(r.code).toBe(66);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stderr).toContain('\\x1b[31mred\\x07.log');
  });

  test('report --since with garbage: exit 64', () => {
    expect(cli(['report', '--db', db, '--since', 'yesterday-ish']).code).toBe(64);
  });

  test('query reads, in table, json and csv', () => {
    const t = cli(['query', 'SELECT count(*) AS n FROM rejections', '--db', db]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^n\n-+\n\d+/);
    const j = JSON.parse(cli(['query', 'SELECT code, count(*) AS n FROM rejections GROUP BY code ORDER BY code', '--db', db, '--format', 'json']).stdout);
    expect(j.length).toBeGreaterThan(0);
    expect(cli(['query', 'SELECT 1 AS a, \'x,y\' AS b', '--db', db, '--format', 'csv']).stdout).toBe('a,b\r\n1,"x,y"\r\n');
  });

  test('query cannot write', () => {
    const before = scalar(db, 'SELECT count(*) FROM replies');
    for (const sql of ['DELETE FROM replies', 'DROP TABLE replies', "UPDATE replies SET text = 'x'", 'INSERT INTO misses VALUES (1,2,3,4,5,6)']) {
      const r = cli(['query', sql, '--db', db]);
      expect(r.code, sql).not.toBe(0);
      expect(r.stderr.trim().split('\n'), sql).toHaveLength(1);
    }
    expect(scalar(db, 'SELECT count(*) FROM replies')).toBe(before);
  });

  test('standard input with -', () => {
    const r = cli(['analyse', '-', '--db', join(tmp.dir, 'stdin.db')], { input: 'Nov 28 17:55:49 mx postfix/smtpd[4822]: connect from localhost[127.0.0.1]\n' });
    expect(r.code).toBe(0);
    expect(scalar(join(tmp.dir, 'stdin.db'), 'SELECT count(*) FROM sessions')).toBe(1);
  });
});
