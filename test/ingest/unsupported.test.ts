import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { IngestError, probeFile, refusedFormat, sniffStream, type UnsupportedInput } from '../../src/ingest/input.js';
import { probeGroup } from '../../src/ingest/candidates.js';

// Compressions Node cannot undo and databases are refused by their first bytes, with what to do;
// any other content is still read as text (its lines counted as unparsed).

const root = mkdtempSync(join(tmpdir(), 'mxlens-magic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const LINE = 'Nov 28 00:00:01 mx postfix/qmgr[1]: A: removed\n';
const heads: [string, Buffer, RegExp][] = [
  ['bzip2', Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(20, 7)]), /bzip2-compressed.*bzcat /],
  ['xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04, 0xe6, 0xd6, 0xb4, 0x46]), /xz-compressed.*xzcat /],
  ['zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x45, 0x00]), /zstd-compressed.*zstdcat /],
  ['sqlite', Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(84)]), /an SQLite database.*leave it out/],
  ['journal', Buffer.concat([Buffer.from('LPKSHHRH'), Buffer.alloc(30)]), /binary journald file.*journalctl --file/],
];

describe('inputs refused by their first bytes', () => {
  for (const [name, bytes, message] of heads) {
    test(`${name}: a file is refused (exit 65) naming it and what to do`, async () => {
      const p = join(root, `t.${name}`);
      writeFileSync(p, bytes);
      const err = await probeFile(p).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).code).toBe('dataerr');
      expect((err as IngestError).message).toMatch(new RegExp(`^${p}: `));
      expect((err as IngestError).message).toMatch(message);
    });
    test(`${name}: standard input is refused too`, async () => {
      await expect(sniffStream(Readable.from([bytes]))).rejects.toThrow(message);
    });
  }

  test('a gzipped database is refused by its uncompressed bytes', async () => {
    const p = join(root, 'mx.db.gz');
    writeFileSync(p, gzipSync(heads[3]![1]));
    await expect(probeFile(p)).rejects.toThrow(/an SQLite database/);
  });

  test('text, gzip text and other binary content are not refused', async () => {
    expect(refusedFormat(Buffer.from(LINE), 'x')).toBeNull();
    expect(refusedFormat(Buffer.from('BZh is not a block size\n'), 'x')).toBeNull();
    expect(refusedFormat(Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0x28, 0xb5]), 'x')).toBeNull();
    const p = join(root, 'plain.log.gz');
    writeFileSync(p, gzipSync(LINE));
    expect((await probeFile(p)).gzip).toBe(true);
    const stages = await sniffStream(Readable.from([Buffer.from(LINE)]));
    expect(stages).toHaveLength(1);
  });

  test('a refused sibling mxlens found by itself is left out in silence; a named one is a failure', async () => {
    const live = join(root, 'mail.log');
    writeFileSync(live, LINE);
    writeFileSync(`${live}.1`, heads[1]![1]);
    const failures: IngestError[] = [];
    const found = await probeGroup({ live, files: [live, `${live}.1`], named: [live] }, [], failures);
    expect([found.map((f) => f.path), failures]).toEqual([[live], []]);
    const named = await probeGroup({ live, files: [live, `${live}.1`], named: [live, `${live}.1`] }, [], failures);
    expect(named.map((f) => f.path)).toEqual([live]);
    expect(failures.map((f) => f.message)).toEqual([expect.stringMatching(/mail\.log\.1: xz-compressed/)]);
  });

  test('given a place for them, refused files a glob matched go there with their identity; one named one by one stays a failure', async () => {
    const live = join(root, 'glob.log');
    writeFileSync(live, LINE);
    writeFileSync(`${live}.1`, heads[1]![1]);
    const failures: IngestError[] = [];
    const refused: UnsupportedInput[] = [];
    const group = { live, files: [live, `${live}.1`], named: [live, `${live}.1`] };
    expect((await probeGroup(group, [], failures, refused)).map((f) => f.path)).toEqual([live]);
    expect([failures, refused.map((r) => [r.file?.path, r.file?.fingerprint])]).toEqual([[], [[`${live}.1`, heads[1]![1].toString('hex')]]]);
    refused.length = 0;
    await probeGroup({ ...group, explicit: [`${live}.1`] }, [], failures, refused);
    expect([failures.map((f) => f.message), refused]).toEqual([[expect.stringMatching(/glob\.log\.1: xz-compressed/)], []]);
  });
});
