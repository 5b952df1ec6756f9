import { describe, expect, test } from 'vitest';
import { planReads, rotationName, type FileCheckpoint, type FileFacts } from '../../src/ingest/rotation.js';

// Contents stand for whole files; the fingerprint is the hex of the first 8 characters.
const fp = (content: string) => Buffer.from(content.slice(0, 8)).toString('hex');
function file(path: string, content: string, ino: number, compressed = path.endsWith('.gz')): FileFacts {
  return { path, dev: 1, ino, size: compressed ? Math.ceil(content.length / 3) : content.length, compressed, fingerprint: fp(content) };
}
function known(path: string, content: string, offset: number, ino: number, final = false, size = content.length): FileCheckpoint {
  return { path, dev: 1, ino, fingerprint: fp(content), offset, size, final };
}
/** the size a compressed file of this content has (file() above): a row read from it to its end keeps it */
const gzSize = (content: string) => Math.ceil(content.length / 3);

const A = 'Nov 27 00:00:01 mx a\nNov 27 00:00:02 mx b\n'; // 42 bytes, the file read last time
const A2 = A + 'Nov 27 23:59:59 mx c\n'; // the same file, grown before rotation
const B = 'Nov 28 00:00:01 mx d\n'; // a new live file
const C = 'Nov 26 00:00:01 mx e\n'; // an older rotated file

type Want = [path: string, from: number, reason: string][];
interface Case {
  name: string;
  candidates: FileFacts[];
  known: FileCheckpoint[];
  /** a glob or directory: every candidate named */
  glob?: boolean;
  /** files named one by one */
  named?: string[];
  live?: string;
  reads: Want;
  skips?: [path: string, reason: string][];
}

const L = '/var/log/mail.log';
const cases: Case[] = [
  {
    // a compressed copy read to its end first (a test run, a snapshot fetched with ssh ... gzip -c),
    // then the live log it was taken from, grown since: its lines past the copy are new
    name: 'a live log that begins like a compressed copy read before, and is longer: read on from the copy\'s end',
    candidates: [file(L, A2, 5)],
    known: [known(`${L}.gz`, A, A.length, 4, true, gzSize(A))],
    reads: [[L, A.length, 'resume']],
  },
  {
    name: 'a fresh compressed snapshot of a grown log, where an older one was read: decompressed and read on from there',
    candidates: [file(`${L}.gz`, A2, 6)],
    known: [known(`${L}.gz`, A, A.length, 4, true, gzSize(A))],
    reads: [[`${L}.gz`, A.length, 'recheck']],
  },
  {
    name: 'the same compressed file again (same size): read already',
    candidates: [file(`${L}.1.gz`, A, 4)],
    known: [known(`${L}.1.gz`, A, A.length, 4, true, gzSize(A))],
    reads: [],
    skips: [[`${L}.1.gz`, 'read']],
  },
  {
    name: 'first run on the live file: rotated siblings predate it',
    candidates: [file(L, A, 1), file(`${L}.1`, C, 2), file(`${L}.2.gz`, 'Nov 25 x\n', 3)],
    known: [],
    reads: [[L, 0, 'new']],
    skips: [[`${L}.1`, 'predates'], [`${L}.2.gz`, 'predates']],
  },
  {
    name: 'first run on a glob: everything, oldest first',
    candidates: [file(L, A, 1), file(`${L}.1`, C, 2), file(`${L}.2.gz`, 'Nov 25 x\n', 3)],
    known: [], glob: true,
    reads: [[`${L}.2.gz`, 0, 'new'], [`${L}.1`, 0, 'new'], [L, 0, 'new']],
  },
  {
    name: 'unchanged file: nothing to read',
    candidates: [file(L, A, 1)],
    known: [known(L, A, A.length, 1)],
    reads: [], skips: [[L, 'read']],
  },
  {
    name: 'grown file: resume at the offset',
    candidates: [file(L, A2, 1)],
    known: [known(L, A, A.length, 1)],
    reads: [[L, A.length, 'resume']],
  },
  {
    name: 'rename + create: finish .1, then the new file from 0',
    candidates: [file(L, B, 2), file(`${L}.1`, A2, 1)],
    known: [known(L, A, A.length, 1)],
    reads: [[`${L}.1`, A.length, 'resume'], [L, 0, 'new']],
  },
  {
    name: 'rename + create + compress between runs: finish .1.gz in uncompressed bytes',
    candidates: [file(L, B, 2), file(`${L}.1.gz`, A2, 5)],
    known: [known(L, A, A.length, 1)],
    reads: [[`${L}.1.gz`, A.length, 'recheck'], [L, 0, 'new']],
  },
  {
    name: 'two rotations between runs: the old file is now .2.gz',
    candidates: [file(L, 'Nov 29 f\n', 3), file(`${L}.1`, B, 2), file(`${L}.2.gz`, A2, 6)],
    known: [known(L, A, A.length, 1)],
    reads: [[`${L}.2.gz`, A.length, 'recheck'], [`${L}.1`, 0, 'new'], [L, 0, 'new']],
  },
  {
    name: 'copytruncate: the copy is finished, the truncated live file restarts at 0',
    candidates: [file(L, B, 1), file(`${L}.1`, A2, 7)],
    known: [known(L, A, A.length, 1)],
    reads: [[`${L}.1`, A.length, 'resume'], [L, 0, 'new']],
  },
  {
    name: 'copytruncate, live file still empty',
    candidates: [file(L, '', 1), file(`${L}.1`, A2, 7)],
    known: [known(L, A, A.length, 1)],
    reads: [[`${L}.1`, A.length, 'resume']], skips: [[L, 'empty']],
  },
  {
    // a stream of the same log (piped in by hand) moved the checkpoint past what this file ever held:
    // the file is as big as when it was read, not truncated
    name: 'a checkpoint a stream moved past the file: the same file, as big as when read, is read already',
    candidates: [file(L, A, 1)],
    known: [known(L, A2, A2.length, 1, false, A.length)],
    reads: [],
    skips: [[L, 'read']],
  },
  {
    name: 'truncated in place with no copy: same inode, smaller than the offset',
    candidates: [file(L, A.slice(0, 20), 1)],
    known: [known(L, A, A.length, 1)],
    reads: [[L, 0, 'truncated']],
  },
  {
    name: 'repeated reads: fully read files are skipped whatever their name',
    candidates: [file(L, B, 2), file(`${L}.1`, A2, 1), file(`${L}.2.gz`, C, 9)],
    known: [known(`${L}.1`, C, C.length, 8, true, gzSize(C)), known(L, A2, A2.length, 1), known(L, B, 0, 2)],
    reads: [[L, 0, 'resume']],
    skips: [[`${L}.2.gz`, 'read'], [`${L}.1`, 'read']],
  },
  {
    name: 'dateext names, compressed and not',
    live: '/var/log/maillog',
    candidates: [
      file('/var/log/maillog', B, 3),
      file('/var/log/maillog-20261128', A2, 1),
      file('/var/log/maillog-20261127.gz', C, 4),
    ],
    known: [known('/var/log/maillog', A, A.length, 1), known('/var/log/maillog', C, C.length, 2, true, gzSize(C))],
    reads: [['/var/log/maillog-20261128', A.length, 'resume'], ['/var/log/maillog', 0, 'new']],
    skips: [['/var/log/maillog-20261127.gz', 'read']],
  },
  {
    name: 'mid-compression copies: read the plain one only',
    candidates: [file(L, B, 2), file(`${L}.1`, A2, 1), file(`${L}.1.gz`, A2, 8)],
    known: [known(L, A, A.length, 1)],
    reads: [[`${L}.1`, A.length, 'resume'], [L, 0, 'new']],
    skips: [[`${L}.1.gz`, 'duplicate']],
  },
  {
    name: 'the file read last is gone: everything unknown is new',
    candidates: [file(L, B, 2), file(`${L}.1`, C, 3)],
    known: [known(L, A, A.length, 1)],
    reads: [[`${L}.1`, 0, 'new'], [L, 0, 'new']],
  },
  {
    name: 'a file that was empty last time is found by its inode after rename',
    candidates: [file(L, B, 2), file(`${L}.1`, A, 1)],
    known: [{ path: L, dev: 1, ino: 1, fingerprint: '', offset: 0, size: 0 }],
    reads: [[`${L}.1`, 0, 'resume'], [L, 0, 'new']],
  },
];

// The user names files one by one (the shell expanded mail.log*): named files are read on a first
// run, and a file a first run left alone is read once it is named.
const M = '/var/log/other.log';
const skipped = (path: string, content: string, ino: number): FileCheckpoint =>
  ({ ...known(path, content, content.length, ino, true), skipped: true });
cases.push(
  {
    name: 'first run, rotated files named one by one: read oldest first; a sibling only found is left alone',
    candidates: [file(L, A, 1), file(`${L}.1`, C, 2), file(`${L}.2.gz`, 'Nov 25 x\n', 3)],
    known: [], named: [L, `${L}.1`],
    reads: [[`${L}.1`, 0, 'new'], [L, 0, 'new']],
    skips: [[`${L}.2.gz`, 'predates']],
  },
  {
    name: 'a file the first run left alone, named now: read from its start',
    candidates: [file(L, A, 1), file(`${L}.1`, C, 2)],
    known: [known(L, A, A.length, 1), skipped(`${L}.1`, C, 2)], named: [`${L}.1`],
    reads: [[`${L}.1`, 0, 'named']],
    skips: [[L, 'read']],
  },
  {
    name: 'a file the first run left alone, only found again (the cron line): still left alone',
    candidates: [file(L, A, 1), file(`${L}.1`, C, 2)],
    known: [known(L, A, A.length, 1), skipped(`${L}.1`, C, 2)], named: [L],
    reads: [], skips: [[L, 'read'], [`${L}.1`, 'read']],
  },
  {
    name: 'another log known to the database does not make this one\'s first run a later one',
    candidates: [file(L, A, 1), file(`${L}.1`, C, 2)],
    known: [known(M, B, B.length, 9)], named: [L],
    reads: [[L, 0, 'new']], skips: [[`${L}.1`, 'predates']],
  },
);

describe('read plan', () => {
  for (const c of cases) {
    test(c.name, () => {
      const plan = planReads({ live: c.live ?? L, candidates: c.candidates, known: c.known, named: c.glob ? c.candidates.map((f) => f.path) : c.named });
      expect(plan.reads.map((r) => [r.file.path, r.from, r.reason])).toEqual(c.reads);
      if (c.skips) expect(plan.skips.map((s) => [s.file.path, s.reason]).sort()).toEqual([...c.skips].sort());
      // never read one file twice in a plan
      expect(new Set(plan.reads.map((r) => r.file.fingerprint)).size).toBe(plan.reads.length);
    });
  }
});

describe('age order', () => {
  test('one naming scheme: names decide, whatever the times', () => {
    const files = [file(`${L}.1`, B, 1), file(`${L}.2.gz`, A, 2), file(L, C, 3)].map((f, i) => ({ ...f, mtimeMs: 100 - i }));
    expect(planReads({ live: L, candidates: files, known: [], named: files.map((f) => f.path) }).reads.map((r) => r.file.path))
      .toEqual([`${L}.2.gz`, `${L}.1`, L]);
  });
  test('numbered and dated side by side (a configuration change): modification times decide', () => {
    const files = [
      { ...file(`${L}-20261128.gz`, 'Nov 28 dated\n', 1), mtimeMs: 300 },
      { ...file(`${L}.1`, B, 2), mtimeMs: 200 },
      { ...file(`${L}.2.gz`, A, 3), mtimeMs: 100 },
      { ...file(L, C, 4), mtimeMs: 50 },
    ];
    expect(planReads({ live: L, candidates: files, known: [], named: files.map((f) => f.path) }).reads.map((r) => r.file.path))
      .toEqual([`${L}.2.gz`, `${L}.1`, `${L}-20261128.gz`, L]);
  });
});

describe('rotated names', () => {
  const names: [string, string][] = [
    ['/var/log/mail.log', '/var/log/mail.log'],
    ['/var/log/mail.log.1', '/var/log/mail.log'],
    ['/var/log/mail.log.12.gz', '/var/log/mail.log'],
    ['/var/log/maillog-20261128', '/var/log/maillog'],
    ['/var/log/maillog-20261128.gz', '/var/log/maillog'],
    ['/var/log/maillog-2026112813', '/var/log/maillog'],
    ['/var/log/maillog-20261128-1795892589.gz', '/var/log/maillog'],
    ['/var/log/maillog-2026-11-28', '/var/log/maillog'],
    ['/var/log/maillog-2026-11-28.gz', '/var/log/maillog'],
    ['/var/log/mail.log.2026-11-29', '/var/log/mail.log'],
    ['/var/log/mail.log.2026-11-29.gz', '/var/log/mail.log'],
    ['/var/log/mail.log.20261129', '/var/log/mail.log'],
    ['/var/log/mail.log.20261129.gz', '/var/log/mail.log'],
    ['/var/log/mail.log.old', '/var/log/mail.log'],
    ['/var/log/mail.log.old.gz', '/var/log/mail.log'],
    ['/var/log/mail.log.0', '/var/log/mail.log'],
    ['/var/log/mail.log.1.xz', '/var/log/mail.log.1.xz'],
    ['/var/log/exim4/mainlog', '/var/log/exim4/mainlog'],
  ];
  for (const [path, base] of names) test(path, () => expect(rotationName(path).base).toBe(base));

  test('age order: dates ascending, then .N descending, live last', () => {
    const paths = ['/l', '/l.1', '/l.3.gz', '/l.2', '/l-20261127', '/l-20261126.gz'];
    const sorted = [...paths].sort((a, b) => rotationName(a).rank - rotationName(b).rank);
    expect(sorted).toEqual(['/l-20261126.gz', '/l-20261127', '/l.3.gz', '/l.2', '/l.1', '/l']);
  });

  test('dates with a dot order as dates, not as the twenty-millionth generation', () => {
    const paths = ['/l', '/l.20261129', '/l.2026-11-27', '/l.20261128.gz'];
    const sorted = [...paths].sort((a, b) => rotationName(a).rank - rotationName(b).rank);
    expect(sorted).toEqual(['/l.2026-11-27', '/l.20261128.gz', '/l.20261129', '/l']);
    expect(rotationName('/l.old').rank).toBeLessThan(rotationName('/l').rank);
  });
});
