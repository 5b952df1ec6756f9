import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { built, e2eCases, expectSame } from './helpers.js';

// Rotated files the user names (one by one, through the shell's glob, a quoted glob or a
// directory) are read, oldest first whatever the order they are named in.

const LOG = readFileSync(resolve('fixtures/lab/postfix-syslog.log'));
const { t, fresh, analyse, reference } = e2eCases('rotnamed', LOG);
afterAll(() => t.cleanup());

const third = LOG.indexOf('\n', Math.floor(LOG.length / 3)) + 1;
const twoThirds = LOG.indexOf('\n', Math.floor((LOG.length * 2) / 3)) + 1;

function sources(db: string): { path: string; lines: number; final: number }[] {
  const h = new Database(db, { readonly: true });
  try {
    return h.prepare('SELECT path, lines, final FROM sources ORDER BY id').all() as never;
  } finally {
    h.close();
  }
}

/** mail.log.2.gz, mail.log.1 and mail.log holding the three thirds of the log, oldest first. */
function rotated(d: string): string {
  const f = join(d, 'mail.log');
  writeFileSync(`${f}.2.gz`, gzipSync(LOG.subarray(0, third)));
  writeFileSync(`${f}.1`, LOG.subarray(third, twoThirds));
  writeFileSync(f, LOG.subarray(twoThirds));
  return f;
}

describe.skipIf(!built)('rotated files named on the command line', () => {
  test('the shell expands mail.log* newest first: all of it is read, oldest first, once', () => {
    const d = fresh();
    const f = rotated(d);
    analyse(d, f, `${f}.1`, `${f}.2.gz`);
    expectSame(join(d, 'db.sqlite'), reference());
    analyse(d, f, `${f}.1`, `${f}.2.gz`);
    expectSame(join(d, 'db.sqlite'), reference());
  });

  test('two of three named: those are read, the one only found next to them is left alone', () => {
    const d = fresh();
    const f = rotated(d);
    analyse(d, f, `${f}.1`);
    expect(sources(join(d, 'db.sqlite')).map((s) => [s.path.slice(d.length + 1), s.lines > 0])).toEqual([
      ['mail.log.2.gz', false], ['mail.log.1', true], ['mail.log', true],
    ]);
    // named later, the file left alone is read after all (it is older, so the order is lost, not the lines)
    analyse(d, `${f}.2.gz`);
    const total = sources(join(d, 'db.sqlite')).reduce((n, s) => n + s.lines, 0);
    expect(total).toBe(LOG.toString().split('\n').filter((l) => l !== '').length);
  });

  test('the cron line names the live file only: history stays alone, even when named later it is read once', () => {
    const d = fresh();
    const f = rotated(d);
    const db = join(d, 'db.sqlite');
    analyse(d, f);
    const live = sources(db).find((s) => s.path === f)!.lines;
    expect(sources(db).reduce((n, s) => n + s.lines, 0)).toBe(live);
    analyse(d, `${f}.1`);
    const after = sources(db).reduce((n, s) => n + s.lines, 0);
    expect(after).toBe(live + sources(db).find((s) => s.path === `${f}.1`)!.lines);
    expect(after).toBeGreaterThan(live);
    // the cron line and the same command again: nothing twice
    analyse(d, f, `${f}.1`);
    expect(sources(db).reduce((n, s) => n + s.lines, 0)).toBe(after);
  });

  test('a directory of two logs that follow each other is read oldest first, not by name', () => {
    const d = fresh();
    writeFileSync(join(d, 'b-first.log'), LOG.subarray(0, third));
    writeFileSync(join(d, 'a-second.log'), LOG.subarray(third));
    utimesSync(join(d, 'b-first.log'), new Date('2026-11-28T18:00:00Z'), new Date('2026-11-28T18:00:00Z'));
    utimesSync(join(d, 'a-second.log'), new Date('2026-11-28T19:00:00Z'), new Date('2026-11-28T19:00:00Z'));
    analyse(d, d);
    expectSame(join(d, 'db.sqlite'), reference());
  });
});
