import { afterAll, describe, expect, test } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture, tempDir } from '../helpers.js';

// Arguments are refused before any command runs: one line, exit 64, and nothing read or written.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const log = fixture('lab/postfix-syslog.log');

const oneLine = (stderr: string) => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^mxlens: /);
};

describe('usage errors come before the command runs', () => {
  const cases: Array<{ name: string; args: (db: string) => string[]; says: RegExp }> = [
    { name: 'analyse with an unknown flag', args: (db) => ['analyse', '--db', db, log, '--bogus', 'x'], says: /unknown option --bogus/ },
    { name: 'analyse --mta sendmail', args: (db) => ['analyse', '--mta', 'sendmail', '--db', db, log], says: /--mta "sendmail" is not one of/ },
    { name: 'analyse with an unknown flag before the file', args: (db) => ['analyse', '--db', db, '--bogus', log], says: /unknown option --bogus/ },
    { name: 'query --format xml', args: (db) => ['query', 'select 1 as one', '--db', db, '--format', 'xml'], says: /--format "xml" is not one of/ },
    { name: 'query with an unknown flag', args: (db) => ['query', 'select 1 as one', '--db', db, '--bogus'], says: /unknown option --bogus/ },
    { name: 'report --format xml', args: (db) => ['report', '--db', db, '--format', 'xml'], says: /--format "xml" is not one of/ },
    { name: 'prune without --older-than', args: (db) => ['prune', '--db', db], says: /--older-than must be given/ },
    { name: 'compare with a third code', args: () => ['compare', '550', '551', '552'], says: /unexpected extra argument '552'/ },
    { name: 'compare with one code', args: () => ['compare', '550'], says: /missing argument: got 1, need 2/ },
    { name: 'report --format with no value', args: (db) => ['report', '--db', db, '--format'], says: /--format needs a value/ },
    { name: 'analyse --journal-file with no value', args: (db) => ['analyse', '--db', db, '--journal-file'], says: /--journal-file needs a value/ },
    { name: 'explain with two codes', args: () => ['explain', '550', '551'], says: /compare/ },
    { name: 'an unknown command', args: () => ['bogus'], says: /unknown command 'bogus'/ },
    { name: 'analyse --journal-file -', args: (db) => ['analyse', '--db', db, '--journal-file', '-'], says: /give standard input as 'mxlens analyse -'/ },
    { name: 'report --top too large for a LIMIT', args: (db) => ['report', '--db', db, '--top', '9223372036854775807'], says: /--top must be at most 9007199254740991/ },
    // an option given twice arrived as an array: a crash with a stack trace, or a wrong message
    { name: 'analyse --db twice', args: (db) => ['analyse', log, '--db', db, '--db', `${db}2`], says: /--db given more than once/ },
    { name: 'report --format twice', args: (db) => ['report', '--db', db, '--format', 'json', '--format', 'text'], says: /--format given more than once/ },
    { name: 'report --since twice', args: (db) => ['report', '--db', db, '--since', '1h', '--since', '2h'], says: /--since given more than once/ },
    { name: 'prune --older-than twice', args: (db) => ['prune', '--db', db, '--older-than', '90d', '--older-than', '80d'], says: /--older-than given more than once/ },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const dir = join(tmp.dir, c.name.replace(/\W+/g, '-'));
      const db = join(dir, 'x.db');
      const r = cli(c.args(db));
      expect(r.code).toBe(64);
      expect(r.stdout).toBe('');
      oneLine(r.stderr);
      expect(r.stderr).toMatch(c.says);
      // no database, no WAL, no lock file: the directory was never even created
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    });
  }

  test('bare mxlens names every command, prune too', () => {
    const r = cli([]);
    expect(r.code).toBe(64);
    oneLine(r.stderr);
    for (const name of ['analyse', 'report', 'query', 'explain', 'compare', 'prune']) expect(r.stderr).toContain(name);
  });
});

test('query SQL that opens with a -- comment, given without -- before it, says why it is missing (exit 64)', () => {
  const r = cli(['query', '--db', join(tmp.dir, 'none.db'), '-- weekly\nSELECT 1']);
  expect(r.code).toBe(64);
  oneLine(r.stderr);
  expect(r.stderr).toContain("'-- weekly…' was read as an option; put -- before an argument that starts with --");
});

describe('report window', () => {
  for (const [since, until] of [['24h', '48h'], ['2026-11-29', '2026-11-01']]) {
    test(`--since ${since} --until ${until} (reversed): exit 64`, () => {
      const r = cli(['report', '--db', join(tmp.dir, 'none.db'), '--since', since!, '--until', until!]);
      expect(r.code).toBe(64);
      expect(r.stdout).toBe('');
      oneLine(r.stderr);
      expect(r.stderr).toMatch(/--since .* is after --until/);
    });
  }
  test('--since and --until the same time (an empty window, --until not included): exit 64', () => {
    const r = cli(['report', '--db', join(tmp.dir, 'none.db'), '--since', '2026-11-28', '--until', '2026-11-28']);
    expect(r.code).toBe(64);
    expect(r.stdout).toBe('');
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/--since .* is the same time as --until .*: the window is empty/);
  });
});
