import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Correlator } from '../model/correlate.js';
import { LineParser } from '../parse/index.js';
import { LineAssembler, eximLogKindOf } from '../parse/assemble.js';
import { maskShape } from '../parse/shape.js';
import { fileStages, IngestError, ioError, type FileInfo } from '../ingest/input.js';
import { StoreError } from '../store/errors.js';
import { ChunkMarks, LineGuard, lineSplitter, type FramedLine } from '../ingest/lines.js';
import type { Sources } from '../store/sources.js';
import type { SourceRow } from '../store/writer.js';
import type { AsyncWriter } from './async-writer.js';
import { encodeBatch } from '../store/encode.js';
import { LineAccounting } from './line-sink.js';
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

export const DEFAULT_BATCH = 5000;

// Open messages a run holds in memory before it hands the idle ones back to the store: a queue of
// many thousands (a flood of bounces, a relay down for days) would otherwise be held whole, about
// 1 KB a message. 20,000 is far more than a busy healthy server holds at once (the 1M-line benchmark
// log, 1,300).
export const OPEN_MESSAGES_CAP = 20_000;

/** Where reading pauses: the writer's queue is full, or memory holds more open messages than the cap. */
export function pausePoint(ctx: RunCtx): Promise<void> | null {
  if (ctx.correlator.openMessages <= (ctx.opts.openMessagesCap ?? OPEN_MESSAGES_CAP)) return ctx.writer.backpressure();
  // every batch handed out must be written first (which waits out the writer's queue too): the
  // store reads a message back from its row
  return ctx.writer.drain().then(() => {
    ctx.correlator.shedMessages();
  });
}

/** Errors from reading or decompressing (they carry a code: ENOENT, Z_DATA_ERROR…) name the file; bugs stay bugs. */
function asIngestError(err: unknown, path: string): unknown {
  if (err instanceof StoreError || err instanceof IngestError) return err;
  return typeof (err as NodeJS.ErrnoException | null)?.code === 'string' ? ioError(path, err) : err;
}

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
  const parser = new LineParser({
    mta: opts.mta ?? 'auto', year: opts.year, refMs: run.refMs, resumeMs: resumeTs ?? undefined, latestOf: (host) => correlator.latestOf(host),
    previousLine: offset > 0 ? source.prev_line ?? undefined : undefined,
    recentExim: offset > 0 ? source.recent_exim ?? undefined : undefined,
  });
  const acct = new LineAccounting(maskShape);
  const batchLines = opts.batchLines ?? DEFAULT_BATCH;
  const info = run.info;
  let lines = source.lines;
  let inBatch = 0;
  let read = 0;
  let heldBack = false;

  // Exim entries can span lines (rejectlog headers, [n/m] syslog parts); the assembler
  // holds the latest ones back, so a checkpoint stops before them and a resumed run reads them again.
  const logKind = run.info === null ? null : eximLogKindOf(run.path);
  const asm = new LineAssembler({ eximLog: logKind });
  if (offset > 0) asm.restoreSplits(source.pending_parts);
  let heldBytes = 0;
  let heldLines = 0;
  const parseLogical = (text: string): void => {
    acct.take(parser.parse(text), correlator);
  };

  const commit = (end = false): void => {
    // At the end of a rejectlog still being written, the last entry's header lines may still be
    // on their way: it stays held and the next run reads it again from the checkpoint. So may a
    // paniclog entry's indented lines (a configuration error: its line, then what is wrong there).
    // Any other log's last line ended with a newline, so its entry is complete and comes out now
    // (an unterminated last line never reached the assembler, see onLine): a mainlog's news is read
    // at once.
    // Exim's syslog parts still waiting for the rest of their message stay with the checkpoint (the
    // rest is on its way when the file is still being written), except at the end of a file that is not
    const all = end && !(run.holdPartial && (logKind === 'reject' || logKind === 'panic'));
    const parts = end && !run.holdPartial;
    if (all) {
      for (const t of parts ? asm.flush() : asm.flushHeld()) parseLogical(t);
    }
    if (all || asm.heldLines === 0) heldBytes = heldLines = 0;
    else if (end) heldBack = true;
    if (end && asm.pendingLines > 0) heldBack = true;
    const { stats, misses } = acct.drain();
    writer.send(encodeBatch(correlator.takeBatch(end), stats, misses, {
      sourceId: source.id, offset: offset - heldBytes, lines: lines - heldLines, lastTs: parser.years.lastMs, size: info?.size ?? null,
      fingerprint: info && offset > 0 ? info.fingerprint : null, cursor: null, updatedAt: now, prevLine: parser.previous ?? '',
      pendingParts: asm.splitState(), recentExim: parser.recentExim,
      // a compressed file read to its end cannot change again
      final: end && info?.gzip === true && heldBytes === 0,
    }));
    inBatch = 0;
  };

  const onLine = (l: FramedLine): void => {
    if (l.partial && run.holdPartial) {
      heldBack = true;
      return;
    }
    offset += l.bytes;
    ctx.bytes += l.bytes;
    if (l.text.length > 0) {
      lines++;
      read++;
      ctx.lines++;
      const alone = asm.passThrough(l.text);
      if (alone !== null) parseLogical(alone);
      else for (const t of asm.push(l.text)) parseLogical(t);
    }
    // the held entry's lines only: split parts waiting for theirs are kept with the checkpoint instead
    const held = asm.heldLines;
    if (held === 0) {
      heldBytes = heldLines = 0;
    } else if (held === 1 && l.text.length > 0) {
      // this line starts the new hold (what was held before came out)
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
  const guard = new LineGuard(undefined, () => pausePoint(ctx), marks);
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
