import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { built, dump, mxlens, oneLine, tempDir } from './helpers.js';

// Several journald or Docker streams into one database: each is read once, none hides another;
// and damaged entries cost only themselves.

const t = tempDir('jstreams');
afterAll(() => t.cleanup());
const LOG = resolve('fixtures/lab/postfix-syslog.log');
const LINES = readFileSync(LOG, 'utf8').split('\n').filter((l) => l !== '').slice(0, 300);
const SYSLOG = /^(\S+\s+\S+\s+\S+) (\S+) ([^[:]+)\[(\d+)\]: (.*)$/;

type Entry = Record<string, unknown>;

/** The lines as one journal's `journalctl -o json` entries; `unit` picks each entry's unit. */
function journal(host: string, seqnumId: string, unit: (k: number) => string, withT = true): Entry[] {
  return LINES.flatMap((line, k) => {
    const m = SYSLOG.exec(line);
    if (!m) return [];
    const us = BigInt(Date.parse(`${m[1]} 2026 UTC`)) * 1000n + BigInt(k);
    const cursor = `s=${seqnumId};i=${(k + 1).toString(16)};b=b1;m=${k.toString(16)}${withT ? `;t=${us.toString(16)}` : ''};x=7`;
    return [{ __CURSOR: cursor, __REALTIME_TIMESTAMP: us.toString(), _HOSTNAME: host, _SYSTEMD_UNIT: unit(k), SYSLOG_IDENTIFIER: m[3], _PID: m[4], MESSAGE: m[5] }];
  });
}
const jsonl = (es: Entry[]) => es.map((e) => JSON.stringify(e)).join('\n') + '\n';
const one = () => 'postfix@-.service';
const sql = (db: string, q: string) => {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(q).all();
  } finally {
    d.close();
  }
};
const lines = (db: string) => (sql(db, 'SELECT sum(lines) AS n FROM line_stats')[0] as { n: number }).n;
const pipe = (db: string, input: string) => {
  const r = mxlens(['analyse', '-', '--db', db], { input });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
};

describe.skipIf(!built)('several JSON streams into one database', () => {
  test('two hosts\' journals on standard input, one after the other: both kept; piping one again adds nothing (cursors without t= too)', () => {
    const db = join(t.dir, 'hosts.db');
    const vm = jsonl(journal('vm', '0123456789abcdef0123456789abcdef', one));
    // hand-made or other tools' cursors may lack the realtime part t=
    const mx3 = jsonl(journal('mx3', '3333456789abcdef0123456789abcdef', one, false));
    pipe(db, vm);
    pipe(db, jsonl(journal('mx2', '9999456789abcdef0123456789abcdef', one)));
    pipe(db, mx3);
    const byHost = sql(db, 'SELECT host, count(*) AS n FROM replies GROUP BY host ORDER BY host') as Array<{ host: string; n: number }>;
    expect(byHost.map((r) => r.host)).toEqual(['mx2', 'mx3', 'vm']);
    expect(new Set(byHost.map((r) => r.n)).size).toBe(1);
    const before = dump(db);
    pipe(db, vm);
    pipe(db, mx3);
    expect(dump(db)).toEqual(before);
  });

  test('two units of one journal, interleaved, then an older export: as one run over everything', () => {
    const S = 'abcdef0123456789abcdef0123456789';
    const all = journal('vm', S, (k) => (k % 2 === 0 ? 'postfix@-.service' : 'postfix.service'));
    const ref = join(t.dir, 'units-ref.db');
    pipe(ref, jsonl(all));
    const db = join(t.dir, 'units.db');
    const older = all.slice(0, 100);
    const newer = all.slice(100);
    pipe(db, jsonl(newer.filter((e) => e._SYSTEMD_UNIT === 'postfix@-.service')));
    pipe(db, jsonl(newer.filter((e) => e._SYSTEMD_UNIT === 'postfix.service')));
    pipe(db, jsonl(older));
    expect(lines(db)).toBe(all.length);
    expect(dump(db).replies).toEqual(dump(ref).replies);
    // the whole export again: every entry was read
    pipe(db, jsonl(all));
    expect(lines(db)).toBe(all.length);
  });

  test('two containers\' Docker logs on standard input: both kept; piping one again adds nothing', () => {
    const db = join(t.dir, 'docker.db');
    const docker = (host: string) => LINES.map((l, k) => JSON.stringify({
      log: `${l.replace(' vm ', ` ${host} `)}\n`, stream: 'stdout', time: `2026-11-28T18:00:00.${String(k).padStart(9, '0')}Z`,
    })).join('\n') + '\n';
    pipe(db, docker('mx'));
    pipe(db, docker('mx2'));
    expect(lines(db)).toBe(2 * LINES.length);
    pipe(db, docker('mx'));
    expect(lines(db)).toBe(2 * LINES.length);
    expect(sql(db, 'SELECT DISTINCT host FROM replies ORDER BY host')).toEqual([{ host: 'mx' }, { host: 'mx2' }]);
  });

  test('a Docker log rotated a moment before the run: the live file is empty, the rotated one still read as Docker JSON', () => {
    const dir = join(t.dir, 'docker-rotated');
    mkdirSync(dir);
    const live = join(dir, 'c-json.log');
    const db = join(dir, 'db.sqlite');
    const entries = LINES.map((l, k) => JSON.stringify({ log: `${l}\n`, stream: 'stdout', time: `2026-11-28T18:00:00.${String(k).padStart(9, '0')}Z` }) + '\n');
    const half = Math.floor(entries.length / 2);
    writeFileSync(live, entries.slice(0, 10).join(''));
    const run = () => {
      const r = mxlens(['analyse', live, '--db', db]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    };
    run();
    // Docker's json-file driver renames the full file to .1 (and .1 to .2) and starts an empty one
    const rotate = () => {
      if (existsSync(`${live}.1`)) renameSync(`${live}.1`, `${live}.2`);
      renameSync(live, `${live}.1`);
      writeFileSync(live, '');
    };
    appendFileSync(live, entries.slice(10, 20).join(''));
    rotate();
    run();
    // twice in a row a run meets the live file just rotated, once with lines it has not read in .1
    appendFileSync(live, entries.slice(20, half).join(''));
    rotate();
    run();
    appendFileSync(live, entries.slice(half).join(''));
    run();
    expect(sql(db, 'SELECT sum(parsed) AS p, sum(unparsed) AS u FROM line_stats')).toEqual([{ p: LINES.length, u: 0 }]);
  });
});

describe.skipIf(!built)('damaged and unusual JSON', () => {
  const entries = journal('vm', '0123456789abcdef0123456789abcdef', one);

  test('a damaged line in a JSON Lines export: counted as unparsed once, the entries around it all read', () => {
    const f = join(t.dir, 'damaged.json');
    const withNull = entries.map((e, k) => (k === 10 ? { ...e, MESSAGE: null } : e));
    writeFileSync(f, jsonl(withNull.slice(0, 150)) + '{"__CURSOR": "s=0123;i=ff\n' + jsonl(withNull.slice(150)));
    const db = join(t.dir, 'damaged.db');
    for (let run = 0; run < 2; run++) {
      const r = mxlens(['analyse', '--journal-file', f, '--db', db]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(lines(db)).toBe(entries.length + 1);
    }
    const misses = sql(db, 'SELECT program, shape, count, example FROM misses ORDER BY program');
    expect(misses).toContainEqual({ program: '(journal)', shape: 'damaged JSON entry, not read', count: 1, example: 'line 151: {"__CURSOR": "s=0123;i=ff' });
    // a null MESSAGE is listed under its program, with a clean shape
    expect(misses).toContainEqual(expect.objectContaining({
      program: entries[10]!.SYSLOG_IDENTIFIER, shape: 'MESSAGE null (too large for the export; use journalctl --all)', count: 1,
    }));
  });

  test('a damaged entry in the one-array form: the entries before it kept, one line naming it, exit 65', () => {
    const f = join(t.dir, 'damaged-array.json');
    writeFileSync(f, `[\n${entries.slice(0, 120).map((e) => JSON.stringify(e)).join(',\n')},\n{"__CURSOR": "s=0123;i=ff\n,\n${JSON.stringify(entries[121])}\n]\n`);
    const db = join(t.dir, 'damaged-array.db');
    const r = mxlens(['analyse', '--journal-file', f, '--db', db]);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`${f}: not a valid journald JSON array: entry 121 is damaged`);
    expect(r.status).toBe(65);
    expect(lines(db)).toBe(120);
  });

  test('--journal-file naming a Docker json-file log reads it as one', () => {
    const f = join(t.dir, 'container-json.log');
    writeFileSync(f, LINES.map((l, k) => JSON.stringify({ log: `${l}\n`, stream: 'stdout', time: `2026-11-28T18:00:00.${String(k).padStart(9, '0')}Z` })).join('\n') + '\n');
    const db = join(t.dir, 'forced-docker.db');
    const r = mxlens(['analyse', '--journal-file', f, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(sql(db, 'SELECT sum(parsed) AS p, sum(unparsed) AS u FROM line_stats')).toEqual([{ p: LINES.length, u: 0 }]);
  });
});
