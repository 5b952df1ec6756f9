import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { expandInput, expandInputs, factsOf, probeGroup } from '../../src/ingest/candidates.js';
import { fileStages, probeFile } from '../../src/ingest/input.js';
import { isTextChunk } from '../../src/ingest/file-reader.js';
import { planReads } from '../../src/ingest/rotation.js';

const root = mkdtempSync(join(tmpdir(), 'mxlens-cand-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function text(stages: Array<NodeJS.ReadableStream | NodeJS.ReadWriteStream>): Promise<string> {
  let s = stages[0] as NodeJS.ReadableStream;
  for (const t of stages.slice(1)) s = s.pipe(t as NodeJS.ReadWriteStream);
  const parts: Buffer[] = [];
  // plain files come as latin1 text chunks (one char per byte), gzip as buffers
  for await (const c of s) parts.push(isTextChunk(c) ? Buffer.from(c.text, 'latin1') : (c as Buffer));
  return Buffer.concat(parts).toString();
}
const fileFacts = async (p: string) => factsOf(await probeFile(p));
const openAt = (f: { path: string }, from: number) => fileStages({ ...f, gzip: f.path.endsWith('.gz') } as never, from);

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
    expect(groups).toEqual([{
      live: join(dir, 'mail.log'), files: [join(dir, 'mail.log'), join(dir, 'mail.log.1.gz')], named: [join(dir, 'mail.log')], explicit: [join(dir, 'mail.log')],
    }]);
  });

  test('a glob groups by live name', async () => {
    const groups = await expandInput(join(dir, 'mail*'));
    expect(groups.map((g) => [g.live, g.files.length, g.named.length])).toEqual([
      [join(dir, 'mail.log'), 2, 2],
      [join(dir, 'maillog'), 1, 1],
    ]);
  });

  test('a directory takes every file', async () => {
    expect((await expandInput(dir)).map((g) => g.live).sort()).toEqual(
      ['mail.log', 'maillog', 'syslog'].map((n) => join(dir, n)));
  });

  test('a gzip file is fingerprinted by its uncompressed bytes and read from an uncompressed offset', async () => {
    const gz = await fileFacts(join(dir, 'mail.log.1.gz'));
    writeFileSync(join(dir, 'plain-copy'), old);
    const plain = await fileFacts(join(dir, 'plain-copy'));
    expect(gz!.compressed).toBe(true);
    expect(gz!.fingerprint).toBe(plain!.fingerprint);
    expect(await text(openAt(gz!, 100))).toBe(old.slice(100));
    expect(await text(openAt(plain!, 100))).toBe(old.slice(100));
    rmSync(join(dir, 'plain-copy'));
  });

  test('a named file that does not exist is "no input"; a vanished sibling is left out', async () => {
    await expect(expandInput(join(dir, 'nope'))).rejects.toThrow(/no such file/);
    await expect(expandInput(join(dir, 'nope*'))).rejects.toThrow(/no file matches/);
    const got = await probeGroup({ live: join(dir, 'mail.log'), files: [join(dir, 'mail.log'), join(dir, 'mail.log.9')], named: [join(dir, 'mail.log')] });
    expect(got.map((f) => f.path)).toEqual([join(dir, 'mail.log')]);
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
    const facts = (await probeGroup(g!)).map(factsOf);
    const plan = planReads({ live, candidates: facts, known: [ck], named: g!.named });
    const got = [];
    for (const r of plan.reads) got.push(await text(openAt(r.file, r.from)));
    expect(got.join('')).toBe('Nov 27 23:59:59 mx c\nNov 28 00:00:01 mx d\n');
  });
});

describe('arguments that belong to one log', () => {
  test('mail.log mail.log.1 mail.log.2.gz (a shell glob) are one group, every file named; groups come oldest first', async () => {
    const d = join(root, 'merge');
    mkdirSync(d);
    const f = join(d, 'mail.log');
    for (const p of [f, `${f}.1`, `${f}.2.gz`, join(d, 'a-second.log'), join(d, 'b-first.log')]) writeFileSync(p, `${p}\n`);
    utimesSync(join(d, 'b-first.log'), 1000, 1000);
    utimesSync(join(d, 'a-second.log'), 2000, 2000);
    const { groups, failures } = await expandInputs([f, `${f}.1`, `${f}.2.gz`, join(d, 'nope'), join(d, 'a-second.log'), join(d, 'b-first.log')]);
    expect(failures.map((e) => e.message)).toEqual([`${join(d, 'nope')}: no such file`]);
    expect(groups.map((g) => g.live)).toEqual([join(d, 'b-first.log'), join(d, 'a-second.log'), f]);
    expect(groups[2]).toEqual({ live: f, files: [f, `${f}.1`, `${f}.2.gz`], named: [f, `${f}.1`, `${f}.2.gz`], explicit: [f, `${f}.1`, `${f}.2.gz`] });
  });
});
