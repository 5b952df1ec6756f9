import { resolve } from 'node:path';
import { IngestError, type UnreadableFile, type UnsupportedInput } from '../ingest/input.js';
import { classifyHead, journalFileKind, type InputKind } from '../ingest/sniff.js';
import { factsOf, probeGroup, type SourceGroup } from '../ingest/candidates.js';
import { byAge, planReads, type FileCheckpoint, type ReadPlan } from '../ingest/rotation.js';
import type { SourceRow } from '../store/writer.js';
import { readFileFrom, type RunCtx } from './read-source.js';
import { readJsonStream } from './read-json.js';
import { upToDate, type SourceResult } from './analyse.js';

// Files on disk: each log with its rotated siblings, read oldest first from where the last run stopped.

type Checkpoint = FileCheckpoint & { id: number };

function toCheckpoint(s: SourceRow): Checkpoint {
  return {
    id: s.id, path: s.path, dev: s.dev ?? -1, ino: s.ino ?? -1, fingerprint: s.fingerprint ?? '',
    offset: s.byte_offset, size: s.size ?? 0, final: s.final === 1,
    // a rotated file recorded without a line read from it: left alone as older than the first run
    skipped: s.final === 1 && s.lines === 0,
  };
}

function headKind(fingerprint: string): InputKind {
  return classifyHead(Buffer.from(fingerprint, 'hex').toString('utf8'));
}

/** The database's own files, which a directory or glob may hold: never read as logs. */
export function ownFiles(dbPath: string): (path: string) => boolean {
  const db = resolve(dbPath);
  return (p) => p === db || p.startsWith(`${db}-`) || p === `${db}.lock` || p === `${db}.lock.takeover`;
}

/**
 * The live file's previous checkpoints that no file of the group matched: the file each stood for
 * was rotated to a name mxlens does not know (or moved, or deleted), maybe with lines not read yet.
 * Only candidates: another group of the same command (an `olddir` glob) may still find it.
 */
function unmatchedLive(g: SourceGroup, known: Checkpoint[], plan: ReadPlan, unreadable: UnreadableFile[]): Checkpoint[] {
  const matched = new Set([...plan.reads, ...plan.skips].map((s) => (s.matched as Checkpoint | null)?.id));
  // an unreadable rotated file is reported by its own rule
  return known.filter((k) => k.path === g.live && !k.final && !matched.has(k.id) && !unreadable.some((u) => u.dev === k.dev && u.ino === k.ino));
}

/**
 * Said once: the row is renamed so that it no longer stands for the live file, and keeps its
 * fingerprint, so that naming the rotated file later still resumes it where it stopped.
 */
function reportLost(ctx: RunCtx, live: string, k: Checkpoint): void {
  const row = ctx.sources.byId(k.id);
  // found meanwhile under its new name by another group
  if (!row || row.path !== live) return;
  ctx.sources.rename(k.id, `${live} (rotated away, not found)`, null, null);
  ctx.opts.onWarning?.(`${live} is a new file and the one read before it (up to byte ${row.byte_offset}) was not found ` +
    'under a rotated name mxlens knows: lines written to it after the last run may be lost (name the rotated file to read them)');
}

/**
 * A file a glob or directory found in a format mxlens does not read. Each rotation adds one
 * (`compresscmd xz`), and the glob is a standing order: an exit code would fail a cron run per
 * rotation, so it is a warning, said in the first run that meets the file (by device, inode and
 * first bytes, so a rename by the next rotation is the same file), and then no more.
 */
function noteRefused(ctx: RunCtx, err: UnsupportedInput, now: number, failures: IngestError[]): void {
  const f = err.file;
  if (!f) {
    failures.push(err);
    return;
  }
  const { path } = f;
  const known = ctx.sources.refused(f.dev, f.ino, f.fingerprint);
  if (known) {
    if (known.path !== path) ctx.sources.rename(known.id, path, f.dev, f.ino);
    return;
  }
  ctx.sources.createRefused({ path, dev: f.dev, ino: f.ino, fingerprint: f.fingerprint }, f.size, now);
  ctx.opts.onWarning?.(`${err.message} (found by a glob or directory: later runs pass it over in silence)`);
}

/** Each group (a live log and its rotated siblings, see candidates.ts), oldest file first. */
export async function analyseGroups(ctx: RunCtx, groups: SourceGroup[], force: 'journal' | undefined, failures: IngestError[]): Promise<SourceResult[]> {
  const out: SourceResult[] = [];
  const now = ctx.opts.now();
  const lost: Array<[live: string, k: Checkpoint]> = [];
  for (const g of groups) {
    ctx.yearCarryMs = null;
    const unreadable: UnreadableFile[] = [];
    const refused: UnsupportedInput[] = [];
    const infos = await probeGroup(g, unreadable, failures, refused);
    for (const r of refused) noteRefused(ctx, r, now, failures);
    // a rotated file we cannot open is only news when it holds lines that were to be read: its device and
    // inode are those of a log whose stored position stops short of its size; or a glob or a directory
    // the user named matched it, and no run has read it (a sibling found next to a named file, never
    // read, is history a first run would have left alone)
    const fileRows = ctx.sources.all().filter((s) => s.kind === 'file');
    for (const u of unreadable) {
      const row = fileRows.find((s) => s.dev === u.dev && s.ino === u.ino);
      if (row ? row.byte_offset < u.size : u.named) failures.push(new IngestError('noinput', `${u.message}: a rotated log with lines not read yet`));
    }
    if (infos.length === 0) continue;
    // the group's format is told by its first bytes: the live file's, unless it is empty (just rotated),
    // then a rotated file's (a Docker log rotated a moment ago is still JSON)
    const head = infos.find((i) => i.path === g.live && i.fingerprint !== '') ?? infos.find((i) => i.fingerprint !== '') ?? infos[0]!;
    const headHex = head.fingerprint;
    let kind = headKind(headHex);
    if (force === 'journal') kind = journalFileKind(kind, Buffer.from(headHex, 'hex').toString('utf8'), head.path);
    if (kind.type !== 'text') {
      // JSON logs resume by the spans of positions read (journald, Docker), not by offset:
      // read the group oldest first and skip what the stored spans say was read
      const order = byAge(infos.map(factsOf), g.live).map((f) => f.path);
      const ordered = [...infos].sort((a, b) => order.indexOf(a.path) - order.indexOf(b.path));
      ctx.opts.onExpect?.(null);
      out.push(await readJsonStream(ctx, kind, g.live, ordered));
      await ctx.writer.drain();
      continue;
    }
    // Files only: a stream's checkpoint cannot be checked from a file (its offset may fall inside a line
    // of the file, or past what a filtered stream held), so a log piped in before and named later as a
    // file is read whole. A stream piped after its file was read goes on from the file's checkpoint.
    const known = ctx.sources.all().filter((s) => s.kind === 'file').map(toCheckpoint);
    const plan = planReads({ live: g.live, candidates: infos.map(factsOf), known, named: g.named });
    if (infos.some((i) => i.path === g.live)) {
      // a live file met empty and not found since: a rotated file of first bytes never seen, read
      // whole now, or one still empty (logrotate's ifempty), is that file under its new name, compressed
      // (an empty file has no bytes to tell)
      const rotatedUnknown = plan.reads.some((r) => r.reason === 'new' && r.file.path !== g.live) ||
        plan.skips.some((s) => s.reason === 'empty' && s.file.path !== g.live);
      for (const k of unmatchedLive(g, known, plan, unreadable)) {
        if (k.fingerprint === '' && k.offset === 0 && rotatedUnknown) ctx.sources.forgetEmpty(k.id);
        else lost.push([g.live, k]);
      }
    }
    for (const s of plan.skips) {
      const f = s.file;
      if (s.reason === 'predates') {
        ctx.sources.createFinal({ path: f.path, kind: 'file', dev: f.dev, ino: f.ino, fingerprint: f.fingerprint }, f.compressed ? 0 : f.size, f.size, now);
      } else if (s.reason === 'empty' && f.path === g.live && !f.compressed) {
        // the live log met empty (just rotated, or new): remembered by its inode, as an empty file has
        // no first bytes to be known by, so that the lines it gets are read from its rotated name if it
        // is rotated before the next run (else that run would take it for history from before the first)
        ctx.sources.create({ path: f.path, kind: 'file', dev: f.dev, ino: f.ino, fingerprint: '' }, now);
      }
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
      const row = ctx.sources.byId((s.matched as Checkpoint).id);
      if (row && (row.path !== f.path || row.dev !== f.dev || row.ino !== f.ino)) ctx.sources.rename(row.id, f.path, f.dev, f.ino);
    }
    for (const r of plan.reads) ctx.opts.onExpect?.(r.file.compressed ? null : Math.max(0, r.file.size - r.from));
    for (const r of plan.reads) {
      const info = infos.find((i) => i.path === r.file.path)!;
      const matched = r.matched as Checkpoint | null;
      let source = matched ? ctx.sources.byId(matched.id) : undefined;
      if (source && (source.path !== info.path || source.dev !== info.dev || source.ino !== info.ino)) {
        ctx.sources.rename(source.id, info.path, info.dev, info.ino);
      }
      // left alone by an earlier run and named now: its row starts over, as if new
      if (source && r.reason === 'named') source = ctx.sources.reopen(source.id);
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
  for (const [live, k] of lost) reportLost(ctx, live, k);
  return out;
}
