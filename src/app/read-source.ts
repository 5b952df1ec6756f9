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
  /**
   * With --year: the last year-less stamp of the file read before in the same group (a log and its
   * rotated files, read oldest first). The year given is the first line's: the next file goes on
   * from where the one before it ended, so a set that crosses New Year keeps counting.
   */
  yearCarryMs?: number | null;
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

/**
 * Plain text on standard input or a pipe (named `name`), which has no name or inode to be known by.
 * A stream that begins with the same bytes as one read before (`fingerprint`, as a rotated file is
 * known) is that stream again, perhaps grown: what was read of it is passed over, up to its
 * checkpoint, and the rest is read. So piping the same log again, from cron or by hand, adds only
 * its new lines. The line that ends at the checkpoint must be the one stored there (see readLines):
 * a stream that only begins the same way is refused where it differs, with nothing stored.
 */
export async function readTextStream(ctx: RunCtx, stream: Readable, name = '-', fingerprint = ''): Promise<SourceResult> {
  const now = ctx.opts.now();
  let known = ctx.opts.resumeStreams === false ? undefined : ctx.sources.streamByFingerprint(fingerprint);
  // a rotated file the first run left alone as history (never read): piped in now, it is read whole,
  // under that file's row, so that naming the file later adds nothing
  if (known?.kind === 'file' && known.final === 1 && known.lines === 0) known = ctx.sources.reopen(known.id);
  // a file's row keeps its name and inode: the stream goes on from the file's checkpoint (and keeps the
  // file's size, by which a later read of that file tells a file truncated in place: see planReads)
  if (known !== undefined && known.kind === 'stdin' && known.path !== name) ctx.sources.rename(known.id, name, null, null);
  const source = known ?? ctx.sources.create({ path: name, kind: 'stdin', dev: null, ino: null, fingerprint }, now);
  return readLines(ctx, source, [stream], {
    path: name, offset: 0, info: null, holdPartial: false, refMs: now, skipTo: known?.byte_offset ?? 0, fingerprint,
  });
}

/** What a stream was matched to: another stream, or a file of the same log (they share one checkpoint). */
function readBefore(source: SourceRow): string {
  return source.kind === 'file' ? `the file ${source.path}, read before` : 'a stream read before';
}

/** What a stream read again holds before its checkpoint differs from what was read (see readTextStream). */
function notTheSameStream(name: string, source: SourceRow, at: number): IngestError {
  const who = name === '-' ? 'standard input' : name;
  return new IngestError('dataerr',
    `${who}: begins like ${readBefore(source)} (source ${source.id}, read to byte ${source.byte_offset}) but differs from it by byte ${at}; ` +
    'nothing was stored from it. If it is another log, run again with --no-resume to read it whole');
}

function endsBefore(name: string, source: SourceRow, at: number): string {
  const who = name === '-' ? 'standard input' : name;
  return `${who}: begins like ${readBefore(source)} (source ${source.id}) but ends at byte ${at}, before where that one was read to (byte ${source.byte_offset}): ` +
    'nothing new was stored. If it is another log, run again with --no-resume to read it whole';
}

interface LineRun {
  path: string;
  offset: number;
  info: FileInfo | null;
  holdPartial: boolean;
  refMs: number;
  /** a stream read again: its bytes before this offset were read before (see readTextStream) */
  skipTo?: number;
  /** a stream's first bytes, kept with its checkpoint */
  fingerprint?: string;
}

async function readLines(
  ctx: RunCtx, source: SourceRow, stages: Array<NodeJS.ReadableStream | NodeJS.ReadWriteStream>, run: LineRun,
): Promise<SourceResult> {
  const { correlator, writer, opts } = ctx;
  const now = opts.now();
  let offset = run.offset;
  const skipTo = run.skipTo ?? 0;
  const resumed = offset > 0 || skipTo > 0;
  const carried = !resumed && opts.year !== undefined ? ctx.yearCarryMs ?? null : null;
  const resumeTs = resumed ? source.last_ts : carried;
  const parser = new LineParser({
    mta: opts.mta ?? 'auto', year: opts.year, refMs: run.refMs, resumeMs: resumeTs ?? undefined, latestOf: (host) => correlator.latestOf(host),
    previousLine: resumed ? source.prev_line ?? undefined : undefined,
    recentExim: resumed ? source.recent_exim ?? undefined : undefined,
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
  // a stream says which Exim log it is by --exim-log, or by the name of the file whose checkpoint it goes on from
  const logKind = run.info === null ? ctx.opts.streamEximLog ?? (source.kind === 'file' ? eximLogKindOf(source.path) : null) : eximLogKindOf(run.path);
  const asm = new LineAssembler({ eximLog: logKind });
  if (resumed) asm.restoreSplits(source.pending_parts);
  let heldBytes = 0;
  let heldLines = 0;
  // the line that ends where the checkpoint stands (before the held lines), and the line before this one
  let lastLine: string | null = null;
  let previousText: string | null = null;
  // a stream read again: its lines before skipTo are passed over, and the one that reaches it checked
  let skipping = skipTo > 0;
  let mismatch = false;
  let passed = 0;
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
    // rest is on its way when the file is still being written), except at the end of a file that is not.
    // A stream's end is where its writer stood (`ssh mx cat /var/log/mail.log`, piped again from cron):
    // its parts wait too, and the stream piped again brings the rest.
    const all = end && !(run.holdPartial && (logKind === 'reject' || logKind === 'panic'));
    const parts = end && !run.holdPartial && run.info !== null;
    if (all) {
      for (const t of parts ? asm.flush() : asm.flushHeld()) parseLogical(t);
    }
    if (all || asm.heldLines === 0) heldBytes = heldLines = 0;
    else if (end) heldBack = true;
    if (end && asm.pendingLines > 0) heldBack = true;
    const { stats, misses } = acct.drain();
    writer.send(encodeBatch(correlator.takeBatch(end), stats, misses, {
      sourceId: source.id, offset: offset - heldBytes, lines: lines - heldLines, lastTs: parser.years.lastMs, size: info?.size ?? source.size ?? null,
      fingerprint: info ? (offset > 0 ? info.fingerprint : null) : run.fingerprint ?? null, cursor: null, updatedAt: now, prevLine: parser.previous ?? '',
      pendingParts: asm.splitState(), recentExim: parser.recentExim, lastLine: heldBytes === 0 ? previousText : lastLine,
      // a compressed file read to its end cannot change again
      final: end && info?.gzip === true && heldBytes === 0,
    }));
    inBatch = 0;
  };

  const onLine = (l: FramedLine): void => {
    // (the rest of a chunk split before the stream was found to differ)
    if (mismatch) return;
    if (l.partial && run.holdPartial) {
      heldBack = true;
      return;
    }
    if (skipping) {
      offset += l.bytes;
      ctx.bytes += l.bytes;
      previousText = l.text;
      if (l.text.length > 0) passed++;
      if (offset < skipTo) return;
      skipping = false;
      const stored = source.last_line;
      const same = offset === skipTo
        ? stored == null || l.text === stored
        // the stream ended inside this line when it was read (its last line, unterminated): it has grown since
        : stored != null && stored.length > 0 && l.text.startsWith(stored);
      if (!same) {
        // the splitter fails with it, and so does the pipeline (the chunk's later lines are passed over above)
        mismatch = true;
        splitter.destroy(notTheSameStream(run.path, source, Math.min(offset, skipTo)));
      }
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
      lastLine = previousText;
    } else {
      heldBytes += l.bytes;
      if (l.text.length > 0) heldLines++;
    }
    previousText = l.text;
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
    // (A stream read again that failed before its new lines keeps its checkpoint as it was.)
    if (!mismatch && !(skipTo > 0 && read === 0)) commit();
    throw asIngestError(err, run.path);
  }
  // a stream read again that holds nothing new (or ends before its checkpoint: a shorter copy of
  // what was read) leaves its checkpoint where it was
  if (skipTo > 0 && read === 0 && offset <= skipTo) {
    // a copy cut short, or another log that only begins the same way (a filtered copy): which one
    // cannot be told without the bytes it lacks, so the user hears of it
    if (offset < skipTo) opts.onWarning?.(endsBefore(run.path, source, offset));
    opts.onProgress?.(ctx.bytes, ctx.lines);
    return { path: run.path, lines: 0, parsed: 0, unparsed: 0, foreign: 0, offset: skipTo, upToDate: true, heldBack: false, passedOver: passed };
  }
  commit(true);
  if (parser.years.lastMs !== null) ctx.yearCarryMs = parser.years.lastMs;
  opts.onProgress?.(ctx.bytes, ctx.lines);
  return {
    path: run.path, lines: read, parsed: acct.parsed, unparsed: acct.unparsed, foreign: acct.foreign, offset, upToDate: false, heldBack,
    ...(skipTo > 0 ? { passedOver: passed } : {}),
  };
}
