import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { expandInput, fileFacts, openAt } from '../../src/ingest/candidates.js';
import { planReads } from '../../src/ingest/rotation.js';

const root = mkdtempSync(join(tmpdir(), 'mxlens-cand-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function text(s: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts).toString();
}

describe('finding and naming rotated files', () => {
  const dir = join(root, 'log');
  mkdirSync(dir);
  const old = 'Nov 27 00:00:01 mx postfix/qmgr[1]: A: removed\n'.repeat(30);
  writeFileSync(join(dir, 'mail.log'), 'Nov 28 00:00:01 mx postfix/qmgr[1]: B: removed\n');
  writeFileSync(join(dir, 'mail.log.1.gz'), gzipSync(old));
  writeFileSync(join(dir, 'maillog-20261128'), 'x\n');
  writeFileSync(join(dir, 'syslog'), 'y\n');

  test('a single file brings its siblings, not other logs', async () => {
    const groups = await expandInput(join(dir, 'mail.log'));
    expect(groups).toEqual([{ live: join(dir, 'mail.log'), files: [join(dir, 'mail.log'), join(dir, 'mail.log.1.gz')], readRotatedOnFirstRun: false }]);
  });

  test('a glob groups by live name', async () => {
    const groups = await expandInput(join(dir, 'mail*'));
    expect(groups.map((g) => [g.live, g.files.length, g.readRotatedOnFirstRun])).toEqual([
      [join(dir, 'mail.log'), 2, true],
      [join(dir, 'maillog'), 1, true],
    ]);
  });

  test('a directory takes every file', async () => {
    expect((await expandInput(dir)).map((g) => g.live).sort()).toEqual(
      ['mail.log', 'maillog', 'syslog'].map((n) => join(dir, n)));
  });

  test('a gzip file is fingerprinted by its uncompressed bytes and read from an uncompressed offset', async () => {
    const gz = await fileFacts(join(dir, 'mail.log.1.gz'), 64);
    writeFileSync(join(dir, 'plain-copy'), old);
    const plain = await fileFacts(join(dir, 'plain-copy'), 64);
    expect(gz!.compressed).toBe(true);
    expect(gz!.fingerprint).toBe(plain!.fingerprint);
    expect(await text(openAt(gz!, 100))).toBe(old.slice(100));
    expect(await text(openAt(plain!, 100))).toBe(old.slice(100));
    rmSync(join(dir, 'plain-copy'));
  });

  test('a vanished file gives null', async () => {
    expect(await fileFacts(join(dir, 'nope'))).toBeNull();
  });

  test('rename + compress between runs on real files: finish the old file, then the new one', async () => {
    const d = join(root, 'rot');
    mkdirSync(d);
    const live = join(d, 'mail.log');
    const first = 'Nov 27 00:00:01 mx a\nNov 27 00:00:02 mx b\n';
    writeFileSync(live, first);
    const before = (await fileFacts(live))!;
    const ck = { ...before, offset: first.length };
    // logrotate with compress, without delaycompress
    const more = first + 'Nov 27 23:59:59 mx c\n';
    writeFileSync(live, more);
    renameSync(live, join(d, 'mail.log.1'));
    writeFileSync(join(d, 'mail.log.1.gz'), gzipSync(more));
    rmSync(join(d, 'mail.log.1'));
    writeFileSync(live, 'Nov 28 00:00:01 mx d\n');
    const [g] = await expandInput(live);
    const facts = (await Promise.all(g!.files.map((f) => fileFacts(f)))).filter((f) => f !== null);
    const plan = planReads({ live, candidates: facts, known: [ck], readRotatedOnFirstRun: false });
    const got = [];
    for (const r of plan.reads) got.push(await text(openAt(r.file, r.from)));
    expect(got.join('')).toBe('Nov 27 23:59:59 mx c\nNov 28 00:00:01 mx d\n');
  });
});
