import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from './generate.js';
import { generateExim } from './generate-exim.js';
import { toJournal } from './journal.js';

// npm run bench [-- --lines N] [--seed S] [--runs R] [--flat] [--only split,parse,analyse,report,pflogsumm]
// npm run bench -- --mta exim [...]   an Exim mainlog instead, with eximstats as the reference
// npm run bench -- --only analyse,journal   also the same entries as journald JSON (written once, about 900 MB)
// Generates the synthetic log (once per size and seed, under .bench/), then times each stage in a
// child process under /usr/bin/time so peak RSS is that stage's alone. A benchmark, not a test:
// it prints numbers and target marks, and fails only when a stage itself fails.

interface Measure {
  name: string;
  lines: number;
  seconds: number;
  rssMb: number | null;
  /** user + system CPU seconds: steadier than wall time when other work shares the cores */
  cpu: number | null;
  note?: string;
  /** the size of this stage's input when it is not the log's (MB/s is of these bytes) */
  bytes?: number;
}

const CLI = 'dist/src/cli/main.js';
const CHILD = 'dist/bench/child.js';
const TIME = '/usr/bin/time';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function which(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin'])) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return null;
}

type Mta = 'postfix' | 'exim';

/** the reference each MTA's numbers are held against: the summariser its admins already run */
const REFERENCE: Record<Mta, { name: string; install: string }> = {
  postfix: { name: 'pflogsumm', install: 'apt-get install pflogsumm' },
  exim: { name: 'eximstats', install: 'apt-get install exim4-base' },
};

/** Postfix runs keep auto-detection, so their numbers stay comparable with earlier runs */
const mtaFlag = (mta: Mta): string[] => (mta === 'exim' ? ['--mta', 'exim'] : []);

function ensureLog(lines: number, seed: number, mta: Mta): string {
  const out = `.bench/${mta}-${lines}-s${seed}.log`;
  if (!existsSync(out)) {
    process.stderr.write(`generating ${out} ...\n`);
    if (mta === 'exim') generateExim({ lines, seed, out });
    else generate({ lines, seed, out });
  }
  return out;
}

/** Runs argv once under /usr/bin/time (when present); wall time from here, peak RSS from time(1). */
function timed(argv: string[], scratch: string): { seconds: number; rssMb: number | null; cpu: number | null; stdout: string; status: number | null; stderr: string } {
  const rssFile = join(scratch, 'rss');
  const useTime = existsSync(TIME);
  const full = useTime ? [TIME, '-f', '%M %U %S', '-o', rssFile, ...argv] : argv;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(full[0]!, full.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let rssMb: number | null = null;
  let cpu: number | null = null;
  if (useTime && existsSync(rssFile)) {
    const [kb, user, sys] = (readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
    if (Number.isFinite(kb)) rssMb = kb! / 1024;
    if (Number.isFinite(user) && Number.isFinite(sys)) cpu = user! + sys!;
  }
  return { seconds, rssMb, cpu, stdout: r.stdout ?? '', status: r.status, stderr: r.stderr ?? '' };
}

/** best (fastest) of `runs`; the peak RSS reported is the largest seen, to stay honest */
function measure(name: string, lines: number, runs: number, scratch: string, argv: () => string[], check?: (stdout: string) => string | undefined): Measure {
  let best: Measure | null = null;
  let maxRss: number | null = null;
  for (let i = 0; i < runs; i++) {
    const r = timed(argv(), scratch);
    if (r.status !== 0) {
      const why = r.stderr.trim().split('\n')[0] ?? '';
      return { name, lines, seconds: NaN, rssMb: null, cpu: null, note: `failed (exit ${r.status}): ${why.slice(0, 100)}` };
    }
    const note = check?.(r.stdout);
    if (r.rssMb !== null) maxRss = Math.max(maxRss ?? 0, r.rssMb);
    if (best === null || r.seconds < best.seconds) best = { name, lines, seconds: r.seconds, rssMb: null, cpu: r.cpu, note };
  }
  return { ...best!, rssMb: maxRss };
}

const benchDb = (scratch: string): string => join(scratch, 'bench.db');

/** The Postfix log's entries as journald JSON, read with --journal-file into a database of its own. */
function journal(file: string, lines: number, runs: number, scratch: string): Measure {
  const json = file.replace(/\.log$/, '.journal.json');
  if (!existsSync(json)) {
    process.stderr.write(`writing ${json} ...\n`);
    toJournal(file, json);
  }
  const db = join(scratch, 'journal.db');
  const m = measure('journald JSON, analyse', lines, runs, scratch, () => {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    return [process.execPath, CLI, 'analyse', '--journal-file', json, '--db', db, '--quiet'];
  });
  return { ...m, bytes: statSync(json).size };
}

function analyse(file: string, lines: number, runs: number, scratch: string, mta: Mta, label = 'analyse (SQLite)'): Measure {
  const db = benchDb(scratch);
  return measure(label, lines, runs, scratch, () => {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
    return [process.execPath, CLI, 'analyse', file, '--db', db, '--year', '2026', '--quiet', ...mtaFlag(mta)];
  });
}

const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const fk = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');

function table(rows: Measure[], bytes: number): void {
  const head = ['stage', 'lines', 'seconds', 'lines/s', 'MB/s', 'CPU s', 'peak RSS MB', 'note'];
  const body = rows.map((m) => [
    m.name, fk(m.lines), Number.isFinite(m.seconds) ? m.seconds.toFixed(2) : 'n/a',
    fk(m.lines / m.seconds), f1((m.bytes ?? bytes) / 1e6 / m.seconds), m.cpu === null ? 'n/a' : m.cpu.toFixed(2), m.rssMb === null ? 'n/a' : f1(m.rssMb), m.note ?? '',
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => (i === 0 || i === 7 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ').trimEnd();
  process.stdout.write(`${line(head)}\n${line(width.map((w) => '-'.repeat(w)))}\n${body.map(line).join('\n')}\n`);
}

function verdict(label: string, value: number, ok: boolean, target: string): void {
  const v = Number.isFinite(value) ? value.toFixed(2) : 'n/a';
  process.stdout.write(`${label.padEnd(34)} ${v.padStart(8)}  target ${target.padEnd(8)} ${Number.isFinite(value) ? (ok ? 'ok' : 'MISSED') : '-'}\n`);
}

const KNOWN = new Set(['--lines', '--seed', '--runs', '--only', '--mta', '--flat']);

function main(): void {
  // the usage is the comment at the top of this file; anything else would run a long benchmark unasked
  const unknown = process.argv.slice(2).filter((a) => a.startsWith('-') && !KNOWN.has(a));
  if (unknown.length > 0) {
    process.stderr.write(`${unknown.includes('--help') || unknown.includes('-h') ? '' : `unknown option ${unknown[0]}\n`}` +
      'usage: npm run bench [-- --lines N] [--seed S] [--runs R] [--flat] [--mta postfix|exim] [--only split,parse,analyse,report,journal,ref]\n');
    process.exit(unknown.includes('--help') || unknown.includes('-h') ? 0 : 64);
  }
  const lines = Number(arg('lines') ?? 1_000_000);
  const seed = Number(arg('seed') ?? 42);
  const runs = Number(arg('runs') ?? 1);
  const mta: Mta = arg('mta') === 'exim' ? 'exim' : 'postfix';
  if (arg('mta') !== undefined && arg('mta') !== mta) throw new Error(`--mta must be postfix or exim, not ${arg('mta')}`);
  const ref = REFERENCE[mta];
  // 'ref' names the reference of either MTA, so one --only list serves both modes
  const only = new Set((arg('only') ?? `split,parse,analyse,report,${ref.name}`).split(',').map((s) => (s === 'ref' ? ref.name : s)));
  const scratch = mkdtempSync(join(tmpdir(), 'mxlens-bench-'));
  try {
    const file = ensureLog(lines, seed, mta);
    const bytes = statSync(file).size;
    const countCheck = (out: string): string | undefined => {
      const n = (JSON.parse(out) as { lines: number }).lines;
      return n === lines ? undefined : `saw ${n} lines`;
    };
    const parseNote = (out: string): string | undefined => {
      const c = JSON.parse(out) as { lines: number; event: number; miss: number; foreign: number };
      return `${countCheck(out) ?? ''}event ${c.event}, miss ${c.miss}, foreign ${c.foreign}`;
    };
    const rows: Measure[] = [];
    if (only.has('split')) rows.push(measure('split2 only', lines, runs, scratch, () => [process.execPath, CHILD, 'split', file], countCheck));
    if (only.has('parse')) rows.push(measure('parse only', lines, runs, scratch, () => [process.execPath, CHILD, 'parse', file, ...mtaFlag(mta)], parseNote));
    if (only.has('analyse')) rows.push(analyse(file, lines, runs, scratch, mta));
    // the whole report (every group, all time) of the database the analyse stage left: it grows with the rows stored
    if (only.has('analyse') && only.has('report')) {
      rows.push(measure('report (JSON)', lines, runs, scratch, () => [process.execPath, CLI, 'report', '--db', benchDb(scratch), '--format', 'json']));
    }
    if (only.has('journal')) {
      rows.push(mta === 'postfix' ? journal(file, lines, runs, scratch) : { name: 'journald JSON, analyse', lines, seconds: NaN, rssMb: null, cpu: null, note: 'Postfix log only' });
    }
    const refBin = which(ref.name);
    if (only.has(ref.name)) {
      rows.push(refBin === null
        ? { name: ref.name, lines, seconds: NaN, rssMb: null, cpu: null, note: `not installed (${ref.install})` }
        : measure(ref.name, lines, runs, scratch, () => [refBin, file]));
    }
    process.stdout.write(`\n${file}: ${fk(lines)} lines, ${f1(bytes / 1e6)} MB, best of ${runs} run(s), ${new Date().toISOString()}\n\n`);
    table(rows, bytes);
    process.stdout.write('\n');
    const get = (name: string): Measure | undefined => rows.find((r) => r.name.startsWith(name));
    const p = get(ref.name);
    const a = get('analyse');
    const q = get('parse');
    if (p && a) verdict(`analyse / ${ref.name} (lines/s)`, p.seconds / a.seconds, p.seconds / a.seconds >= 1.5, '>= 1.5');
    if (p && q) verdict(`parse / ${ref.name} (lines/s)`, p.seconds / q.seconds, p.seconds / q.seconds >= 3, '>= 3');
    if (p?.cpu && a?.cpu) verdict('  same, by CPU seconds: analyse', p.cpu / a.cpu, p.cpu / a.cpu >= 1.5, '>= 1.5');
    if (p?.cpu && q?.cpu) verdict('  same, by CPU seconds: parse', p.cpu / q.cpu, p.cpu / q.cpu >= 3, '>= 3');
    if (a && a.rssMb !== null) verdict('analyse peak RSS (MB)', a.rssMb, a.rssMb < 200, '< 200');
    if (process.argv.includes('--flat') && a) {
      const big = lines * 5;
      const bigFile = ensureLog(big, seed, mta);
      const b = analyse(bigFile, big, 1, scratch, mta, `analyse ${fk(big)} lines`);
      process.stdout.write(`\nmemory flatness: ${fk(lines)} lines ${a.rssMb === null ? 'n/a' : f1(a.rssMb)} MB, ${fk(big)} lines ${b.rssMb === null ? 'n/a' : f1(b.rssMb)} MB (${f1(b.seconds)} s${b.note ? ', ' + b.note : ''})\n`);
      if (a.rssMb !== null && b.rssMb !== null) verdict(`analyse RSS ${big / 1e6}M / ${lines / 1e6}M`, b.rssMb / a.rssMb, b.rssMb / a.rssMb <= 1.1, '<= 1.10');
    }
    if (rows.some((r) => r.note?.startsWith('failed'))) process.exitCode = 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
