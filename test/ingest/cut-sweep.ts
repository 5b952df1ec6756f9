import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { DERIVE_VERSION } from '../../src/app/derive.js';
import { openForWrite } from '../../src/store/db.js';
import { dumpFacts, fixture } from '../helpers.js';

// Runs for the cut sweep (cut-sweep.test.ts): one run over a group of logs, and two runs over the
// same logs cut somewhere, the second after the rest was appended to the same files.

/** Logs read together in one call (an Exim mainlog with its rejectlog), in the order named. */
export interface Group {
  files: string[];
  /** the zone their year-less stamps are read in (default UTC) */
  tz?: string;
}

/** Where the first run stops: the bytes of each file it reads, and a name for the report. */
export interface Cut {
  label: string;
  heads: number[];
}

export type Facts = Record<string, unknown[]>;

let seq = 0;
let template: string | null = null;

/** A new database, migrated once and copied: migrating is a good part of a run over a small log. */
function freshDb(tmp: string, dir: string): string {
  if (template === null) {
    template = join(tmp, 'template.db');
    openForWrite(template, { deriveVersion: DERIVE_VERSION }).close();
  }
  const db = join(dir, 'db');
  copyFileSync(template, db);
  return db;
}

// The first run of a cut reads files just written, so an unterminated last line and a rejectlog's
// last entry are held back as in a cron run; the second and the whole run read files that are done.
const run = (db: string, inputs: string[], live: boolean) =>
  analyse({ db, inputs, now: () => Date.now(), liveWindowMs: live ? 3600_000 : 0 });

/** The group's files written into a directory of their own, under their own names (a rejectlog is told by its name). */
function place(tmp: string, g: Group, contents: Buffer[]): { db: string; paths: string[] } {
  const dir = join(tmp, `r${seq++}`);
  mkdirSync(dir);
  const paths = g.files.map((f, i) => {
    const p = join(dir, basename(f));
    writeFileSync(p, contents[i]!);
    return p;
  });
  return { db: freshDb(tmp, dir), paths };
}

const bytesOf = (g: Group) => g.files.map((f) => readFileSync(fixture(f)));

export async function wholeRun(tmp: string, g: Group): Promise<Facts> {
  const { db, paths } = place(tmp, g, bytesOf(g));
  await run(db, paths, false);
  return dumpFacts(db);
}

/** The first run over the heads of the files, then the rest appended and read by a second run. */
export async function cutRun(tmp: string, g: Group, cut: Cut): Promise<Facts> {
  const bufs = bytesOf(g);
  const { db, paths } = place(tmp, g, bufs.map((b, i) => b.subarray(0, cut.heads[i])));
  await run(db, paths, true);
  paths.forEach((p, i) => appendFileSync(p, bufs[i]!.subarray(cut.heads[i])));
  await run(db, paths, false);
  return dumpFacts(db);
}

/** Byte offsets of the starts of a buffer's lines, and its length. */
function lineStarts(buf: Buffer): number[] {
  const out = [0];
  for (let i = buf.indexOf(10); i >= 0 && i + 1 < buf.length; i = buf.indexOf(10, i + 1)) out.push(i + 1);
  if (buf.length > 0) out.push(buf.length);
  return out;
}

/**
 * Cuts of the group read as one sequence, file after file: the first run reads the files before the
 * cut whole, k lines of the cut file (`file:k`) or k lines and half of the next (`file:k+`), and
 * nothing of the files after it (they are there, empty). `pick` says which k of the fth file, of n lines.
 */
export function sequenceCuts(g: Group, pick: (file: number, n: number) => number[], mid: boolean): Cut[] {
  const bufs = bytesOf(g);
  const out: Cut[] = [];
  bufs.forEach((buf, f) => {
    const starts = lineStarts(buf);
    const n = starts.length - 1;
    const name = basename(g.files[f]!);
    const heads = (at: number) => bufs.map((b, i) => (i < f ? b.length : i === f ? at : 0));
    for (const k of pick(f, n)) {
      // every file's start but the first is the end of the one before
      if (!(f > 0 && k === 0) && k <= n) out.push({ label: `${name}:${k}`, heads: heads(starts[k]!) });
      if (mid && k < n) {
        const half = Math.floor((starts[k]! + starts[k + 1]!) / 2);
        if (half > starts[k]!) out.push({ label: `${name}:${k}+`, heads: heads(half) });
      }
    }
  });
  return out;
}

const EXIM_STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;

/**
 * Cuts of a mainlog and the logs beside it as they grow together: the first run reads k lines of
 * the mainlog (`time file:k`) and, of each other file, the entries stamped no later than the last of
 * those lines (entries start with Exim's stamp; the lines after one belong to it).
 */
export function timeCuts(g: Group, pick: (n: number) => number[]): Cut[] {
  const [main, ...rest] = bytesOf(g);
  const mainStarts = lineStarts(main!);
  const mainLines = main!.toString('latin1').split('\n');
  const entries = rest.map((buf) => {
    const lines = buf.toString('latin1').split('\n');
    const starts = lineStarts(buf);
    return lines.flatMap((l, i) => (EXIM_STAMP.test(l) ? [{ stamp: l.slice(0, 19), at: starts[i]! }] : []));
  });
  const n = mainStarts.length - 1;
  return pick(n).filter((k) => k <= n).map((k) => {
    const last = mainLines.slice(0, k).reverse().find((l) => EXIM_STAMP.test(l))?.slice(0, 19) ?? '';
    const heads = entries.map((es, i) => es.find((e) => e.stamp > last)?.at ?? rest[i]!.length);
    return { label: `time ${basename(g.files[0]!)}:${k}`, heads: [mainStarts[k]!, ...heads] };
  });
}

/** Per table, the rows only one run stored (as many times as it stored them more often). */
export function diffFacts(whole: Facts, cut: Facts): Record<string, { onlyWhole: unknown[]; onlyCut: unknown[] }> {
  const out: Record<string, { onlyWhole: unknown[]; onlyCut: unknown[] }> = {};
  const count = (rows: unknown[]) => rows.reduce<Map<string, number>>((m, r) => {
    const k = JSON.stringify(r);
    return m.set(k, (m.get(k) ?? 0) + 1);
  }, new Map());
  for (const t of new Set([...Object.keys(whole), ...Object.keys(cut)])) {
    const a = count(whole[t] ?? []);
    const b = count(cut[t] ?? []);
    const only = (x: Map<string, number>, y: Map<string, number>) =>
      [...x].flatMap(([k, n]) => Array.from({ length: Math.max(0, n - (y.get(k) ?? 0)) }, () => JSON.parse(k) as unknown));
    const onlyWhole = only(a, b);
    const onlyCut = only(b, a);
    if (onlyWhole.length + onlyCut.length > 0) out[t] = { onlyWhole, onlyCut };
  }
  return out;
}
