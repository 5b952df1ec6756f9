import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { analyse } from '../src/app/analyse.js';
import { buildReport } from '../src/app/report.js';
import type { MtaChoice } from '../src/parse/index.js';
import type { Totals } from '../src/report/types.js';

// What the comparisons with pflogsumm and eximstats need of mxlens: one log analysed into a scratch
// database in this process (as `mxlens analyse FILE` then `mxlens report --format json` would), the
// report's totals, and any count the database can answer. Also where the tools' recorded figures live.

/** The repository root, from scripts/ (run by tsx or vitest) or dist/scripts/ (built). */
export const ROOT = ((): string => {
  let d = import.meta.dirname;
  while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
  return d;
})();

export interface Analysed {
  totals: Totals;
  /** the first column of the first row of a read-only query on the scratch database */
  count(sql: string): number;
}

/** Analyses `file` into a scratch database, hands it to `use`, and removes the database afterwards. */
export async function withAnalysed<T>(file: string, mta: MtaChoice, use: (a: Analysed) => T): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'mxlens-compare-'));
  const db = join(dir, 'compare.db');
  try {
    // read as a finished file, as the other tool reads it: a file changed in the last minutes would
    // otherwise keep its last rejectlog entry (and an unterminated last line) for the next run
    await analyse({ db, inputs: [file], mta, now: Date.now, liveWindowMs: 0 });
    const totals = buildReport({ db, window: { from: null, to: null }, top: 10, now: Date.now }).totals;
    const conn = new Database(db, { readonly: true });
    try {
      const count = (sql: string): number => Number(Object.values((conn.prepare(sql).get() as Record<string, unknown> | undefined) ?? { n: 0 })[0] ?? 0);
      return use({ totals, count });
    } finally {
      conn.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A tool's figures, recorded once where the tool is installed, so the comparison can run where it is not. */
export interface Recorded<F> {
  tool: string;
  /** the Debian package and version that produced the figures */
  package: string;
  command: string;
  regenerate: string;
  /** by log path relative to the repository root */
  figures: Record<string, F>;
}

export const recordedPath = (name: string): string => join(ROOT, 'fixtures', 'reference', name);

/** The key a log has in a record: its path from the repository root, with forward slashes. */
export const recordKey = (file: string): string => relative(ROOT, resolve(file)).split('\\').join('/');

export function readRecorded<F>(name: string): Recorded<F> {
  return JSON.parse(readFileSync(recordedPath(name), 'utf8')) as Recorded<F>;
}

export function writeRecorded<F>(name: string, rec: Recorded<F>): void {
  // one line per log, so that a change of figures reads as a one-line diff
  const lines = Object.entries(rec.figures).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const head = JSON.stringify({ ...rec, figures: undefined }, null, 2).replace(/\n}$/, '');
  writeFileSync(recordedPath(name), `${head},\n  "figures": {\n${lines.join(',\n')}\n  }\n}\n`);
}

/** "pflogsumm 1.1.5-8": the installed Debian package's version, or the name alone off Debian. */
export function debianPackage(name: string): string {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Version}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout ? `${name} ${r.stdout.trim()}` : `${name} (version unknown)`;
}
