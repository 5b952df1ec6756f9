import { afterAll, describe, expect, test } from 'vitest';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { analyse, InputFailures, type SourceResult } from '../../src/app/analyse.js';
import { IngestError } from '../../src/ingest/input.js';
import { dumpFacts, fixture, scalar, tempDir } from '../helpers.js';

// A log piped in again (from cron, or by hand) is known by its first bytes and goes on from its
// checkpoint: the same database as one run over the whole stream, never a line stored twice.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let n = 0;
const NOW = () => Date.parse('2026-11-30T00:00:00Z');

const lab = readFileSync(fixture('lab/postfix-maillog_file.log'));
const rejectlog = readFileSync(fixture('exim-all/exim-rejectlog.log'));

function newDb(): string {
  return join(tmp.dir, `stream-${n++}.db`);
}

interface PipeOptions {
  batchLines?: number;
  resumeStreams?: boolean;
  warnings?: string[];
  chunk?: number;
  /** the pipe breaks after this many bytes */
  breakAt?: number;
}

async function pipe(db: string, data: Buffer, opts: PipeOptions = {}): Promise<SourceResult> {
  const size = opts.chunk ?? 65536;
  const parts: Buffer[] = [];
  const end = opts.breakAt ?? data.length;
  for (let i = 0; i < end; i += size) parts.push(data.subarray(i, Math.min(i + size, end)));
  const stdin = Readable.from((async function* () {
    yield* parts;
    if (opts.breakAt !== undefined) throw Object.assign(new Error('read EPIPE'), { code: 'EPIPE' });
  })());
  const [r] = await analyse({
    db, inputs: ['-'], stdin, now: NOW, year: 2026, batchLines: opts.batchLines, resumeStreams: opts.resumeStreams,
    onWarning: (m) => opts.warnings?.push(m),
  });
  return r!;
}

/** The byte offset just after the first `k` lines. */
function afterLines(buf: Buffer, k: number): number {
  let at = 0;
  for (let i = 0; i < k; i++) at = buf.indexOf(0x0a, at) + 1;
  return at;
}

const lineCount = (buf: Buffer) => buf.toString('utf8').split('\n').filter((l) => l.length > 0).length;

describe('a stream piped again', () => {
  test('the same stream again adds nothing', async () => {
    const db = newDb();
    const first = await pipe(db, lab);
    expect(first.lines).toBe(lineCount(lab));
    const before = dumpFacts(db);
    const again = await pipe(db, lab, { chunk: 7 });
    expect(again).toMatchObject({ upToDate: true, lines: 0, offset: lab.length, passedOver: lineCount(lab) });
    expect(dumpFacts(db)).toEqual(before);
    expect(scalar(db, 'SELECT count(*) FROM sources')).toBe(1);
  });

  test('a grown stream adds only its new lines: the same rows as one run over the whole', async () => {
    const whole = newDb();
    await pipe(whole, lab);
    for (const k of [1, 37, 300, lineCount(lab) - 1]) {
      const db = newDb();
      const head = lab.subarray(0, afterLines(lab, k));
      expect((await pipe(db, head, { batchLines: 50 })).lines).toBe(k);
      const rest = await pipe(db, lab, { batchLines: 50, chunk: 4096 });
      expect(rest.lines).toBe(lineCount(lab) - k);
      expect(rest.passedOver).toBe(k);
      expect(dumpFacts(db)).toEqual(dumpFacts(whole));
      expect(scalar(db, 'SELECT byte_offset FROM sources')).toBe(lab.length);
    }
  });

  test('gzip on standard input is known by its uncompressed bytes', async () => {
    const whole = newDb();
    await pipe(whole, lab);
    const db = newDb();
    await pipe(db, gzipSync(lab.subarray(0, afterLines(lab, 200))));
    expect((await pipe(db, gzipSync(lab))).lines).toBe(lineCount(lab) - 200);
    expect(dumpFacts(db)).toEqual(dumpFacts(whole));
  });

  test('a pipe that broke mid-run, piped again whole: the same rows as one run, entries that span lines included', async () => {
    const whole = newDb();
    await pipe(whole, rejectlog);
    const expected = dumpFacts(whole);
    // a rejectlog's entries span lines (Envelope-from:, headers): a checkpoint stops before the entry
    // still being read, and the line it stops after is the one checked when the stream comes again
    for (const at of [200, 700, 1500, 2600, 4000, 6100]) {
      const db = newDb();
      const err = await pipe(db, rejectlog, { batchLines: 1, breakAt: at }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputFailures);
      const offset = scalar(db, 'SELECT byte_offset FROM sources') as number;
      // (at 200 bytes the only whole line begins an entry still held: nothing is stored yet)
      expect(offset).toBeLessThanOrEqual(at);
      if (at > 1000) expect(offset).toBeGreaterThan(0);
      // the line kept to check the stream against is the one that ends at the checkpoint
      const before = rejectlog.subarray(0, offset).toString('utf8').split('\n');
      if (offset > 0) expect(scalar(db, 'SELECT last_line FROM sources')).toBe(before[before.length - 2]);
      await pipe(db, rejectlog, { batchLines: 2 });
      expect(dumpFacts(db), `first run broken at byte ${at}`).toEqual(expected);
    }
  });

  test('a stream whose last line was cut goes on after that line once it is whole', async () => {
    const db = newDb();
    const cut = afterLines(lab, 100) + 20;
    const first = await pipe(db, lab.subarray(0, cut));
    expect(first.lines).toBe(101);
    const rest = await pipe(db, lab);
    expect(rest.lines).toBe(lineCount(lab) - 101);
    expect(scalar(db, 'SELECT lines FROM sources')).toBe(lineCount(lab));
  });

  test('another stream that only begins the same way is refused where it differs, with nothing stored', async () => {
    const db = newDb();
    await pipe(db, lab.subarray(0, afterLines(lab, 300)));
    const before = dumpFacts(db);
    const sourceBefore = scalar(db, 'SELECT json_array(byte_offset, lines, last_line) FROM sources');
    // the same first 20 lines, then the log without its smtpd lines: longer than what was read
    const text = lab.toString('utf8').split('\n');
    const other = Buffer.from([...text.slice(0, 20), ...text.slice(20).filter((l) => !l.includes('smtpd'))].join('\n'));
    expect(other.length).toBeGreaterThan(afterLines(lab, 300));
    const err = await pipe(db, other).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputFailures);
    const [failure] = (err as InputFailures).failures;
    expect(failure).toBeInstanceOf(IngestError);
    expect(failure!.code).toBe('dataerr');
    expect(failure!.message).toMatch(/^standard input: begins like a stream read before .* --no-resume/);
    expect(dumpFacts(db)).toEqual(before);
    expect(scalar(db, 'SELECT json_array(byte_offset, lines, last_line) FROM sources')).toBe(sourceBefore);
    // read whole when asked: a stream of its own
    const whole = await pipe(db, other, { resumeStreams: false });
    expect(whole.lines).toBe(lineCount(other));
    expect(scalar(db, 'SELECT count(*) FROM sources')).toBe(2);
  });

  test('a stream that ends before the checkpoint adds nothing, and the user is told', async () => {
    const db = newDb();
    await pipe(db, lab);
    const before = dumpFacts(db);
    const warnings: string[] = [];
    const r = await pipe(db, lab.subarray(0, afterLines(lab, 50)), { warnings });
    expect(r).toMatchObject({ upToDate: true, lines: 0 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ends at byte \d+, before where that one was read to \(byte 87768\)/);
    expect(dumpFacts(db)).toEqual(before);
    expect(scalar(db, 'SELECT byte_offset FROM sources')).toBe(lab.length);
  });

  test('with resumeStreams false the same stream is read whole again', async () => {
    const db = newDb();
    await pipe(db, lab);
    const replies = scalar(db, 'SELECT count(*) FROM replies') as number;
    expect((await pipe(db, lab, { resumeStreams: false })).lines).toBe(lineCount(lab));
    expect(scalar(db, 'SELECT count(*) FROM replies')).toBe(2 * replies);
  });

  test('an empty stream, piped run after run, keeps one row and is not taken for a log read before', async () => {
    const db = newDb();
    await pipe(db, lab);
    for (let i = 0; i < 3; i++) expect((await pipe(db, Buffer.alloc(0))).lines).toBe(0);
    expect(scalar(db, "SELECT group_concat(coalesce(fingerprint, 'null') = '', ',') FROM sources ORDER BY id")).toBe('0,1');
    expect((await pipe(db, lab)).lines).toBe(0);
  });

  test('a different log on standard input is a new stream', async () => {
    const db = newDb();
    await pipe(db, lab);
    expect((await pipe(db, rejectlog)).lines).toBe(lineCount(rejectlog));
    expect(scalar(db, 'SELECT count(*) FROM sources')).toBe(2);
  });
});

describe('a log piped in after a file of it was read goes on from the file\'s checkpoint', () => {
  const old = new Date('2026-11-29T00:00:00Z');
  async function readFile(db: string, path: string): Promise<void> {
    utimesSync(path, old, old);
    await analyse({ db, inputs: [path], now: NOW, year: 2026 });
  }

  /** The lab log read whole in one run (`whole`), and a database (`db`) where its first `k` lines were read as the file `path`. */
  async function firstLinesAsFile(name: string, k: number): Promise<{ db: string; whole: string; path: string }> {
    const db = newDb();
    const whole = newDb();
    await pipe(whole, lab);
    const path = join(tmp.dir, `${name}-${n}.log`);
    writeFileSync(path, lab.subarray(0, afterLines(lab, k)));
    await readFile(db, path);
    return { db, whole, path };
  }

  test('the live file read, then its rotated copy piped in (xzcat mail.log.1.xz | mxlens analyse -): only the lines after it', async () => {
    const { db, whole, path } = await firstLinesAsFile('live', 300);
    const r = await pipe(db, lab);
    expect(r.lines).toBe(lineCount(lab) - 300);
    expect(dumpFacts(db)).toEqual(dumpFacts(whole));
    expect(scalar(db, 'SELECT count(*) FROM sources')).toBe(1);
    // and the file, grown as the stream was, is read to its end already
    writeFileSync(path, lab);
    await readFile(db, path);
    expect(dumpFacts(db)).toEqual(dumpFacts(whole));
    // a shorter copy piped in adds nothing and names the file it was matched to
    const warnings: string[] = [];
    expect((await pipe(db, lab.subarray(0, afterLines(lab, 100)), { warnings })).lines).toBe(0);
    expect(warnings).toEqual([expect.stringMatching(/^standard input: begins like the file .*live-\d+\.log, read before \(source 1\) but ends at byte/)]);
  });

  test('a rotated file the first run left alone as history, piped in: read whole; named later, it adds nothing', async () => {
    const db = newDb();
    const dir = join(tmp.dir, `hist-${n}`);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    const live = join(dir, 'mail.log');
    const rotated = join(dir, 'mail.log.1');
    writeFileSync(rotated, lab);
    writeFileSync(live, lab.subarray(afterLines(lab, 700)));
    utimesSync(rotated, old, old);
    utimesSync(live, old, old);
    await analyse({ db, inputs: [live], now: NOW, year: 2026 });
    expect(scalar(db, 'SELECT sum(lines) FROM sources')).toBe(lineCount(lab.subarray(afterLines(lab, 700))));
    const r = await pipe(db, lab);
    expect(r.lines).toBe(lineCount(lab));
    const facts = dumpFacts(db);
    await analyse({ db, inputs: [rotated, live], now: NOW, year: 2026 });
    expect(dumpFacts(db)).toEqual(facts);
  });

  test('an Exim reject log piped in after its file was read is read as a reject log, as that file was', async () => {
    const main = join(tmp.dir, `m-${n}-mainlog.log`);
    const rej = join(tmp.dir, `m-${n}-rejectlog.log`);
    const labReject = readFileSync(fixture('lab/exim-rejectlog.log'));
    writeFileSync(main, readFileSync(fixture('lab/exim-mainlog.log')));
    writeFileSync(rej, labReject);
    const both = newDb();
    utimesSync(main, old, old);
    utimesSync(rej, old, old);
    await analyse({ db: both, inputs: [main, rej], now: NOW, year: 2026 });
    const db = newDb();
    // cut where an entry ends: its first four are one line each
    writeFileSync(rej, labReject.subarray(0, afterLines(labReject, 4)));
    utimesSync(rej, old, old);
    await analyse({ db, inputs: [main, rej], now: NOW, year: 2026 });
    await pipe(db, labReject);
    expect(dumpFacts(db)).toEqual(dumpFacts(both));
  });

  test('a local copy read, then a newer copy of the same log piped in, then the local copy again: nothing twice', async () => {
    // (ssh mx cat /var/log/mail.log > mx.log from cron, and the log piped in by hand): the stream moves the
    // file's checkpoint past what the local copy holds, which is no truncation of it
    const { db, whole, path } = await firstLinesAsFile('copy', 300);
    await pipe(db, gzipSync(lab));
    await readFile(db, path);
    expect(dumpFacts(db)).toEqual(dumpFacts(whole));
    // refreshed in place with the whole log: read already
    writeFileSync(path, lab);
    await readFile(db, path);
    expect(dumpFacts(db)).toEqual(dumpFacts(whole));
  });
});


describe('journalctl text piped in (journalctl -u postfix | mxlens analyse -)', () => {
  // before systemd 250 the output opens with a line whose times move with every call
  const short = readFileSync(fixture('journalctl/postfix-short.log'));
  const header = (ends: string) => Buffer.from(`-- Journal begins at Mon 2026-11-02 10:00:01 UTC, ends at ${ends} UTC. --\n`);

  test('its header line, new at every call, does not make it another stream: only the new lines are read', async () => {
    const db = newDb();
    const whole = newDb();
    await pipe(whole, short);
    await pipe(db, Buffer.concat([header('Sat 2026-11-28 18:00:10'), short.subarray(0, afterLines(short, 400))]));
    const r = await pipe(db, Buffer.concat([header('Sat 2026-11-28 18:05:02'), short]));
    expect(r.lines).toBe(lineCount(short) - 400);
    expect(dumpFacts(db)).toEqual(dumpFacts(whole));
    expect(scalar(db, 'SELECT count(*) FROM sources')).toBe(1);
    // systemd before 246 wrote "-- Logs begin at ..."
    const again = await pipe(db, Buffer.concat([Buffer.from('-- Logs begin at Mon 2026-11-02 10:00:01 UTC, end at Sat 2026-11-28 18:09:00 UTC. --\n'), short]));
    expect(again.lines).toBe(0);
  });
});
