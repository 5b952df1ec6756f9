import { pipeline } from 'node:stream/promises';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Correlator } from '../model/correlate.js';
import { LineParser, type ParseOutcome } from '../parse/index.js';
import { LineAssembler, eximLogKindOf } from '../parse/assemble.js';
import { maskShape } from '../parse/shape.js';
import { fileStages, IngestError, ioError, type FileInfo } from '../ingest/input.js';
import { StoreError } from '../store/errors.js';
import { ChunkMarks, LineGuard, lineSplitter, type FramedLine } from '../ingest/lines.js';
import { readJournal } from '../ingest/journald.js';
import { readDocker, timeNs, withTimePrefix } from '../ingest/docker.js';
import type { InputKind } from '../ingest/sniff.js';
import type { Sources } from '../store/sources.js';
import type { SourceRow } from '../store/writer.js';
import type { AsyncWriter } from './async-writer.js';
import { encodeBatch } from '../store/encode.js';
import { LineAccounting } from './line-sink.js';
import { HeapTrim } from './heap-trim.js';
import type { AnalyseOptions, SourceResult } from './analyse.js';

// Reading one source into the store: lines are parsed, correlated and committed in
// batches, each batch together with the source's checkpoint (offset or cursor).

export interface RunCtx {
  writer: AsyncWriter;
  sources: Sources;
  correlator: Correlator;
  opts: AnalyseOptions;
  /** bytes and lines read so far in this run, for progress */
  bytes: number;
  lines: number;
}

const DEFAULT_BATCH = 5000;

/** Errors from reading or decompressing (they carry a code: ENOENT, Z_DATA_ERROR…) name the file; bugs stay bugs. */
function asIngestError(err: unknown, path: string): unknown {
  if (err instanceof StoreError || err instanceof IngestError) return err;
  return typeof (err as NodeJS.ErrnoException | null)?.code === 'string' ? ioError(path, err) : err;
}
const heapTrim = new HeapTrim();

/** Lines of a file from an uncompressed offset; the checkpoint moves with each batch. */
export async function readFileFrom(ctx: RunCtx, info: FileInfo, source: SourceRow, from: number): Promise<SourceResult> {
  const now = ctx.opts.now();
  const liveWindow = ctx.opts.liveWindowMs ?? 10 * 60_000;
  const holdPartial = !info.gzip && now - info.mtimeMs < liveWindow;
  return readLines(ctx, source, fileStages(info, from), {
    path: info.path, offset: from, info, holdPartial, refMs: info.mtimeMs,
  });
}

/** Plain text on standard input or a pipe (named `name`): no identity, so no resuming. */
export async function readTextStream(ctx: RunCtx, stream: Readable, name = '-'): Promise<SourceResult> {
  const now = ctx.opts.now();
  const source = ctx.sources.create({ path: name, kind: 'stdin', dev: null, ino: null, fingerprint: null }, now);
  return readLines(ctx, source, [stream], { path: name, offset: 0, info: null, holdPartial: false, refMs: now });
}

interface LineRun {
  path: string;
  offset: number;
  info: FileInfo | null;
  holdPartial: boolean;
  refMs: number;
}

async function readLines(
  ctx: RunCtx, source: SourceRow, stages: Array<NodeJS.ReadableStream | NodeJS.ReadWriteStream>, run: LineRun,
): Promise<SourceResult> {
  const { correlator, writer, opts } = ctx;
  const now = opts.now();
  let offset = run.offset;
  const resumeTs = offset > 0 ? source.last_ts : null;
  const parser = new LineParser({ mta: opts.mta ?? 'auto', year: opts.year, refMs: run.refMs, resumeMs: resumeTs ?? undefined });
  const acct = new LineAccounting(maskShape);
  const batchLines = opts.batchLines ?? DEFAULT_BATCH;
  const info = run.info;
  let lines = source.lines;
  let lastTs = source.last_ts;
  let inBatch = 0;
  let read = 0;
  let heldBack = false;

  // Exim entries can span lines (rejectlog headers, [n/m] syslog parts); the assembler
  // holds the latest ones back, so a checkpoint stops before them and a resumed run reads them again.
  const logKind = run.info === null ? null : eximLogKindOf(run.path);
  const asm = new LineAssembler({ eximLog: logKind });
  let heldBytes = 0;
  let heldLines = 0;
  const parseLogical = (text: string): void => {
    const out = parser.parse(text);
    const ts = out.rec?.ts ?? null;
    if (ts !== null) lastTs = ts;
    acct.take(out, correlator);
  };

  const commit = (end = false): void => {
    // At the end of a rejectlog still being written, the last entry's header lines may still be
    // on their way: it stays held and the next run reads it again from the checkpoint. Any other
    // log's last line ended with a newline, so its entry is complete and comes out now (an
    // unterminated last line never reached the assembler, see onLine).
    const all = end && !(run.holdPartial && logKind === 'reject');
    for (const t of all ? asm.flush() : asm.flushSplits()) parseLogical(t);
    if (all || asm.pendingLines === 0) heldBytes = heldLines = 0;
    else if (end) heldBack = true;
    const { stats, misses } = acct.drain();
    writer.send(encodeBatch(correlator.takeBatch(end), stats, misses, {
      sourceId: source.id, offset: offset - heldBytes, lines: lines - heldLines, lastTs, size: info?.size ?? null,
      fingerprint: info && offset > 0 ? info.fingerprint : null, cursor: null, updatedAt: now,
      // a compressed file read to its end cannot change again
      final: end && info?.gzip === true && heldBytes === 0,
    }));
    inBatch = 0;
    heapTrim.batch();
  };

  const onLine = (l: FramedLine): void => {
    if (l.partial && run.holdPartial) {
      heldBack = true;
      return;
    }
    offset += l.bytes;
    ctx.bytes += l.bytes;
    let emitted = 0;
    if (l.text.length > 0) {
      lines++;
      read++;
      ctx.lines++;
      const alone = asm.passThrough(l.text);
      if (alone !== null) {
        parseLogical(alone);
        emitted++;
      } else {
        for (const t of asm.push(l.text)) {
          parseLogical(t);
          emitted++;
        }
      }
    }
    if (asm.pendingLines === 0) {
      heldBytes = heldLines = 0;
    } else if (emitted > 0) {
      // what was held came out; this line starts the new hold
      heldBytes = l.bytes;
      heldLines = 1;
    } else {
      heldBytes += l.bytes;
      if (l.text.length > 0) heldLines++;
    }
    if (++inBatch >= batchLines) {
      commit();
      opts.onProgress?.(ctx.bytes, ctx.lines);
    }
  };

  const marks = new ChunkMarks();
  const guard = new LineGuard(undefined, () => writer.backpressure(), marks);
  const splitter = lineSplitter(onLine, marks);
  splitter.resume();
  try {
    await pipeline([...(stages as [NodeJS.ReadableStream]), guard, splitter]);
  } catch (err) {
    // What was read before the failure is kept, with a checkpoint after its last whole line:
    // a re-run resumes there and adds nothing twice, and a gzip still being written (logrotate
    // compressing) is read on from there once it is complete. The error is still reported.
    commit();
    throw asIngestError(err, run.path);
  }
  commit(true);
  opts.onProgress?.(ctx.bytes, ctx.lines);
  return { path: run.path, lines: read, parsed: acct.parsed, unparsed: acct.unparsed, foreign: acct.foreign, offset, upToDate: false, heldBack };
}

/**
 * journald JSON or Docker json-file, from files (oldest first) or one stream. Offsets mean
 * nothing here: the position is the last journald cursor, or the last Docker time stamp
 * (nanoseconds), committed with each batch; entries at or before it are skipped.
 */
export async function readJsonStream(
  ctx: RunCtx, kind: Exclude<InputKind, { type: 'text' }>, name: string, inputs: Array<FileInfo | Readable>,
): Promise<SourceResult> {
  const { correlator, writer, opts, sources } = ctx;
  const now = opts.now();
  const sourceKind = kind.type === 'journald' ? 'journal' : 'docker';
  const source = sources.byName(sourceKind, name) ?? sources.create({ path: name, kind: sourceKind, dev: null, ino: null, fingerprint: null }, now);
  const parser = new LineParser({ mta: opts.mta ?? 'auto', year: opts.year, refMs: now });
  const acct = new LineAccounting(maskShape);
  const batchLines = opts.batchLines ?? DEFAULT_BATCH;
  let cursor = source.cursor;
  const startDocker = kind.type === 'docker' && cursor !== null ? BigInt(cursor) : null;
  let lines = source.lines;
  let lastTs = source.last_ts;
  let inBatch = 0;
  let read = 0;

  const commit = (final = false): void => {
    const { stats, misses } = acct.drain();
    writer.send(encodeBatch(correlator.takeBatch(final), stats, misses, {
      sourceId: source.id, offset: 0, lines, lastTs, size: null, fingerprint: null, cursor, updatedAt: now,
    }));
    inBatch = 0;
    heapTrim.batch();
  };
  const take = (out: ParseOutcome, position: string | null): Promise<void> | null => {
    lines++;
    read++;
    ctx.lines++;
    const ts = out.rec?.ts ?? null;
    if (ts !== null) lastTs = ts;
    acct.take(out, correlator);
    if (position !== null) cursor = position;
    if (++inBatch >= batchLines) {
      commit();
      opts.onProgress?.(ctx.bytes, ctx.lines);
      // the writer thread is behind: hold the reader back
      return writer.backpressure();
    }
    return null;
  };

  try {
    for (const input of inputs) {
      // JSON wants bytes (the parser decodes UTF-8 itself), not the latin1 text lines get
      const stream = 'path' in input && 'fingerprint' in input
        ? (input.gzip ? createReadStream(input.path).pipe(createGunzip()) : createReadStream(input.path))
        : (input as Readable);
      if (kind.type === 'journald') {
        for await (const item of readJournal(stream, { shape: kind.shape, afterCursor: source.cursor })) {
          // an entry without MESSAGE is counted as a line nobody understood, never dropped
          const wait = take(item.rec ? parser.parse(item.raw) : { type: 'miss', rec: null, mta: null, line: item.raw }, item.cursor);
          if (wait) await wait;
        }
      } else {
        for await (const d of readDocker(stream)) {
          const ns = timeNs(d.rawTime);
          if (startDocker !== null && ns !== null && ns <= startDocker) continue;
          const wait = take(parser.parse(withTimePrefix(d, 'docker')), ns === null ? null : ns.toString());
          if (wait) await wait;
        }
      }
    }
  } catch (err) {
    // keep what was read before the damage, then say where it is
    commit();
    if (err instanceof StoreError || err instanceof IngestError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT' || e.code === 'EACCES') throw ioError(name, err);
    throw new IngestError('dataerr', `${name}: not valid ${kind.type === 'journald' ? 'journald' : 'Docker'} JSON (${e.message ?? String(err)})`);
  }
  commit(true);
  opts.onProgress?.(ctx.bytes, ctx.lines);
  return { path: name, lines: read, parsed: acct.parsed, unparsed: acct.unparsed, foreign: acct.foreign, offset: 0, upToDate: read === 0, heldBack: false };
}
