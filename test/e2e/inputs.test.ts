import { chmodSync, chownSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { built, dump, isRoot, mxlens, oneLine, permissionsTestable, tempDir, NOBODY } from './helpers.js';

// Inputs that are not plain files: a journal export on a pipe, directories, and one bad
// file among good ones.

const t = tempDir('inputs');
afterAll(() => t.cleanup());
const LOG = resolve('fixtures/lab/postfix-syslog.log');


/** The lab log as `journalctl -o json` would export it. */
function journal(): string {
  const out: string[] = [];
  readFileSync(LOG, 'utf8').split('\n').forEach((line, i) => {
    const m = /^(\S+\s+\S+\s+\S+) (\S+) ([^[:]+)\[(\d+)\]: (.*)$/.exec(line);
    if (!m) return;
    out.push(JSON.stringify({
      __CURSOR: `s=lab;i=${i}`, __REALTIME_TIMESTAMP: String(Date.parse(`${m[1]} 2026 UTC`) * 1000),
      _HOSTNAME: m[2], SYSLOG_IDENTIFIER: m[3], _PID: m[4], MESSAGE: m[5],
    }));
  });
  return `${out.join('\n')}\n`;
}

const replies = (db: string) => dump(db).replies!.length;

const nobodyOk = permissionsTestable(t.dir);

describe.skipIf(!built)('inputs', () => {
  const json = join(t.dir, 'export.json');
  writeFileSync(json, journal());

  test('--journal-file /dev/stdin on a pipe is read as a stream, like the same export as a file', () => {
    const fileDb = join(t.dir, 'file.db');
    expect(mxlens(['analyse', '--journal-file', json, '--db', fileDb]).status).toBe(0);
    expect(replies(fileDb)).toBeGreaterThan(0);
    const pipeDb = join(t.dir, 'pipe.db');
    const r = mxlens(['analyse', '--journal-file', '/dev/stdin', '--db', pipeDb], { input: readFileSync(json) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(replies(pipeDb)).toBe(replies(fileDb));
  });

  test('a log file whose name starts with "-" is read after --, and "-" there is still standard input', () => {
    const dashed = join(t.dir, 'dash');
    mkdirSync(dashed);
    writeFileSync(join(dashed, '-old.log'), readFileSync(LOG));
    const plainDb = join(t.dir, 'plain.db');
    expect(mxlens(['analyse', LOG, '--db', plainDb]).status).toBe(0);
    const db = join(t.dir, 'dash.db');
    const r = mxlens(['analyse', '--db', db, '--', '-old.log'], { cwd: dashed });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(replies(db)).toBe(replies(plainDb));
    const stdinDb = join(t.dir, 'dash-stdin.db');
    expect(mxlens(['analyse', '--db', stdinDb, '--', '-'], { input: readFileSync(LOG) }).status).toBe(0);
    expect(replies(stdinDb)).toBe(replies(plainDb));
  });

  test('a log piped in again adds only its new lines; another log that begins the same way is refused (exit 65) unless --no-resume', () => {
    const text = readFileSync(LOG, 'utf8');
    const lines = text.split('\n');
    const once = join(t.dir, 'piped-once.db');
    expect(mxlens(['analyse', '-', '--db', once], { input: text }).status).toBe(0);
    const db = join(t.dir, 'piped.db');
    const head = `${lines.slice(0, 40).join('\n')}\n`;
    expect(mxlens(['analyse', '-', '--db', db, '--quiet'], { input: head }).status).toBe(0);
    for (let i = 0; i < 2; i++) {
      const r = mxlens(['analyse', '-', '--db', db, '--quiet'], { input: text });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(dump(db)).toEqual(dump(once));
    }
    // the same first lines, then only some of the rest: not the stream read before
    const filtered = `${[...lines.slice(0, 20), ...lines.slice(20).filter((l) => !l.includes('smtpd'))].join('\n')}\nNov 28 18:30:00 mx postfix/qmgr[99]: 0000000000: removed\n`.repeat(3);
    const r = mxlens(['analyse', '-', '--db', db, '--quiet'], { input: filtered });
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/^mxlens: standard input: begins like a stream read before .* run again with --no-resume to read it whole\n$/);
    expect(r.status).toBe(65);
    expect(dump(db)).toEqual(dump(once));
    expect(mxlens(['analyse', '-', '--db', db, '--quiet', '--no-resume'], { input: filtered }).status).toBe(0);
    expect(replies(db)).toBeGreaterThan(replies(once));
  });

  test('an Exim reject log piped in with --exim-log reject counts its refusals once with the main log\'s, as the named file does', () => {
    const main = resolve('fixtures/lab/exim-mainlog.log');
    const reject = resolve('fixtures/lab/exim-rejectlog.log');
    const both = join(t.dir, 'exim-files.db');
    expect(mxlens(['analyse', '--db', both, main, reject]).status).toBe(0);
    const piped = join(t.dir, 'exim-piped.db');
    expect(mxlens(['analyse', '--db', piped, main]).status).toBe(0);
    const r = mxlens(['analyse', '--db', piped, '--exim-log', 'reject', '-'], { input: readFileSync(reject) });
    expect(r.status, r.stderr).toBe(0);
    const rejected = (db: string) => JSON.parse(mxlens(['report', '--db', db, '--format', 'json']).stdout).totals.rejected;
    expect(rejected(piped)).toEqual(rejected(both));
    // without it, the stream is taken for a main log: each one-line refusal is counted a second time
    const plain = join(t.dir, 'exim-piped-plain.db');
    expect(mxlens(['analyse', '--db', plain, main]).status).toBe(0);
    expect(mxlens(['analyse', '--db', plain, '-'], { input: readFileSync(reject) }).status).toBe(0);
    expect(rejected(plain).total).toBeGreaterThan(rejected(both).total);
  });

  test('--journal-file naming a directory: one line, exit 66', () => {
    const dir = join(t.dir, 'jdir');
    mkdirSync(dir);
    writeFileSync(join(dir, 'export.json'), journal());
    const r = mxlens(['analyse', '--journal-file', dir, '--db', join(t.dir, 'jdir.db')]);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`${dir}: is a directory`);
    expect(r.status).toBe(66);
  });

  test('what is said of a JSON log names the file read, not the log it is a rotated file of', () => {
    const dir = join(t.dir, 'jnames');
    mkdirSync(dir);
    const text = join(dir, 'x.log.1');
    writeFileSync(text, readFileSync(LOG));
    const r = mxlens(['analyse', '--journal-file', text, '--db', join(dir, 'a.db')]);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`${text}: not a journald export`);
    expect(r.status).toBe(65);
    const gz = join(dir, 'export.json.gz');
    writeFileSync(gz, gzipSync(journal()).subarray(0, 600));
    const cut = mxlens(['analyse', gz, '--db', join(dir, 'b.db')]);
    oneLine(cut.stderr);
    expect(cut.stderr).toContain(`${gz}: damaged gzip data`);
  });

  test('a path through a file, and a loop of symbolic links: no such file, exit 66 (not an I/O error)', () => {
    const dir = join(t.dir, 'badpaths');
    mkdirSync(dir);
    const file = join(dir, 'mail.log');
    writeFileSync(file, readFileSync(LOG));
    symlinkSync('loop-b', join(dir, 'loop-a'));
    symlinkSync('loop-a', join(dir, 'loop-b'));
    const r = mxlens(['analyse', join(file, 'x'), join(dir, 'loop-a'), '--db', join(t.dir, 'badpaths.db')]);
    expect(r.stderr.trim().split('\n')).toEqual([
      `mxlens: ${join(file, 'x')}: no such file (a part of the path is not a directory)`,
      `mxlens: ${join(dir, 'loop-a')}: no such file (too many symbolic links: a loop)`,
    ]);
    expect(r.status).toBe(66);
  });

  test('analyse on an empty directory: one line, exit 66', () => {
    const dir = join(t.dir, 'empty');
    mkdirSync(dir);
    const r = mxlens(['analyse', dir, '--db', join(t.dir, 'empty.db')]);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`${dir}: no log files`);
    expect(r.status).toBe(66);
  });

  test('a missing file among several: the others are read, one line per failure, exit 66', () => {
    const alone = join(t.dir, 'alone.db');
    expect(mxlens(['analyse', LOG, '--db', alone]).status).toBe(0);
    const db = join(t.dir, 'mixed.db');
    const gone1 = join(t.dir, 'gone-1.log');
    const gone2 = join(t.dir, 'gone-2.log');
    const r = mxlens(['analyse', gone1, LOG, gone2, '--db', db]);
    expect(r.status).toBe(66);
    expect(r.stderr.trim().split('\n')).toEqual([`mxlens: ${gone1}: no such file`, `mxlens: ${gone2}: no such file`]);
    expect(dump(db)).toEqual(dump(alone));
  });

  test.skipIf(!nobodyOk)('an unreadable file before a readable one: the readable one is still read, exit 66', () => {
    const dir = join(t.dir, 'unreadable');
    mkdirSync(dir);
    const locked = join(dir, 'locked.log');
    const ok = join(dir, 'ok.log');
    writeFileSync(locked, readFileSync(LOG));
    writeFileSync(ok, readFileSync(LOG));
    chmodSync(locked, 0o000);
    chmodSync(ok, 0o644);
    if (isRoot) chownSync(dir, NOBODY.uid, NOBODY.gid);
    const db = join(dir, 'x.db');
    const r = mxlens(['analyse', locked, ok, '--db', db], isRoot ? NOBODY : {});
    expect(r.stderr.trim()).toBe(`mxlens: ${locked}: permission denied`);
    expect(r.status).toBe(66);
    expect(replies(db)).toBeGreaterThan(0);
  });

  test.skipIf(!nobodyOk)('a directory that cannot be listed: a file named in it is read; named itself, one line and exit 66, and the other inputs are read', () => {
    const dir = join(t.dir, 'unlisted');
    mkdirSync(dir);
    const hidden = join(dir, 'hidden');
    mkdirSync(hidden);
    const inside = join(hidden, 'mail.log');
    writeFileSync(inside, readFileSync(LOG));
    chmodSync(inside, 0o644);
    const ok = join(dir, 'ok.log');
    writeFileSync(ok, readFileSync(LOG));
    chmodSync(ok, 0o644);
    if (isRoot) chownSync(dir, NOBODY.uid, NOBODY.gid);
    // may be passed through, not listed (Debian's /var/log/exim4 is 2750: a group that is not ours)
    chmodSync(hidden, 0o711);
    const named = mxlens(['analyse', inside, '--db', join(dir, 'a.db')], isRoot ? NOBODY : {});
    expect(named.stderr).toBe('');
    expect(named.status).toBe(0);
    expect(replies(join(dir, 'a.db'))).toBeGreaterThan(0);
    const whole = mxlens(['analyse', ok, hidden, '--db', join(dir, 'b.db')], isRoot ? NOBODY : {});
    expect(whole.stderr.trim()).toBe(`mxlens: ${hidden}: permission denied`);
    expect(whole.status).toBe(66);
    expect(replies(join(dir, 'b.db'))).toBeGreaterThan(0);
  });
});
