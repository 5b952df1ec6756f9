import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { IngestError, ioError, probeFile, UnreadableFile, type FileInfo } from './input.js';
import { rotationName, type FileFacts } from './rotation.js';

// The I/O half of rotation handling: find a log's rotated siblings, stat them and read
// their first bytes (input.ts). The decisions are in rotation.ts.

export interface SourceGroup {
  /** the live file's absolute path (it may not exist right now) */
  live: string;
  files: string[];
  /** the user named a glob or directory: on a first run, read rotated files too */
  readRotatedOnFirstRun: boolean;
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

function group(paths: string[], readRotated: boolean): SourceGroup[] {
  const byBase = new Map<string, string[]>();
  for (const p of paths) {
    const base = rotationName(p).base;
    byBase.set(base, [...(byBase.get(base) ?? []), p]);
  }
  return [...byBase].map(([live, files]) => ({ live, files: files.sort(), readRotatedOnFirstRun: readRotated }));
}

/**
 * Expands what the user named: a file (plus its rotated siblings next to it), a
 * directory (every file in it), or a glob in the last path component (`mail.log*`).
 */
export async function expandInput(arg: string, exclude: (path: string) => boolean = () => false): Promise<SourceGroup[]> {
  const groups = await expand(arg);
  return groups
    .map((g) => ({ ...g, files: g.files.filter((f) => !exclude(f)) }))
    .filter((g) => g.files.length > 0);
}

async function expand(arg: string): Promise<SourceGroup[]> {
  const path = resolve(arg);
  const dir = dirname(path);
  const name = basename(path);
  if (GLOB_CHARS.test(name) && !GLOB_CHARS.test(dir)) {
    const re = globToRegExp(name);
    const hits = (await filesIn(dir).catch((err: unknown) => { throw ioError(arg, err); })).filter((p) => re.test(basename(p)));
    if (hits.length === 0) throw new IngestError('noinput', `${arg}: no file matches`);
    return group(hits, true);
  }
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    throw ioError(arg, err);
  }
  if (st.isDirectory()) return group(await filesIn(path), true);
  const siblings = (await filesIn(dir)).filter((p) => p !== path && rotationName(p).base === path);
  return [{ live: path, files: [path, ...siblings].sort(), readRotatedOnFirstRun: false }];
}

/** The facts rotation.ts decides on, from a probed file. */
export function factsOf(info: FileInfo): FileFacts {
  return { path: info.path, dev: info.dev, ino: info.ino, size: info.size, compressed: info.gzip, fingerprint: info.fingerprint, mtimeMs: info.mtimeMs };
}

/**
 * Probes every file of a group; rotated files that vanished meanwhile are left out, and those that
 * exist but cannot be read go to `unreadable` (the caller knows whether they held unread lines).
 */
export async function probeGroup(g: SourceGroup, unreadable: UnreadableFile[] = []): Promise<FileInfo[]> {
  const out: FileInfo[] = [];
  for (const f of g.files) {
    try {
      out.push(await probeFile(f));
    } catch (err) {
      if (err instanceof UnreadableFile && f !== g.live) unreadable.push(err);
      else if (!(err instanceof IngestError && err.code === 'noinput' && f !== g.live)) throw err;
    }
  }
  return out;
}
