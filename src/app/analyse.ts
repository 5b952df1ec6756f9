import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { Correlator } from '../model/correlate.js';
import type { MtaChoice } from '../parse/index.js';
import { maskShape } from '../parse/shape.js';
import { remedyId } from '../remedy/index.js';
import { IngestError, isStdinPath, openPipe, sniffStream as sniffGzip, type UnreadableFile } from '../ingest/input.js';
import { classifyHead, journalFileKind, sniffStream as sniffJson, type InputKind } from '../ingest/sniff.js';
import { expandInput, factsOf, probeGroup } from '../ingest/candidates.js';
import { byAge, planReads, type FileCheckpoint } from '../ingest/rotation.js';
import { openForWrite } from '../store/db.js';
import { acquireLock } from '../store/lock.js';
import { Sources, loadOpenState, nextIds } from '../store/sources.js';
import type { SourceRow } from '../store/writer.js';
import { AsyncWriter } from './async-writer.js';
import { DERIVE_VERSION } from './derive.js';
import { rederiveIfNeeded } from './rederive.js';
import { readFileFrom, readTextStream, type RunCtx } from './read-source.js';
import { readJsonStream } from './read-json.js';

export interface AnalyseOptions {
  db: string;
  /** file paths, directories or globs; '-' reads `stdin` */
  inputs: string[];
  /** journald JSON exports (`journalctl -o json`), JSON Lines or one array */
  journalFiles?: string[];
  mta?: MtaChoice;
  year?: number;
  stdin?: Readable;
  now(): number;
  /** lines per transaction */
  batchLines?: number;
  /** a file's unterminated last line is held back while the file is younger than this (ms) */
  liveWindowMs?: number;
  /** how long to wait for another run on the same database (seconds, default 0) */
  waitSeconds?: number;
  /** bytes and lines read so far in this run */
  onProgress?(bytes: number, lines: number): void;
  /** bytes about to be read (null: not knowable, as for gzip or stdin) */
  onExpect?(bytes: number | null): void;
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
  // one writer per database: a second cron run waits or leaves (exit 75)
  const lock = await acquireLock(opts.db, { waitSeconds: opts.waitSeconds ?? 0 });
  try {
    const db = openForWrite(opts.db, { deriveVersion: DERIVE_VERSION });
    let writer: AsyncWriter | null = null;
    try {
      // before any new line: old rows and new ones must be derived by the same rules
      rederiveIfNeeded(db);
      const correlator = new Correlator({ remedyId, maskShape }, nextIds(db));
      const open = loadOpenState(db);
      correlator.restore(open.sessions, open.messages);
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
      for (const input of opts.inputs) {
        await each(async () => {
          const pipe = input === '-' ? (ctx.opts.stdin ?? (process.stdin as Readable)) : await openPipe(input);
          return pipe !== null ? [await analyseStream(ctx, pipe, input)] : analysePath(ctx, input, undefined, failures);
        });
      }
      for (const file of opts.journalFiles ?? []) {
        await each(async () => {
          // a pipe (`--journal-file <(journalctl -o json)`, /dev/stdin) cannot be probed or seeked: read it as a stream
          const pipe = isStdinPath(file) ? (ctx.opts.stdin ?? (process.stdin as Readable)) : await openPipe(file);
          if (pipe !== null) return [await analyseStream(ctx, pipe, file, 'journal')];
          if ((await stat(file).catch(() => null))?.isDirectory()) {
            throw new IngestError('noinput', `${file}: is a directory (--journal-file takes a journalctl -o json export)`);
          }
          return analysePath(ctx, file, 'journal', failures);
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

function toCheckpoint(s: SourceRow): FileCheckpoint & { id: number } {
  return {
    id: s.id, path: s.path, dev: s.dev ?? -1, ino: s.ino ?? -1, fingerprint: s.fingerprint ?? '',
    offset: s.byte_offset, size: s.size ?? 0, final: s.final === 1,
  };
}

function headKind(fingerprint: string): InputKind {
  return classifyHead(Buffer.from(fingerprint, 'hex').toString('utf8'));
}

/** A file, a directory or a glob: each live log with its rotated siblings, oldest first. */
async function analysePath(ctx: RunCtx, input: string, force: 'journal' | undefined, failures: IngestError[]): Promise<SourceResult[]> {
  const out: SourceResult[] = [];
  const now = ctx.opts.now();
  // a directory or glob may hold the database itself: never read it as a log
  const db = resolve(ctx.opts.db);
  const own = (p: string) => p === db || p.startsWith(`${db}-`) || p === `${db}.lock` || p === `${db}.lock.takeover`;
  const groups = await expandInput(input, own);
  // a directory with no file in it (or only the database's own) was named for nothing
  if (groups.length === 0) throw new IngestError('noinput', `${input}: no log files in it`);
  for (const g of groups) {
    const unreadable: UnreadableFile[] = [];
    const infos = await probeGroup(g, unreadable);
    // a rotated file we cannot open is only news when it still holds lines we have not read: its
    // device and inode are those of a log whose stored position stops short of its size
    for (const u of unreadable) {
      const behind = ctx.sources.all().some((s) => s.kind === 'file' && s.dev === u.dev && s.ino === u.ino && s.byte_offset < u.size);
      if (behind) failures.push(new IngestError('noinput', `${u.message}: a rotated log with lines not read yet`));
    }
    if (infos.length === 0) continue;
    const headHex = infos.find((i) => i.path === g.live)?.fingerprint ?? infos[0]!.fingerprint;
    let kind = headKind(headHex);
    if (force === 'journal') kind = journalFileKind(kind, Buffer.from(headHex, 'hex').toString('utf8'), input);
    if (kind.type !== 'text') {
      // JSON logs resume by cursor (journald) or time (Docker), not by offset: read the
      // group oldest first and skip what the stored position says was read
      const order = byAge(infos.map(factsOf), g.live).map((f) => f.path);
      const ordered = [...infos].sort((a, b) => order.indexOf(a.path) - order.indexOf(b.path));
      ctx.opts.onExpect?.(null);
      out.push(await readJsonStream(ctx, kind, g.live, ordered));
      await ctx.writer.drain();
      continue;
    }
    const known = ctx.sources.all().filter((s) => s.kind === 'file').map(toCheckpoint);
    const plan = planReads({ live: g.live, candidates: infos.map(factsOf), known, readRotatedOnFirstRun: g.readRotatedOnFirstRun });
    for (const s of plan.skips) {
      if (s.reason !== 'predates') continue;
      const f = s.file;
      ctx.sources.createFinal({ path: f.path, kind: 'file', dev: f.dev, ino: f.ino, fingerprint: f.fingerprint }, f.compressed ? 0 : f.size, f.size, now);
    }
    if (plan.reads.length === 0) {
      const live = known.find((k) => infos.some((i) => i.path === g.live && i.fingerprint.startsWith(k.fingerprint) && k.fingerprint !== ''));
      out.push(upToDate(g.live, live?.offset ?? 0));
      continue;
    }
    // a file read to its end before it was rotated: nothing to read, but its row names where it is now
    for (const s of plan.skips) {
      if (s.reason !== 'read' || s.matched === null) continue;
      const f = s.file;
      const row = ctx.sources.byId((s.matched as FileCheckpoint & { id: number }).id);
      if (row && (row.path !== f.path || row.dev !== f.dev || row.ino !== f.ino)) ctx.sources.rename(row.id, f.path, f.dev, f.ino);
    }
    for (const r of plan.reads) ctx.opts.onExpect?.(r.file.compressed ? null : Math.max(0, r.file.size - r.from));
    for (const r of plan.reads) {
      const info = infos.find((i) => i.path === r.file.path)!;
      const matched = r.matched as (FileCheckpoint & { id: number }) | null;
      let source = matched ? ctx.sources.byId(matched.id) : undefined;
      if (source && (source.path !== info.path || source.dev !== info.dev || source.ino !== info.ino)) {
        ctx.sources.rename(source.id, info.path, info.dev, info.ino);
      }
      source ??= ctx.sources.create({ path: info.path, kind: 'file', dev: info.dev, ino: info.ino, fingerprint: info.fingerprint }, now);
      try {
        out.push(await readFileFrom(ctx, info, source, r.from));
      } catch (err) {
        // a damaged rotated file: what it gave is kept and checkpointed, its siblings are still read
        if (!(err instanceof IngestError)) throw err;
        failures.push(err);
      }
      // the next plan and checkpoint lookups must see this file's last batch
      await ctx.writer.drain();
    }
  }
  return out;
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
  const result = kind.type !== 'text' ? await readJsonStream(ctx, kind, name, [stream]) : await readTextStream(ctx, stream, name);
  await ctx.writer.drain();
  return result;
}
