import type { SourceRow } from '../store/writer.js';
import type { FileInfo } from './input.js';

// Where to resume reading a file, from the checkpoints already stored. Pure.

export interface ResumePlan {
  source: SourceRow | null;
  offset: number;
}

/** Fingerprints are compared as prefixes, so a file that was small when first seen still matches. */
export function sameStart(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

/** Shortest fingerprint (hex chars) trusted to identify a file under another name. */
const MIN_FP_HEX = 64;

export function planResume(sources: SourceRow[], info: FileInfo): ResumePlan {
  const files = sources.filter((s) => s.kind === 'file');
  const same = files.find((s) => s.dev === info.dev && s.ino === info.ino);
  if (same) {
    if (sameStart(same.fingerprint, info.fingerprint)) {
      // a plain file smaller than the checkpoint was truncated in place (copytruncate)
      if (!info.gzip && info.size < same.byte_offset) return { source: same, offset: 0 };
      return { source: same, offset: same.byte_offset };
    }
    // the inode now holds other content (truncated and rewritten, or reused)
    if (!files.some((s) => s !== same && sameStart(s.fingerprint, info.fingerprint))) return { source: same, offset: 0 };
  }
  const moved = files.find(
    (s) => s.fingerprint !== null && Math.min(s.fingerprint.length, info.fingerprint.length) >= MIN_FP_HEX && sameStart(s.fingerprint, info.fingerprint),
  );
  if (moved) return { source: moved, offset: moved.byte_offset };
  return { source: null, offset: 0 };
}
