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
}

export type ReadReason = 'new' | 'resume' | 'truncated' | 'recheck';
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
   * On a first run (nothing known), read the rotated siblings too (true when the user
   * named a glob or a directory) or only the live file (a single file was named).
   */
  readRotatedOnFirstRun: boolean;
}

// NAME.N, NAME-YYYYMMDD[hh[mm[ss]]], NAME-YYYY-MM-DD, NAME-EPOCH, NAME-YYYYMMDD-EPOCH (dateformat -%Y%m%d-%s)
const ROTATED = /^(.*?)(?:\.(\d+)|-(\d{8}(?:\d{2}){0,3}|\d{4}-\d\d-\d\d|\d{10})(?:-(\d{9,11}))?)(\.gz)?$/;

/** The live name a rotated file belongs to, and its age rank (greater is newer). */
export type NameScheme = 'live' | 'numbered' | 'dated' | 'epoch' | 'gz';

export function rotationName(path: string): { base: string; rank: number; scheme: NameScheme } {
  const m = ROTATED.exec(path);
  if (m) {
    // dateext: the date read as digits orders files; numbered: .1 is the newest
    // a trailing epoch (several rotations a day) orders by itself
    if (m[4] !== undefined) return { base: m[1]!, rank: Number(m[4]) - 1e15, scheme: 'epoch' };
    if (m[3] !== undefined) return { base: m[1]!, rank: Number(m[3].replace(/-/g, '').padEnd(14, '0')) - 1e15, scheme: 'dated' };
    return { base: m[1]!, rank: -Number(m[2]), scheme: 'numbered' };
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

export function planReads(input: PlanInput): ReadPlan {
  const ordered = byAge(input.candidates, input.live);
  const reads: ReadStep[] = [];
  const skips: SkipStep[] = [];
  const firstRun = input.known.length === 0;

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
      if (firstRun && !input.readRotatedOnFirstRun && f.path !== input.live) {
        skips.push({ file: f, reason: 'predates', matched: null });
      } else {
        reads.push({ file: f, from: 0, reason: 'new', matched: null });
      }
      continue;
    }
    // the same inode, now shorter than what was read: truncated in place (copytruncate)
    if (!f.compressed && f.dev === k.dev && f.ino === k.ino && f.size < k.offset) {
      reads.push({ file: f, from: 0, reason: 'truncated', matched: k });
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
