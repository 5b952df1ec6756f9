import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { Correlator } from '../model/correlate.js';
import { LineParser, type MtaChoice } from '../parse/index.js';
import { maskShape, normaliseReason } from '../parse/shape.js';
import { remedyId } from '../remedy/index.js';
import { LineGuard, lineSplitter, type FramedLine } from '../ingest/lines.js';
import { fileStages, probeFile, sniffStream, type FileInfo } from '../ingest/input.js';
import { openForWrite, type Db } from '../store/db.js';
import { Sources, loadOpenState } from '../store/sources.js';
import { Writer, type SourceRow } from '../store/writer.js';
import { LineAccounting } from './line-sink.js';
import { planResume } from '../ingest/resume.js';

export interface AnalyseOptions {
  db: string;
  /** file paths; '-' reads `stdin` */
  inputs: string[];
  mta?: MtaChoice;
  year?: number;
  stdin?: Readable;
  now(): number;
  /** lines per transaction */
  batchLines?: number;
  /** a file's unterminated last line is held back while the file is younger than this (ms) */
  liveWindowMs?: number;
}

export interface SourceResult {
  path: string;
  /** lines read in this run */
  lines: number;
  parsed: number;
  unparsed: number;
  foreign: number;
  /** byte offset the next run resumes from */
  offset: number;
  /** true when the checkpoint said there was nothing new */
  upToDate: boolean;
  /** an unterminated last line held back for the next run */
  heldBack: boolean;
}

const DEFAULT_BATCH = 5000;

export async function analyse(opts: AnalyseOptions): Promise<SourceResult[]> {
  const db = openForWrite(opts.db);
  try {
    const writer = new Writer(db);
    const sources = new Sources(db);
    const correlator = new Correlator({ remedyId, normalise: normaliseReason, maskShape });
    const open = loadOpenState(db);
    correlator.restore(open.sessions, open.messages);
    const results: SourceResult[] = [];
    for (const input of opts.inputs) {
      results.push(await analyseOne(db, writer, sources, correlator, input, opts));
    }
    return results;
  } finally {
    db.close();
  }
}

async function analyseOne(
  db: Db, writer: Writer, sources: Sources, correlator: Correlator, input: string, opts: AnalyseOptions,
): Promise<SourceResult> {
  const now = opts.now();
  let info: FileInfo | null = null;
  let source: SourceRow;
  let offset = 0;
  let stages: Array<NodeJS.ReadableStream | NodeJS.ReadWriteStream>;
  if (input === '-') {
    source = sources.create({ path: '-', kind: 'stdin', dev: null, ino: null, fingerprint: null }, now);
    stages = await sniffStream(opts.stdin ?? (process.stdin as Readable));
  } else {
    info = await probeFile(input);
    const plan = planResume(sources.all(), info);
    if (plan.source) {
      source = plan.source;
      if (plan.source.path !== input || plan.source.dev !== info.dev || plan.source.ino !== info.ino) {
        sources.rename(plan.source.id, input, info.dev, info.ino);
      }
    } else {
      source = sources.create({ path: input, kind: 'file', dev: info.dev, ino: info.ino, fingerprint: info.fingerprint }, now);
    }
    offset = plan.offset;
    if (!info.gzip && offset >= info.size) {
      return { path: input, lines: 0, parsed: 0, unparsed: 0, foreign: 0, offset, upToDate: true, heldBack: false };
    }
    stages = fileStages(info, offset);
  }

  const resumeTs = offset > 0 ? source.last_ts : null;
  const parser = new LineParser({
    mta: opts.mta ?? 'auto',
    year: opts.year,
    refMs: info?.mtimeMs ?? now,
    resumeMs: resumeTs ?? undefined,
  });
  const acct = new LineAccounting(maskShape);
  const batchLines = opts.batchLines ?? DEFAULT_BATCH;
  const liveWindow = opts.liveWindowMs ?? 10 * 60_000;
  const holdPartial = info !== null && !info.gzip && now - info.mtimeMs < liveWindow;
  let lines = source.lines;
  let lastTs = source.last_ts;
  let inBatch = 0;
  let read = 0;
  let heldBack = false;
  const startParsed = { p: 0 };

  const commit = (): void => {
    const { stats, misses } = acct.drain();
    writer.commit(correlator.takeBatch(), stats, misses, {
      sourceId: source.id, offset, lines, lastTs, size: info?.size ?? null,
      fingerprint: info && offset > 0 ? info.fingerprint : null, cursor: null, updatedAt: now,
    });
    inBatch = 0;
  };

  const onLine = (l: FramedLine): void => {
    if (l.partial && holdPartial) {
      heldBack = true;
      return;
    }
    offset += l.bytes;
    if (l.text.length > 0) {
      lines++;
      read++;
      const out = parser.parse(l.text);
      const ts = out.rec?.ts ?? null;
      if (ts !== null) lastTs = ts;
      acct.take(out, correlator);
    }
    if (++inBatch >= batchLines) commit();
  };

  const guard = new LineGuard();
  const splitter = lineSplitter(guard, onLine);
  splitter.resume();
  try {
    await pipeline([...(stages as [NodeJS.ReadableStream]), guard, splitter]);
  } catch (err) {
    // what was read before the failure is kept; the error is still reported
    commit();
    throw err;
  }
  commit();
  void startParsed;
  void db;
  return {
    path: input, lines: read, parsed: acct.parsed, unparsed: acct.unparsed, foreign: acct.foreign,
    offset, upToDate: false, heldBack,
  };
}
