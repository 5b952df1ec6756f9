// Which bytes of a rotating log are new, decided from file facts alone (pure: no I/O).
//
// A file is known by its fingerprint: the first bytes of its uncompressed content
// (hex). Rename, compression and copying keep those bytes, so a file read earlier is
// recognised under any later name (`mail.log` -> `mail.log.1` -> `mail.log.2.gz`). A
// fingerprint taken while a file was small is a prefix of the one taken later, so
// fingerprints are compared as prefixes. Offsets count uncompressed bytes.

export interface FileFacts {
  path: string;
  dev: number;
  ino: number;
  /** size on disk (compressed size for .gz) */
  size: number;
  compressed: boolean;
  /** hex of the first up-to-N uncompressed bytes; '' for an empty file */
  fingerprint: string;
  /** last modification; orders rotated files only when their names use different schemes */
  mtimeMs?: number;
}

export interface FileCheckpoint {
  path: string;
  dev: number;
  ino: number;
  fingerprint: string;
  /** uncompressed bytes consumed, always at a line end */
  offset: number;
  /** size on disk when the checkpoint was taken */
  size: number;
  /** read in a form that cannot change again (compressed, or skipped on purpose) */
  final?: boolean;
  /** final without a line ever read from it: left alone because it predated the first run */
  skipped?: boolean;
}

/** `named`: left alone by an earlier run (it predated the first one), named by the user now */
export type ReadReason = 'new' | 'resume' | 'truncated' | 'recheck' | 'named';
export type SkipReason = 'read' | 'duplicate' | 'predates' | 'empty';

export interface ReadStep {
  file: FileFacts;
  /** uncompressed offset to start from */
  from: number;
  reason: ReadReason;
  matched: FileCheckpoint | null;
}

export interface SkipStep {
  file: FileFacts;
  reason: SkipReason;
  matched: FileCheckpoint | null;
}

export interface ReadPlan {
  /** oldest first, the live file last */
  reads: ReadStep[];
  skips: SkipStep[];
}

export interface PlanInput {
  /** the live file's path: the newest of the group */
  live: string;
  candidates: FileFacts[];
  known: FileCheckpoint[];
  /**
   * Files the user named, or that a glob or directory matched. On a first run they are read
   * like the live file; rotated siblings mxlens found by itself are left alone then (a cron
   * line naming the live file must not import the history). A named file an earlier run
   * left alone is read now.
   */
  named?: readonly string[];
}

// NAME.N (logrotate, savelog, newsyslog), NAME.old, dateext with a dot or a dash: NAME-YYYYMMDD[hh[mm[ss]]],
// NAME.YYYYMMDD, NAME-YYYY-MM-DD[-hh[-mm[-ss]]], NAME.YYYY-MM-DD, NAME-EPOCH, NAME-YYYYMMDD-EPOCH
// (dateformat -%Y%m%d-%s); each also with .gz. A dot and eight digits starting 19 or 20 is a date, not
// the 20-millionth numbered generation.
const DATE = String.raw`(?:19|20)\d{6}(?:\d{2}){0,3}|\d{4}-\d\d-\d\d(?:-\d\d){0,3}`;
const ROTATED = new RegExp(String.raw`^(.*?)(?:[.-](${DATE})(?:-(\d{9,11}))?|-(\d{10})(?:-(\d{9,11}))?|\.(\d+)|\.(old))(\.gz)?$`);

/** The live name a rotated file belongs to, and its age rank (greater is newer). */
export type NameScheme = 'live' | 'numbered' | 'dated' | 'epoch' | 'old' | 'gz';

export function rotationName(path: string): { base: string; rank: number; scheme: NameScheme } {
  const m = ROTATED.exec(path);
  if (m) {
    const base = m[1]!;
    // dateext: the date read as digits orders files; numbered: .1 is the newest
    // a trailing epoch (several rotations a day) orders by itself
    const epoch = m[3] ?? m[5];
    if (epoch !== undefined) return { base, rank: Number(epoch) - 1e15, scheme: 'epoch' };
    const date = m[2] ?? m[4];
    if (date !== undefined) return { base, rank: Number(date.replace(/-/g, '').padEnd(14, '0')) - 1e15, scheme: 'dated' };
    // mv NAME NAME.old: one generation, the newest rotated file
    if (m[7] !== undefined) return { base, rank: 0, scheme: 'old' };
    return { base, rank: -Number(m[6]), scheme: 'numbered' };
  }
  if (path.endsWith('.gz')) return { base: path.slice(0, -3), rank: -0.5, scheme: 'gz' };
  return { base: path, rank: Infinity, scheme: 'live' };
}

/**
 * Oldest first, the live file last. Names order files of one scheme; when a
 * configuration change left numbered and dated files side by side, names cannot be
 * compared and modification times decide (logrotate keeps them when it compresses).
 */
export function byAge(files: readonly FileFacts[], live: string): FileFacts[] {
  const rotated = files.filter((f) => f.path !== live);
  const schemes = new Set(rotated.map((f) => rotationName(f.path).scheme));
  const useTime = schemes.size > 1 && rotated.every((f) => f.mtimeMs !== undefined);
  const key = (f: FileFacts) => (f.path === live ? Infinity : useTime ? f.mtimeMs! : rotationName(f.path).rank);
  return [...files].sort((a, b) => key(a) - key(b) || a.path.localeCompare(b.path));
}

function sameFile(fpKnown: string, fpNow: string): boolean {
  return fpKnown !== '' && fpNow.startsWith(fpKnown);
}

function matchKnown(f: FileFacts, known: FileCheckpoint[]): FileCheckpoint | null {
  let best: FileCheckpoint | null = null;
  for (const k of known) {
    const hit = sameFile(k.fingerprint, f.fingerprint) ||
      // an empty file read at offset 0 has no fingerprint yet: only its inode names it
      (k.fingerprint === '' && !f.compressed && k.dev === f.dev && k.ino === f.ino);
    if (!hit) continue;
    // prefer the longest (most recent) fingerprint, then the same inode
    if (best === null || k.fingerprint.length > best.fingerprint.length ||
      (k.fingerprint.length === best.fingerprint.length && k.ino === f.ino && k.dev === f.dev)) best = k;
  }
  return best;
}

/** Copies of one file (mail.log.1 next to mail.log.1.gz mid-compression): read one. */
function preferred(a: FileFacts, b: FileFacts): FileFacts {
  if (a.compressed !== b.compressed) return a.compressed ? b : a;
  if (a.fingerprint.length !== b.fingerprint.length) return a.fingerprint.length > b.fingerprint.length ? a : b;
  return a.size >= b.size ? a : b;
}

/**
 * Whether an earlier run read this log: a checkpoint matches one of its files or bears its name
 * (a rotated file keeps its live name's base). Other logs in the same database do not count:
 * adding a second log later, or in the same command, starts its own first run.
 */
function seenBefore(input: PlanInput): boolean {
  return input.known.some((k) => k.path === input.live || rotationName(k.path).base === input.live) ||
    input.candidates.some((f) => matchKnown(f, input.known) !== null);
}

export function planReads(input: PlanInput): ReadPlan {
  const ordered = byAge(input.candidates, input.live);
  const reads: ReadStep[] = [];
  const skips: SkipStep[] = [];
  const firstRun = !seenBefore(input);
  const named = new Set(input.named ?? []);

  // collapse copies: same non-empty fingerprint (one a prefix of the other) is one file
  const chosen: FileFacts[] = [];
  for (const f of ordered) {
    const twin = chosen.findIndex((c) => sameFile(c.fingerprint, f.fingerprint) || sameFile(f.fingerprint, c.fingerprint));
    if (twin < 0) {
      chosen.push(f);
      continue;
    }
    const keep = preferred(chosen[twin]!, f);
    const drop = keep === f ? chosen[twin]! : f;
    skips.push({ file: drop, reason: 'duplicate', matched: matchKnown(drop, input.known) });
    if (keep === f) chosen.splice(twin, 1, f);
  }

  for (const f of chosen) {
    const k = matchKnown(f, input.known);
    if (f.fingerprint === '' && k === null) {
      skips.push({ file: f, reason: 'empty', matched: null });
      continue;
    }
    if (k === null) {
      if (firstRun && !named.has(f.path) && f.path !== input.live) {
        skips.push({ file: f, reason: 'predates', matched: null });
      } else {
        reads.push({ file: f, from: 0, reason: 'new', matched: null });
      }
      continue;
    }
    // the same inode, now shorter than what was read of it: truncated in place (copytruncate). What was
    // read of it is its size when last read, when a stream of the same log has moved the checkpoint on
    // past it since (ssh mx cat mail.log | mxlens analyse -, after a local copy was read)
    const readOfIt = k.size > 0 ? Math.min(k.offset, k.size) : k.offset;
    if (!f.compressed && f.dev === k.dev && f.ino === k.ino && f.size < readOfIt) {
      reads.push({ file: f, from: 0, reason: 'truncated', matched: k });
      continue;
    }
    // left alone as history by the first run; the user now asks for it
    if (k.final && k.skipped && named.has(f.path)) {
      reads.push({ file: f, from: 0, reason: 'named', matched: k });
      continue;
    }
    // read to its end once (a compressed file), but this file begins the same way and is another
    // one, longer: a live log whose compressed copy was read first, or a fresh compressed snapshot
    // of a log that has grown. Its lines past what was read are new.
    if (k.final && !f.compressed && f.size > k.offset) {
      reads.push({ file: f, from: k.offset, reason: 'resume', matched: k });
      continue;
    }
    if (k.final && f.compressed && k.size > 0 && k.size !== f.size && !k.skipped) {
      reads.push({ file: f, from: k.offset, reason: 'recheck', matched: k });
      continue;
    }
    if (k.final) {
      skips.push({ file: f, reason: 'read', matched: k });
      continue;
    }
    if (f.compressed) {
      // compressed since it was read as plain text: new lines may have landed before
      // compression, and only decompressing tells (the caller then marks it final)
      reads.push({ file: f, from: k.offset, reason: 'recheck', matched: k });
      continue;
    }
    if (f.size <= k.offset) {
      skips.push({ file: f, reason: 'read', matched: k });
      continue;
    }
    reads.push({ file: f, from: k.offset, reason: 'resume', matched: k });
  }
  reads.sort((a, b) => ordered.indexOf(a.file) - ordered.indexOf(b.file));
  return { reads, skips };
}
