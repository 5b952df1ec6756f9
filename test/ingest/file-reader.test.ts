import { afterAll, describe, expect, test } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAscii } from 'node:buffer';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileTextReader, type TextChunk } from '../../src/ingest/file-reader.js';
import { ChunkMarks, LineGuard, lineSplitter } from '../../src/ingest/lines.js';
import { tempDir } from '../helpers.js';

// The plain-file reader: latin1 text pieces with an ASCII flag, reads ahead of its consumer.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const lines = [
  'Nov 28 17:55:49 mx postfix/smtpd[4822]: connect from Zürich.example[192.0.2.1]',
  `${'a'.repeat(40)} middle é ${'b'.repeat(33)}`,
  'plain ascii line',
  'ends with ü',
  'é',
  'x'.repeat(100),
];
const bytes = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
const file = join(tmp.dir, 'mixed.log');
writeFileSync(file, bytes);

async function chunks(r: FileTextReader): Promise<TextChunk[]> {
  const out: TextChunk[] = [];
  for await (const c of r) out.push(c as TextChunk);
  return out;
}

describe('FileTextReader', () => {
  for (const [piece, readSize] of [[3, 7], [5, 20], [16, 64], [61, 61], [4096, 16384]] as const) {
    test(`pieces of ${piece} from reads of ${readSize}: every byte once, in order, flagged right`, async () => {
      const got = await chunks(new FileTextReader(file, 0, piece, readSize));
      expect(got.map((c) => c.text).join('')).toBe(bytes.toString('latin1'));
      let at = 0;
      for (const c of got) {
        expect(c.text.length).toBeLessThanOrEqual(piece);
        expect(c.ascii).toBe(isAscii(bytes.subarray(at, at + c.text.length)));
        at += c.text.length;
      }
    });
  }

  test('starts at a byte offset', async () => {
    const got = await chunks(new FileTextReader(file, 100, 7, 13));
    expect(got.map((c) => c.text).join('')).toBe(bytes.subarray(100).toString('latin1'));
  });

  test('an empty file and an offset at the end give no chunks', async () => {
    const empty = join(tmp.dir, 'empty.log');
    writeFileSync(empty, '');
    expect(await chunks(new FileTextReader(empty))).toEqual([]);
    expect(await chunks(new FileTextReader(file, bytes.length))).toEqual([]);
  });

  test('a consumer that takes its time still gets every byte once, in order', async () => {
    const got: string[] = [];
    const sink = new Writable({
      objectMode: true,
      highWaterMark: 1,
      write: (c: TextChunk, _e, cb) => {
        got.push(c.text);
        setTimeout(cb, 1);
      },
    });
    await pipeline(new FileTextReader(file, 0, 9, 30), sink);
    expect(got.join('')).toBe(bytes.toString('latin1'));
  });

  test('a missing file fails the pipeline with ENOENT', async () => {
    const sink = new Writable({ objectMode: true, write: (_c, _e, cb) => cb() });
    await expect(pipeline(new FileTextReader(join(tmp.dir, 'nope.log')), sink)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('a consumer that fails part way ends the read cleanly', async () => {
    let seen = 0;
    const sink = new Writable({
      objectMode: true,
      write: (_c, _e, cb) => (++seen === 3 ? cb(new Error('consumer failed')) : cb()),
    });
    await expect(pipeline(new FileTextReader(file, 0, 5, 10), sink)).rejects.toThrow('consumer failed');
    expect(seen).toBe(3);
  });

  test('framed through the guard and splitter, every line decodes as UTF-8 whatever the piece size', async () => {
    for (const [piece, readSize] of [[3, 7], [16, 40], [61, 200]] as const) {
      const got: string[] = [];
      const marks = new ChunkMarks();
      const splitter = lineSplitter((l) => got.push(l.text), marks);
      splitter.resume();
      await pipeline(new FileTextReader(file, 0, piece, readSize), new LineGuard(undefined, () => null, marks), splitter);
      expect(got).toEqual(lines);
    }
  });
});
