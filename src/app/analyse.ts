import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Correlator } from '../model/correlate.js';
import type { MtaChoice } from '../parse/index.js';
import type { EximLogKind } from '../parse/assemble.js';
import { remedyId } from '../remedy/index.js';
import { IngestError, isStdinPath, openPipe, sniffStream as sniffGzip } from '../ingest/input.js';
import { journalFileKind, sniffStream as sniffJson, type InputKind } from '../ingest/sniff.js';
import { expandInput, expandInputs } from '../ingest/candidates.js';
import { openForWrite } from '../store/db.js';
import { acquireLock } from '../store/lock.js';
import { Sources, loadOpenState, nextIds } from '../store/sources.js';
import { AsyncWriter } from './async-writer.js';
import { DERIVE_VERSION } from './derive.js';
import { rederiveIfNeeded } from './rederive.js';
import { readTextStream, type RunCtx } from './read-source.js';
import { readJsonStream } from './read-json.js';
import { analyseGroups, ownFiles } from './analyse-files.js';
import { boundHeapGrowth } from './heap-growth.js';

export interface AnalyseOptions {
  db: string;
  /** file paths, directories or globs; '-' reads `stdin` */
  inputs: string[];
  /** journald JSON exports (`journalctl -o json`), JSON Lines or one array */
  journalFiles?: string[];
  mta?: MtaChoice;
  year?: number;
  stdin?: Readable;
  /** false: standard input and pipes are read whole even when they begin like a stream read before */
  resumeStreams?: boolean;
  /** which Exim log standard input and pipes carry (files are told by their names) */
  streamEximLog?: EximLogKind;
  now(): number;
  /** lines per transaction */
  batchLines?: number;
  /** open messages held in memory before the idle ones go back to the store (read-source.ts) */
  openMessagesCap?: number;
  /** a file's unterminated last line is held back while the file is younger than this (ms) */
  liveWindowMs?: number;
  /** how long to wait for another run on the same database (seconds, default 0) */
  waitSeconds?: number;
  /** bytes and lines read so far in this run */
  onProgress?(bytes: number, lines: number): void;
  /** bytes about to be read (null: not knowable, as for gzip or stdin) */
  onExpect?(bytes: number | null): void;
  /** something the user must hear about that did not stop this run (lines that may have been lost before it) */
  onWarning?(message: string): void;
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
  /** journald / Docker entries skipped because they were read before */
  skipped?: number;
  /** lines of a stream piped again passed over because they were read before */
  passedOver?: number;
}

/**
 * Some inputs could not be read (missing, unreadable, a directory, damaged): every other
 * input was still read. `failures` in the order met; the first decides the exit code.
 */
export class InputFailures extends Error {
  constructor(
    readonly failures: IngestError[],
    readonly results: SourceResult[],
  ) {
    super(failures.map((f) => f.message).join('; '));
  }
}

export function upToDate(path: string, offset: number): SourceResult {
  return { path, lines: 0, parsed: 0, unparsed: 0, foreign: 0, offset, upToDate: true, heldBack: false };
}

/**
 * Before a database is created: when no input named can be found, say so and leave no empty
 * database behind (a mistyped path in a first run must not plant mxlens.db in the directory).
 * Only a stat or directory listing is done here; nothing is read.
 */
async function nothingToRead(opts: AnalyseOptions): Promise<InputFailures | null> {
  if (existsSync(opts.db) || (opts.journalFiles ?? []).length > 0 || opts.inputs.includes('-') || opts.inputs.length === 0) return null;
  const failures: IngestError[] = [];
  for (const input of opts.inputs) {
    try {
      await expandInput(input);
      return null;
    } catch (err) {
      if (!(err instanceof IngestError)) return null;
      failures.push(err);
    }
  }
  return new InputFailures(failures, []);
}

export async function analyse(opts: AnalyseOptions): Promise<SourceResult[]> {
  const missing = await nothingToRead(opts);
  if (missing) throw missing;
  // before the writer thread starts: V8's flags are the process's, so its heap is bounded too
  boundHeapGrowth();
  // one writer per database: a second cron run waits or leaves (exit 75)
  const lock = await acquireLock(opts.db, { waitSeconds: opts.waitSeconds ?? 0 });
  try {
    const db = openForWrite(opts.db, { deriveVersion: DERIVE_VERSION });
    let writer: AsyncWriter | null = null;
    try {
      // before any new line: old rows and new ones must be derived by the same rules
      rederiveIfNeeded(db);
      const correlator = new Correlator({ remedyId }, nextIds(db));
      const open = loadOpenState(db);
      correlator.restore(open.sessions, open.clocks, open.stored, open.displaced);
      // the writer thread starts with the first source that has something to read, so a
      // cron run over an unchanged log costs no thread start-up
      const ctx: RunCtx = {
        get writer() {
          return (writer ??= new AsyncWriter(opts.db));
        },
        sources: new Sources(db), correlator, opts, bytes: 0, lines: 0,
      };
      const results: SourceResult[] = [];
      const failures: IngestError[] = [];
      // one input that cannot be read (a rotated file left unreadable, say) must not hold back
      // the others from cron run after cron run: it is reported, the rest is read
      const each = async (read: () => Promise<SourceResult[]>): Promise<void> => {
        try {
          results.push(...(await read()));
        } catch (err) {
          if (!(err instanceof IngestError)) throw err;
          failures.push(err);
        }
      };
      // Files, globs and directories named side by side are expanded together, so that a log and its
      // rotated files are one group read oldest first (`mail.log*` from the shell comes newest first);
      // standard input and pipes are read where they stand among them.
      const own = ownFiles(opts.db);
      let paths: string[] = [];
      const readPaths = async (): Promise<void> => {
        const named = paths;
        paths = [];
        if (named.length === 0) return;
        await each(async () => {
          const { groups, failures: unknown } = await expandInputs(named, own);
          failures.push(...unknown);
          return analyseGroups(ctx, groups, undefined, failures);
        });
      };
      for (const input of opts.inputs) {
        let pipe: Readable | null = null;
        let opened = false;
        await each(async () => {
          pipe = input === '-' ? (ctx.opts.stdin ?? (process.stdin as Readable)) : await openPipe(input);
          opened = true;
          return [];
        });
        if (!opened) continue;
        if (pipe === null) {
          paths.push(input);
          continue;
        }
        await readPaths();
        const stream: Readable = pipe;
        await each(async () => [await analyseStream(ctx, stream, input)]);
      }
      await readPaths();
      for (const file of opts.journalFiles ?? []) {
        await each(async () => {
          // a pipe (`--journal-file <(journalctl -o json)`, /dev/stdin) cannot be probed or seeked: read it as a stream
          const pipe = isStdinPath(file) ? (ctx.opts.stdin ?? (process.stdin as Readable)) : await openPipe(file);
          if (pipe !== null) return [await analyseStream(ctx, pipe, file, 'journal')];
          if ((await stat(file).catch(() => null))?.isDirectory()) {
            throw new IngestError('noinput', `${file}: is a directory (--journal-file takes a journalctl -o json export)`);
          }
          const groups = await expandInput(file, ownFiles(opts.db));
          if (groups.length === 0) throw new IngestError('noinput', `${file}: no log files in it`);
          return analyseGroups(ctx, groups, 'journal', failures);
        });
      }
      if (failures.length > 0) throw new InputFailures(failures, results);
      return results;
    } finally {
      try {
        // assigned inside the getter, which the compiler does not follow
        await (writer as AsyncWriter | null)?.close();
      } finally {
        db.close();
      }
    }
  } finally {
    lock.release();
  }
}

/** Standard input or a pipe: plain or gzip text, journald JSON or Docker json-file, told by its first bytes. */
async function analyseStream(ctx: RunCtx, src: Readable, name: string, force?: 'journal'): Promise<SourceResult> {
  ctx.opts.onExpect?.(null);
  const stages = await sniffGzip(src);
  let bytes: Readable = stages[0] as Readable;
  for (const s of stages.slice(1)) bytes = bytes.pipe(s as NodeJS.ReadWriteStream) as unknown as Readable;
  const sniffed = await sniffJson(bytes);
  const { stream } = sniffed;
  let kind: InputKind = sniffed.kind;
  if (force === 'journal') kind = journalFileKind(kind, sniffed.head, name);
  const result = kind.type !== 'text' ? await readJsonStream(ctx, kind, name, [stream]) : await readTextStream(ctx, stream, name, sniffed.fingerprint);
  await ctx.writer.drain();
  return result;
}
