import { closeSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import { resolveDbPath } from './db-path.js';
import { StoreError } from './errors.js';
import { bootId, commandLine, startMs, startTicks } from './proc-stamp.js';

// One writer per database: `<db>.lock` next to the database's resolved path, created with O_EXCL,
// holding the owner's pid and start time. SQLite would serialise two writers anyway; the lock stops
// two runs from reading the same new bytes of a log and racing to store them.

export interface LockOwner {
  pid: number;
  started: string;
  host: string;
  /** Linux: the boot the owner ran in and its start in clock ticks since that boot (absent in older locks) */
  boot?: string;
  ticks?: number;
}

/** Another live run holds the lock and the wait ran out (the CLI exits 75). */
export class LockBusyError extends Error {
  constructor(
    readonly path: string,
    readonly owner: LockOwner | null,
    readonly waitedSeconds: number,
  ) {
    const who = owner ? `pid ${owner.pid} since ${owner.started}` : 'another run';
    super(`database is busy: ${who} holds ${path}` + (waitedSeconds > 0 ? ` (waited ${waitedSeconds}s)` : ' (use --wait SECONDS)'));
  }
}

export interface LockOptions {
  /** how long to poll for a busy lock; 0 tries once */
  waitSeconds?: number;
  pollMs?: number;
  now?: () => number;
  /** release on process exit, SIGINT and SIGTERM (default true) */
  releaseOnExit?: boolean;
}

export interface Lock {
  path: string;
  release(): void;
}

// a lock file that is still empty this long after its creation lost its writer
const EMPTY_GRACE_MS = 5000;

function readOwner(path: string): LockOwner | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  return parseOwner(text);
}

function parseOwner(text: string): LockOwner | null {
  try {
    const o = JSON.parse(text) as LockOwner;
    return typeof o.pid === 'number' ? o : null;
  } catch {
    return null;
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// a lock without ticks (older mxlens, or made by hand) gives its owner's start as a wall-clock time,
// written a moment after that process started; the slack covers btime's whole seconds and clock drift
const STARTED_SLACK_MS = 5000;

/**
 * Whether the process that wrote a lock is still running it. A live pid is not enough: after a crash
 * or a reboot the pid soon belongs to another program, and the lock would stand for good. So the
 * process must also have started when the lock says, and be a node (or mxlens) process.
 */
export function ownerAlive(owner: LockOwner): boolean {
  if (!pidAlive(owner.pid)) return false;
  const ticks = startTicks(owner.pid);
  // no /proc, or hidden from us (hidepid): the pid is all there is to go by
  if (ticks === null) return true;
  if (owner.boot !== undefined && owner.boot !== bootId()) return false;
  // the same boot and the same start: that very process, exactly
  if (owner.ticks !== undefined) return ticks === owner.ticks;
  const began = startMs(owner.pid);
  const started = Date.parse(owner.started);
  if (began !== null && Number.isFinite(started) && began > started + STARTED_SLACK_MS) return false;
  const args = commandLine(owner.pid);
  return args === null || isNodeOrMxlens(args);
}

// `node …/mxlens/dist/src/cli/main.js`, `nodejs …`, an `mxlens` wrapper; not `node_exporter`
function isNodeOrMxlens(args: string[]): boolean {
  return (args.length > 0 && /^(node|nodejs|mxlens)([-.\d]|$)/i.test(basename(args[0]!))) || args.some((a) => /mxlens/i.test(a));
}

function isStale(path: string, owner: LockOwner | null, now: number): boolean {
  if (owner === null) {
    try {
      return now - statSync(path).mtimeMs > EMPTY_GRACE_MS;
    } catch {
      return true;
    }
  }
  // a lock from another machine (shared file system) cannot be checked: never stale
  return owner.host === hostname() && !ownerAlive(owner);
}

function cannotCreate(path: string, err: unknown): StoreError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new StoreError('full', `${path}: cannot create the lock file (the disk is full)`);
  const why = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'the directory is not writable' : code === 'ENOENT' ? 'no such directory' : code;
  return new StoreError(code === 'ENOENT' ? 'cantopen' : 'readonly', `${path}: cannot create the lock file (${why})`);
}

/**
 * Creates the lock with its owner already written in it, or returns false when it exists. The owner
 * goes into a file of this process's own, which is then hard-linked to the lock's name: link(2), like
 * O_EXCL, fails when the name exists, and the lock is never seen empty. A lock made empty and then
 * written left a window: a run killed between the two (cron's timeout, the OOM killer) left an empty
 * lock that turned every run away as busy until it was EMPTY_GRACE_MS old. Where the file system has
 * no hard links, the lock is made with O_EXCL and then written.
 */
function tryCreate(path: string, me: LockOwner): boolean {
  const text = JSON.stringify(me) + '\n';
  const own = `${path}.${process.pid}`;
  writeNew(own, 'w', text, path);
  try {
    linkSync(own, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return createExclusive(path, text);
    throw cannotCreate(path, err);
  } finally {
    unlinkQuiet(own);
  }
}

function createExclusive(path: string, text: string): boolean {
  try {
    writeNew(path, 'wx', text, path);
  } catch (err) {
    if (err instanceof StoreError || (err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  }
  return true;
}

/**
 * Writes `text` to a file opened with `flags`. A full disk takes the name but not the text: the file
 * is removed (an empty lock left behind would turn the next runs away as busy) and the error names
 * the lock. An error opening the file is thrown as it is.
 */
function writeNew(file: string, flags: string, text: string, lock: string): void {
  let fd: number;
  try {
    fd = openSync(file, flags, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw err;
    throw cannotCreate(lock, err);
  }
  try {
    writeSync(fd, text);
  } catch (err) {
    unlinkQuiet(file);
    throw cannotCreate(lock, err);
  } finally {
    closeSync(fd);
  }
}

/**
 * Takes over a stale lock. Two runs may find the same stale lock; a second O_EXCL file
 * lets only one of them remove it, so neither deletes a lock the other just made.
 */
function takeOver(path: string, stale: string, me: LockOwner, now: number): boolean {
  const guard = `${path}.takeover`;
  if (!tryCreate(guard, me)) {
    const g = readOwner(guard);
    if (g !== 'gone' && isStale(guard, g, now)) unlinkQuiet(guard);
    return false;
  }
  try {
    let current: string;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = '';
    }
    if (current === stale) unlinkQuiet(path);
    return tryCreate(path, me);
  } finally {
    unlinkQuiet(guard);
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Who this process is, as a lock names it. */
function myself(startedMs: number): LockOwner {
  const me: LockOwner = { pid: process.pid, started: new Date(startedMs).toISOString(), host: hostname() };
  const boot = bootId();
  const ticks = startTicks(process.pid);
  if (boot !== null && ticks !== null) Object.assign(me, { boot, ticks });
  return me;
}

export async function acquireLock(dbPath: string, opts: LockOptions = {}): Promise<Lock> {
  const path = `${resolveDbPath(dbPath)}.lock`;
  const now = opts.now ?? Date.now;
  const waitMs = Math.max(0, (opts.waitSeconds ?? 0) * 1000);
  const start = now();
  const me = myself(start);
  for (;;) {
    if (tryCreate(path, me)) break;
    let stale: string | null = null;
    try {
      stale = readFileSync(path, 'utf8');
    } catch (err) {
      // released between our two calls: try again at once
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      // a lock this user cannot read (another user's, mode 0600) or a directory in its place: whether
      // it is stale cannot be told, and trying again would spin for ever
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'it is not readable by this user' : code;
      throw new StoreError('readonly', `${path}: cannot read the lock file (${why}); remove it if no other run is using the database`);
    }
    // judged on the very text the takeover compares, so a lock replaced in between is never removed
    const owner = parseOwner(stale);
    if (isStale(path, owner, now()) && takeOver(path, stale, me, now())) break;
    const waited = now() - start;
    if (waited >= waitMs) {
      throw new LockBusyError(path, owner, Math.round(waited / 1000));
    }
    await sleep(Math.min(opts.pollMs ?? 200, waitMs - waited));
  }
  return holdLock(path, JSON.stringify(me) + '\n', opts.releaseOnExit ?? true);
}

function holdLock(path: string, mine: string, onExit: boolean): Lock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    // remove it only while it is still ours
    try {
      if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
    } catch {
      /* gone already */
    }
    process.off('exit', release);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const onSignal = (sig: NodeJS.Signals) => {
    release();
    process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
  };
  if (onExit) {
    process.on('exit', release);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return { path, release };
}
