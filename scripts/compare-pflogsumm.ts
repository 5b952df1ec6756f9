import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES, explainDifferences, type Figure } from './pflogsumm-rules.js';

// npm run compare:pflogsumm -- FILE [FILE..]
// Runs Debian's pflogsumm and mxlens (analyse into a scratch database, then report --format json)
// on each Postfix log and prints the Grand Totals side by side. A gap is accepted only when the
// rules in pflogsumm-rules.ts account for it exactly. Exit: 0 all agree, 1 an unexplained gap,
// 66 a file is missing, 69 pflogsumm is not installed, 70 mxlens failed.

const CLI = 'dist/src/cli/main.js';
const FIGURES: readonly Figure[] = ['received', 'delivered', 'deferred', 'deferrals', 'bounced', 'rejected'];

interface Pfl {
  [name: string]: { value: number; approx: boolean };
}

function findPflogsumm(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin'])) {
    if (dir && existsSync(join(dir, 'pflogsumm'))) return join(dir, 'pflogsumm');
  }
  return null;
}

/** Grand Totals lines look like "     39   received" or "   612k  delivered" (k, m above 512k) */
function parsePflogsumm(out: string): Pfl {
  const res: Pfl = {};
  const grand = out.slice(out.indexOf('Grand Totals'));
  const re = /^\s*(\d+)([km]?)\s+(received|delivered|forwarded|deferred|bounced|rejected|reject warnings|held|discarded)\b(?:\s+\((\d+)([km]?)\s+deferrals\))?/gm;
  const scale = (n: string, u: string | undefined) => ({ value: Number(n) * (u === 'k' ? 1024 : u === 'm' ? 1048576 : 1), approx: !!u });
  for (let m = re.exec(grand); m !== null; m = re.exec(grand)) {
    if (res[m[3]!]) continue;
    res[m[3]!] = scale(m[1]!, m[2]);
    if (m[3] === 'deferred') res.deferrals = m[4] ? scale(m[4], m[5]) : { value: 0, approx: false };
  }
  return res;
}

function run(cmd: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20 });
  return { ok: r.status === 0, out: r.stdout ?? '', err: (r.stderr ?? '').trim() || `exit ${r.status}` };
}

function mxlensTotals(file: string, scratch: string): Record<string, unknown> {
  const db = join(scratch, `${Math.random().toString(36).slice(2)}.db`);
  const a = run(process.execPath, [CLI, 'analyse', file, '--db', db, '--quiet']);
  if (!a.ok) throw new Error(`mxlens analyse failed: ${a.err.split('\n')[0]}`);
  const r = run(process.execPath, [CLI, 'report', '--db', db, '--format', 'json']);
  if (!r.ok) throw new Error(`mxlens report failed: ${r.err.split('\n')[0]}`);
  return (JSON.parse(r.out) as { totals: Record<string, unknown> }).totals;
}

function mxlensFigure(t: Record<string, unknown>, f: Figure): number {
  const v = t[f];
  if (f === 'rejected') return (v as { total: number }).total;
  return typeof v === 'number' ? v : NaN;
}

async function compare(file: string, pfl: string, scratch: string): Promise<boolean> {
  const p = run(pfl, [file]);
  if (!p.ok) throw new Error(`pflogsumm failed: ${p.err.split('\n')[0]}`);
  const theirs = parsePflogsumm(p.out);
  const ours = mxlensTotals(file, scratch);
  const hits = await explainDifferences(file);
  // pflogsumm prints "N deferred (M deferrals)": messages, then attempts; mxlens has both too
  const pflValue = (f: Figure) => theirs[f] ?? { value: NaN, approx: false };
  const rows: string[][] = [['figure', 'pflogsumm', 'mxlens', 'explained', 'match']];
  let allOk = true;
  const notes: string[] = [];
  for (const f of FIGURES) {
    const t = pflValue(f);
    const o = mxlensFigure(ours, f);
    let explained = 0;
    const why: string[] = [];
    for (const r of RULES) {
      const n = hits.get(r.id) ?? 0;
      if (r.figure !== f || n === 0) continue;
      explained += r.sign * n;
      why.push(`${r.sign > 0 ? '+' : '-'}${n} ${r.why}`);
    }
    const diff = o - t.value;
    const ok = t.approx ? Math.abs(diff - explained) < 1024 : diff === explained;
    const verdict = !ok ? 'NO' : diff === 0 ? 'yes' : 'explained';
    if (!ok) allOk = false;
    if (diff !== 0 || why.length > 0) notes.push(...why.map((w) => `  ${f}: ${w}`));
    rows.push([f, `${t.approx ? '~' : ''}${t.value}`, String(o), explained === 0 ? '' : (explained > 0 ? '+' : '') + explained, verdict]);
  }
  const width = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  process.stdout.write(`\n${file}\n`);
  for (const r of rows) process.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ') + '\n');
  const extra = ['forwarded', 'reject warnings', 'held', 'discarded'].map((k) => `${k} ${theirs[k]?.value ?? '?'}`).join(', ');
  process.stdout.write(`pflogsumm also: ${extra}; mxlens expired ${String(ours.expired)}, stalled_354 ${String(ours.stalled_354)}\n`);
  if (notes.length > 0) process.stdout.write(`known differences found in the log:\n${notes.join('\n')}\n`);
  return allOk;
}

async function main(): Promise<number> {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (files.length === 0) {
    process.stderr.write('usage: npm run compare:pflogsumm -- FILE [FILE..]\n');
    return 64;
  }
  const missing = files.find((f) => !existsSync(f));
  if (missing) {
    process.stderr.write(`compare-pflogsumm: ${missing}: no such file\n`);
    return 66;
  }
  const pfl = findPflogsumm();
  if (pfl === null) {
    process.stderr.write('compare-pflogsumm: pflogsumm is not installed (apt-get install pflogsumm)\n');
    return 69;
  }
  if (!existsSync(CLI)) {
    process.stderr.write(`compare-pflogsumm: ${CLI} not built (npm run build)\n`);
    return 70;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'mxlens-compare-'));
  let ok = true;
  try {
    for (const f of files) ok = (await compare(f, pfl, scratch)) && ok;
  } catch (err) {
    process.stderr.write(`compare-pflogsumm: ${(err as Error).message}\n`);
    return 70;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  process.stdout.write(ok ? '\nall figures agree or are explained\n' : '\nUNEXPLAINED differences (see NO above)\n');
  return ok ? 0 : 1;
}

main().then((code) => {
  process.exitCode = code;
});
