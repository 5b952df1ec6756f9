import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { LineParser, type ParseOutcome } from '../parse/index.js';
import { LineAssembler } from '../parse/assemble.js';
import { mtaOfProgram } from '../parse/mta.js';
import { maskShape } from '../parse/shape.js';
import { IngestError, ioError, type FileInfo } from '../ingest/input.js';
import { readJournal, type JournalItem } from '../ingest/journald.js';
import { ArrayDamage } from '../ingest/json-array.js';
import { readDocker, timeNs, withTimePrefix, type DockerLine } from '../ingest/docker.js';
import { ReadRanges, type Position, type Span } from '../ingest/read-ranges.js';
import type { InputKind } from '../ingest/sniff.js';
import { StoreError } from '../store/errors.js';
import type { StreamSpans } from '../store/writer.js';
import { encodeBatch } from '../store/encode.js';
import { LineAccounting } from './line-sink.js';
import { DEFAULT_BATCH, pausePoint, type RunCtx } from './read-source.js';
import type { SourceResult } from './analyse.js';

// journald JSON and Docker json-file logs: offsets mean nothing here. What was read is kept as
// spans of positions per stream (see ingest/read-ranges.ts), committed with the rows of each
// batch; an entry inside a span of its stream was read before and is skipped.

const hex = (n: bigint): string => n.toString(16).padStart(16, '0');
const toSpans = (rows: Array<[string, string]>): Span[] => rows.map(([lo, hi]) => [BigInt(`0x${lo}`), BigInt(`0x${hi}`)]);

/** A journald entry without usable MESSAGE: counted under its own program, or as another program's line. */
function stubOutcome(item: JournalItem, force: string): ParseOutcome {
  const stub = item.stub!;
  if (item.damaged) return { type: 'miss', rec: stub, mta: null, line: item.raw };
  const mta = mtaOfProgram(stub.program, stub.service);
  if (mta === null || (force !== 'auto' && mta !== force)) return { type: 'foreign', rec: stub };
  return { type: 'miss', rec: stub, mta, line: item.raw };
}

function dockerDamage(d: DockerLine): ParseOutcome {
  const rec = { ts: null, host: '', program: '(docker)', service: '(docker)', pid: null, message: 'damaged JSON entry, not read', raw: d.line };
  return { type: 'miss', rec, mta: null, line: d.line };
}

/** journald JSON or Docker json-file, from files (oldest first) or one stream. */
export async function readJsonStream(
  ctx: RunCtx, kind: Exclude<InputKind, { type: 'text' }>, name: string, inputs: Array<FileInfo | Readable>,
): Promise<SourceResult> {
  const { correlator, writer, opts, sources } = ctx;
  const now = opts.now();
  const sourceKind = kind.type === 'journald' ? 'journal' : 'docker';
  const source = sources.byName(sourceKind, name) ?? sources.create({ path: name, kind: sourceKind, dev: null, ino: null, fingerprint: null }, now);
  // a Docker line may carry its program's own local stamp (journald's are UTC)
  const resumed = source.cursor !== null;
  const parser = new LineParser({
    mta: opts.mta ?? 'auto', year: opts.year, refMs: now, latestOf: (host) => correlator.latestOf(host),
    previousLine: resumed ? source.prev_line ?? undefined : undefined,
    recentExim: resumed ? source.recent_exim ?? undefined : undefined,
  });
  // Exim sends a long message or a reject log entry to syslog in parts ("[1\8] ...", one journal
  // entry each): they are joined as in a text log, and parts still waiting for the rest of their
  // message when a batch is committed are kept with its checkpoint
  const asm = new LineAssembler();
  const liveWindow = opts.liveWindowMs ?? 10 * 60_000;
  const live = inputs.some((i) => !('mtimeMs' in i) || now - i.mtimeMs < liveWindow);
  if (resumed) asm.restoreSplits(source.pending_parts);
  // most entries need no joining: their one outcome, with no array made for it
  const journalLine = (raw: string): ParseOutcome | ParseOutcome[] => {
    const alone = asm.passThrough(raw);
    return alone !== null ? parser.parse(alone) : asm.push(raw).map((t) => parser.parse(t));
  };
  const acct = new LineAccounting(maskShape);
  const ranges = new ReadRanges((scope, stream) => toSpans(sources.spans(scope, stream)));
  const batchLines = opts.batchLines ?? DEFAULT_BATCH;
  let cursor = source.cursor;
  let lines = source.lines;
  let lastTs = source.last_ts;
  let inBatch = 0;
  let read = 0;

  const commit = (final = false): void => {
    // parts at the end of a stream or of a file still being written wait for the rest of their
    // message in the next run; at the end of a finished file they come out as they are
    if (final && !live) for (const t of asm.flush()) count(parser.parse(t));
    const { stats, misses } = acct.drain();
    const spans: StreamSpans[] = ranges.take().map((u) => ({ scope: u.scope, stream: u.stream, spans: u.spans.map(([lo, hi]) => [hex(lo), hex(hi)]) }));
    writer.send(encodeBatch(correlator.takeBatch(final), stats, misses, {
      sourceId: source.id, offset: 0, lines, lastTs, size: null, fingerprint: null, cursor, updatedAt: now, spans,
      prevLine: parser.previous ?? '', pendingParts: asm.splitState(), recentExim: parser.recentExim,
    }));
    inBatch = 0;
  };
  const count = (out: ParseOutcome): void => {
    const ts = out.rec?.ts ?? null;
    if (ts !== null) lastTs = ts;
    acct.take(out, correlator);
  };
  /** one entry read: its outcomes (none while it is a part waiting for the rest of its message) */
  const take = (outs: ParseOutcome | ParseOutcome[], position: string | null): Promise<void> | null => {
    lines++;
    read++;
    ctx.lines++;
    if (Array.isArray(outs)) for (const out of outs) count(out);
    else count(outs);
    if (position !== null) cursor = position;
    return ++inBatch >= batchLines ? flush() : null;
  };
  const flush = (): Promise<void> | null => {
    commit();
    opts.onProgress?.(ctx.bytes, ctx.lines);
    // the writer thread is behind, or too many open messages are held: hold the reader back
    return pausePoint(ctx);
  };
  // skipped entries still count towards a batch, so that a long stretch of them moves the spans on
  const skip = (): Promise<void> | null => (++inBatch >= batchLines ? flush() : null);

  // A damaged line has no position of its own: it goes with the next entry that has one, so
  // that it is counted once, in the run that reads that entry (or, at the end, with the last one).
  let pending: ParseOutcome[] = [];
  let lastSeen = false;
  const settle = async (seen: boolean): Promise<void> => {
    const held = pending;
    pending = [];
    for (const out of held) {
      const wait = seen ? skip() : take(out, null);
      if (wait) await wait;
    }
  };
  // null when the caller may go on at once (most entries): no promise a line
  const entry = (pos: Position | null, outcome: () => ParseOutcome | ParseOutcome[], position: string | null): Promise<void> | null => {
    // the held lines are committed before this entry's position joins the spans: a batch never
    // records a position whose entry it does not hold
    if (pos !== null && pending.length > 0) return settle(ranges.wasRead(pos)).then(() => entry(pos, outcome, position) ?? undefined);
    const seen = ranges.seen(pos);
    if (pos !== null) lastSeen = seen;
    return seen ? skip() : take(outcome(), position);
  };
  const damaged = async (out: ParseOutcome): Promise<void> => {
    pending.push(out);
    if (pending.length >= 1000) await settle(false);
  };

  // the file being read, for what is said about it (the source row keeps the log's name)
  let current = name;
  try {
    for (const input of inputs) {
      if ('path' in input && typeof input.path === 'string') current = input.path;
      // JSON wants bytes (the parser decodes UTF-8 itself), not the latin1 text lines get
      const stream = 'path' in input && 'fingerprint' in input
        ? (input.gzip ? createReadStream(input.path).pipe(createGunzip()) : createReadStream(input.path))
        : (input as Readable);
      if (kind.type === 'journald') {
        for await (const item of readJournal(stream, { shape: kind.shape })) {
          if (item.damaged) await damaged(stubOutcome(item, 'auto'));
          else {
            const wait = entry(item.pos, () => (item.rec ? journalLine(item.raw) : stubOutcome(item, opts.mta ?? 'auto')), item.cursor);
            if (wait) await wait;
          }
        }
      } else {
        for await (const d of readDocker(stream)) {
          if (d.damaged) {
            await damaged(dockerDamage(d));
            continue;
          }
          const ns = timeNs(d.rawTime);
          const out = parser.parse(withTimePrefix(d, 'docker'));
          // one container's stdout and stderr are copied apart and may interleave out of time order
          const pos: Position | null = ns === null ? null : { scope: `docker:${name}`, stream: `${out.rec?.host ?? ''}\u0001${d.stream ?? ''}`, at: ns };
          const wait = entry(pos, () => out, ns === null ? null : ns.toString());
          if (wait) await wait;
        }
      }
      ranges.endInput();
    }
    await settle(lastSeen);
  } catch (err) {
    // keep what was read before the damage, then say where it is
    await settle(lastSeen).catch(() => undefined);
    commit();
    if (err instanceof StoreError || err instanceof IngestError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (typeof e.code === 'string') throw ioError(current, err);
    const what = err instanceof ArrayDamage ? 'JSON array' : 'JSON';
    throw new IngestError('dataerr', `${current}: not a valid journald ${what}: ${e.message ?? String(err)}`);
  }
  commit(true);
  opts.onProgress?.(ctx.bytes, ctx.lines);
  return {
    path: name, lines: read, parsed: acct.parsed, unparsed: acct.unparsed, foreign: acct.foreign, offset: 0,
    upToDate: read === 0, heldBack: false, skipped: ranges.skipped,
  };
}
