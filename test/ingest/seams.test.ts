import { afterAll, describe, expect, test } from 'vitest';
import { createWriteStream, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { analyse, InputFailures } from '../../src/app/analyse.js';
import { dumpFacts, fixture, scalar, tempDir } from '../helpers.js';

// The stream at its seams: however the bytes arrive, every line is parsed or counted.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;

function chunked(buf: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

async function run(input: Buffer, size = 65536) {
  const db = join(tmp.dir, `seam-${n++}.db`);
  const [r] = await analyse({ db, inputs: ['-'], stdin: chunked(input, size), now: () => Date.parse('2026-11-29T00:00:00Z'), year: 2026 });
  return { db, r: r! };
}

const lab = readFileSync(fixture('lab/postfix-maillog_file.log'));
const labLines = lab.toString('utf8').split('\n').filter((l) => l.length > 0).length;

describe('chunk boundaries', () => {
  let whole: Record<string, unknown[]>;
  test('whole file', async () => {
    const { db, r } = await run(lab);
    expect(r.lines).toBe(labLines);
    expect(r.parsed + r.unparsed + r.foreign).toBe(r.lines);
    expect(r.offset).toBe(lab.length);
    whole = dumpFacts(db);
  });
  for (const size of [1, 7, 4096]) {
    test(`chunks of ${size} bytes give the same rows`, async () => {
      const { db, r } = await run(lab, size);
      expect(r.lines).toBe(labLines);
      expect(dumpFacts(db)).toEqual(whole);
    });
  }
  test('gzip by magic bytes', async () => {
    const { db, r } = await run(gzipSync(lab), 4096);
    expect(r.lines).toBe(labLines);
    expect(dumpFacts(db)).toEqual(whole);
  });
  test('CRLF line ends', async () => {
    const crlf = Buffer.from(lab.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
    const { db, r } = await run(crlf, 7);
    expect(r.lines).toBe(labLines);
    expect(r.offset).toBe(crlf.length);
    expect(dumpFacts(db).replies).toEqual(whole.replies);
  });
});

describe('odd input', () => {
  const line = 'Nov 28 17:55:49 mx postfix/smtpd[4822]: connect from localhost[127.0.0.1]';
  test('no final newline: the last line still counts', async () => {
    const { r } = await run(Buffer.from(`${line}\n${line}`));
    expect(r.lines).toBe(2);
    expect(r.parsed).toBe(2);
  });
  test('a byte order mark, and the NUL bytes a crash leaves before the next line, are no part of that line', async () => {
    const reject = 'Nov 28 17:59:38 mx postfix/smtpd[7163]: NOQUEUE: reject: RCPT from unknown[203.0.113.41]: 554 5.7.1 <v@remote.example>: Relay access denied; from=<a@outside.test> to=<v@remote.example> proto=ESMTP helo=<h.outside.test>';
    const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${line}\n`), Buffer.alloc(2048), Buffer.from(`${reject}\n`)]);
    for (const size of [1, 7, 65536]) {
      const { db, r } = await run(input, size);
      expect(r.lines).toBe(2);
      expect(r.parsed).toBe(2);
      expect(r.offset).toBe(input.length);
      expect(scalar(db, 'SELECT count(*) FROM replies')).toBe(1);
      expect(scalar(db, 'SELECT line FROM replies')).toBe(reject);
    }
  });
  test('invalid UTF-8 is decoded with replacement characters and counted', async () => {
    const bad = Buffer.concat([Buffer.from('Nov 28 17:55:49 mx postfix/smtpd[4822]: weird \xff\xfe bytes\n', 'latin1'), Buffer.from(`${line}\n`)]);
    const { db, r } = await run(bad, 3);
    expect(r.lines).toBe(2);
    expect(r.unparsed).toBe(1);
    expect(String(scalar(db, 'SELECT example FROM misses'))).toContain('\ufffd');
  });
  test('UTF-8 is decoded wherever the read chunks fall', async () => {
    // the non-ASCII bytes sit at the start, the middle and the end of lines, so with these
    // chunk sizes they land in chunks before, inside and after the ones a line began in
    const texts = ['Zürich first', `${'a'.repeat(40)} Zürich middle ${'b'.repeat(40)}`, `plain ${'c'.repeat(50)} end é`, 'é', 'plain ascii'];
    const input = Buffer.from(texts.map((t, i) => `Nov 28 17:55:49 mx postfix/smtpd[4822]: odd${i} ${t}\n`).join(''), 'utf8');
    for (const size of [3, 16, 61, 4096]) {
      const { db, r } = await run(input, size);
      expect(r.unparsed).toBe(texts.length);
      const examples = (dumpFacts(db).misses as Array<{ example: string }>).map((x) => x.example).sort();
      expect(examples).toEqual(texts.map((t, i) => `Nov 28 17:55:49 mx postfix/smtpd[4822]: odd${i} ${t}`).sort());
    }
  });
  test('a 1 MB line is cut, counted as one unparsed line, and the next line still parses', async () => {
    const big = `Nov 28 17:55:49 mx postfix/smtpd[4822]: ${'x'.repeat(1024 * 1024)}`;
    const input = Buffer.from(`${big}\n${line}\n`);
    const { db, r } = await run(input, 4096);
    expect(r.lines).toBe(2);
    expect(r.unparsed).toBe(1);
    expect(r.parsed).toBe(1);
    expect(r.offset).toBe(input.length);
    expect((scalar(db, 'SELECT length(example) FROM misses') as number) < 100_000).toBe(true);
  });
  test('an empty input reads nothing', async () => {
    const { r } = await run(Buffer.alloc(0));
    expect(r.lines).toBe(0);
  });
  test('a binary file does not crash: every line is counted as unparsed', async () => {
    const bin = Buffer.alloc(20000);
    let x = 7;
    for (let i = 0; i < bin.length; i++) bin[i] = x = (x * 1103515245 + 12345) & 0xff;
    const { r } = await run(bin, 4096);
    expect(r.lines).toBeGreaterThan(0);
    expect(r.unparsed + r.foreign).toBe(r.lines);
    expect(r.offset).toBe(bin.length);
  });
});

describe('a stream that fails', () => {
  for (const at of [200, 9000]) {
    test(`after ${at} bytes: the whole lines before the failure are kept, and the failure is one input error`, async () => {
      const db = join(tmp.dir, `broken-${n++}.db`);
      const stdin = Readable.from((async function* () {
        yield lab.subarray(0, at);
        throw Object.assign(new Error('read EIO'), { code: 'EIO' });
      })());
      const err = await analyse({ db, inputs: ['-'], stdin, now: () => Date.parse('2026-11-29T00:00:00Z'), year: 2026 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputFailures);
      expect((err as InputFailures).failures.map((f) => [f.code, f.message])).toEqual([['io', '-: read EIO']]);
      const whole = lab.subarray(0, at).lastIndexOf(0x0a) + 1;
      expect(scalar(db, 'SELECT byte_offset FROM sources')).toBe(whole);
      expect(scalar(db, 'SELECT sum(lines) FROM line_stats')).toBe(lab.subarray(0, whole).toString('utf8').split('\n').length - 1);
    });
  }
});

describe('a named pipe', () => {
  test('is read like standard input, gzip or not, under its own name; a re-run reads only what is new', async () => {
    const fifo = join(tmp.dir, 'mail.pipe');
    execFileSync('mkfifo', [fifo]);
    const db = join(tmp.dir, `pipe-${n++}.db`);
    const now = () => Date.parse('2026-11-29T00:00:00Z');
    const grown = Buffer.concat([lab, Buffer.from('Nov 28 18:00:00 mx postfix/smtpd[7000]: connect from localhost[127.0.0.1]\n')]);
    const read: number[] = [];
    for (const data of [lab, gzipSync(lab), gzipSync(grown)]) {
      // the writer's open waits for the reader, so it runs alongside analyse
      const fed = new Promise<void>((done, fail) => createWriteStream(fifo).on('error', fail).end(data, done));
      const [r] = await analyse({ db, inputs: [fifo], now, year: 2026 });
      await fed;
      expect(r!.parsed + r!.unparsed + r!.foreign).toBe(r!.lines);
      read.push(r!.lines);
    }
    expect(read).toEqual([labLines, 0, 1]);
    expect(scalar(db, "SELECT group_concat(DISTINCT path || ' ' || kind) FROM sources")).toBe(`${fifo} stdin`);
    expect(scalar(db, 'SELECT sum(lines) FROM sources')).toBe(labLines + 1);
  });
});
