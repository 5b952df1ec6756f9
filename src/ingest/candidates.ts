import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { IngestError, ioError, probeFile, UnreadableFile, UnsupportedInput, type FileInfo } from './input.js';
import { rotationName, type FileFacts } from './rotation.js';

// The I/O half of rotation handling: find a log's rotated siblings, stat them and read
// their first bytes (input.ts). The decisions are in rotation.ts.

export interface SourceGroup {
  /** the live file's absolute path (it may not exist right now) */
  live: string;
  files: string[];
  /**
   * Files named on the command line or matched by a glob or directory, as opposed to rotated
   * siblings found next to a named live file: only named files are read on a first run.
   */
  named: string[];
  /** files named one by one (not through a glob or directory): an error on one of them is always reported */
  explicit?: string[];
}

const GLOB_CHARS = /[*?[]/;

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function filesIn(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) if (e.isFile()) out.push(join(dir, e.name));
  return out;
}

function group(paths: string[]): SourceGroup[] {
  const byBase = new Map<string, string[]>();
  for (const p of paths) {
    const base = rotationName(p).base;
    byBase.set(base, [...(byBase.get(base) ?? []), p]);
  }
  return [...byBase].map(([live, files]) => ({ live, files: files.sort(), named: [...files] }));
}

/**
 * Expands what the user named: a file (plus its rotated siblings next to it), a
 * directory (every file in it), or a glob in the last path component (`mail.log*`).
 */
export async function expandInput(arg: string, exclude: (path: string) => boolean = () => false): Promise<SourceGroup[]> {
  const groups = await expand(arg);
  return groups
    .map((g) => ({ ...g, files: g.files.filter((f) => !exclude(f)), named: g.named.filter((f) => !exclude(f)), explicit: g.explicit?.filter((f) => !exclude(f)) }))
    .filter((g) => g.files.length > 0);
}

/**
 * Expands every argument and joins what belongs to one log: `mail.log mail.log.1 mail.log.2.gz`
 * (a shell glob) is one group, read oldest first, whatever the order of the arguments. Groups
 * come oldest first too (by their oldest file's modification time), so that two logs that
 * follow each other (`b-first.log`, `a-second.log`) are read in time order. An argument that
 * cannot be expanded is a failure of its own; the others are still read.
 */
export async function expandInputs(
  args: readonly string[], exclude: (path: string) => boolean = () => false,
): Promise<{ groups: SourceGroup[]; failures: IngestError[] }> {
  const failures: IngestError[] = [];
  const merged = new Map<string, { files: Set<string>; named: Set<string>; explicit: Set<string> }>();
  for (const arg of args) {
    let groups: SourceGroup[];
    try {
      groups = await expandInput(arg, exclude);
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
      failures.push(err);
      continue;
    }
    // a directory with no file in it (or only the database's own) was named for nothing
    if (groups.length === 0) failures.push(new IngestError('noinput', `${arg}: no log files in it`));
    for (const g of groups) {
      const m = merged.get(g.live) ?? { files: new Set<string>(), named: new Set<string>(), explicit: new Set<string>() };
      merged.set(g.live, m);
      for (const f of g.files) m.files.add(f);
      for (const f of g.named) m.named.add(f);
      for (const f of g.explicit ?? []) m.explicit.add(f);
    }
  }
  const groups = [...merged].map(([live, m]) => ({ live, files: [...m.files].sort(), named: [...m.named].sort(), explicit: [...m.explicit].sort() }));
  const oldest = new Map<SourceGroup, number>();
  for (const g of groups) {
    let min = Infinity;
    for (const f of g.files) min = Math.min(min, (await stat(f).catch(() => null))?.mtimeMs ?? Infinity);
    oldest.set(g, min);
  }
  // a stable sort: groups of equal age keep the order they were named in
  return { groups: groups.sort((a, b) => oldest.get(a)! - oldest.get(b)! || 0), failures };
}

async function expand(arg: string): Promise<SourceGroup[]> {
  const path = resolve(arg);
  const dir = dirname(path);
  const name = basename(path);
  if (GLOB_CHARS.test(name) && !GLOB_CHARS.test(dir)) {
    const re = globToRegExp(name);
    const hits = (await filesIn(dir).catch((err: unknown) => { throw ioError(arg, err); })).filter((p) => re.test(basename(p)));
    if (hits.length === 0) throw new IngestError('noinput', `${arg}: no file matches`);
    return group(hits);
  }
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    throw ioError(arg, err);
  }
  if (st.isDirectory()) return group(await filesIn(path).catch((err: unknown) => { throw ioError(arg, err); }));
  // the rotated siblings of a named file, found by mxlens: named files of their own only when the user names them.
  // A directory that may be passed through but not listed (mode 711) hides them: the named file is still read.
  const siblings = (await filesIn(dir).catch(() => [] as string[])).filter((p) => p !== path && rotationName(p).base === path);
  return [{ live: rotationName(path).base, files: [path, ...siblings].sort(), named: [path], explicit: [path] }];
}

/** The facts rotation.ts decides on, from a probed file. */
export function factsOf(info: FileInfo): FileFacts {
  return { path: info.path, dev: info.dev, ino: info.ino, size: info.size, compressed: info.gzip, fingerprint: info.fingerprint, mtimeMs: info.mtimeMs };
}

/**
 * Probes every file of a group. A rotated sibling that vanished meanwhile, or that mxlens found by
 * itself in a format it does not read (`mail.log.1.xz`), is left out; one that exists but cannot
 * be opened goes to `unreadable` (the caller knows whether it held unread lines). A refused format
 * of a file a glob or directory matched goes to `refused` when given (the caller remembers it).
 * Errors on the live file, on a file named one by one, and the other refused formats, go to
 * `failures` (thrown when none is given); the group's other files are still probed.
 */
export async function probeGroup(
  g: SourceGroup, unreadable: UnreadableFile[] = [], failures?: IngestError[], refused?: UnsupportedInput[],
): Promise<FileInfo[]> {
  const out: FileInfo[] = [];
  const oneByOne = new Set(g.explicit ?? []);
  const explicit = new Set([g.live, ...oneByOne]);
  const named = new Set(g.named);
  for (const f of g.files) {
    try {
      out.push(await probeFile(f));
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
      // a glob's own file (`mail.log*` matching `mail.log.2.xz` makes it a live file of its own): not named one by one
      if (refused && err instanceof UnsupportedInput && named.has(f) && !oneByOne.has(f)) {
        refused.push(err);
        continue;
      }
      if (!explicit.has(f)) {
        if (err instanceof UnreadableFile) {
          err.named = named.has(f);
          unreadable.push(err);
          continue;
        }
        if (err.code === 'noinput' || (err instanceof UnsupportedInput && !named.has(f))) continue;
      }
      if (!failures) throw err;
      failures.push(err);
    }
  }
  return out;
}
