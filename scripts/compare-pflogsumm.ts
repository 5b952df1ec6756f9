import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { debianPackage, readRecorded, recordKey, writeRecorded, type Recorded } from './mxlens-side.js';
import { RECORD, fromRecord, judge, mxlensSide, parsePflogsumm, toRecord, type Pfl, type RecordedPfl } from './pflogsumm-verdict.js';

// npm run compare:pflogsumm -- [--record | --recorded] FILE [FILE..]
// Runs Debian's pflogsumm and mxlens (analyse into a scratch database, then the report's totals) on
// each Postfix log and prints the Grand Totals side by side. A gap is accepted only when the rules
// in pflogsumm-rules.ts account for it exactly. --record also writes pflogsumm's figures for these
// files to fixtures/reference/pflogsumm-figures.json (replacing what it held); --recorded compares
// with those figures instead of running pflogsumm (no FILE: every recorded log). Exit: 0 all agree,
// 1 an unexplained gap, 66 a file is missing (or has no recorded figures), 69 pflogsumm is not
// installed, 70 mxlens failed.

function findPflogsumm(): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin'])) {
    if (dir && existsSync(join(dir, 'pflogsumm'))) return join(dir, 'pflogsumm');
  }
  return null;
}

function runPflogsumm(pfl: string, file: string): Pfl {
  const r = spawnSync(pfl, [file], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`pflogsumm failed: ${((r.stderr ?? '').trim() || `exit ${r.status}`).split('\n')[0]}`);
  return parsePflogsumm(r.stdout ?? '');
}

async function compare(file: string, theirs: Pfl): Promise<boolean> {
  const ours = await mxlensSide(file);
  // pflogsumm prints "N deferred (M deferrals)": messages, then attempts; mxlens has both too
  const judged = judge(theirs, ours);
  const rows: string[][] = [['figure', 'pflogsumm', 'mxlens', 'explained', 'match']];
  const notes: string[] = [];
  for (const r of judged) {
    notes.push(...r.why.map((w) => `  ${r.figure}: ${w}`));
    rows.push([r.figure, `${r.theirs.approx ? '~' : ''}${r.theirs.value}`, String(r.ours), r.explained === 0 ? '' : (r.explained > 0 ? '+' : '') + r.explained, r.verdict]);
  }
  const width = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  process.stdout.write(`\n${file}\n`);
  for (const r of rows) process.stdout.write(r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ') + '\n');
  // the recorded figures are only those compared
  const extra = theirs.forwarded ? ['forwarded', 'reject warnings', 'held', 'discarded'].map((k) => `${k} ${theirs[k]?.value ?? '?'}`).join(', ') : '(not recorded)';
  process.stdout.write(`pflogsumm also: ${extra}; mxlens expired ${ours.totals.expired}, stalled_354 ${ours.totals.stalled_354}\n`);
  if (notes.length > 0) process.stdout.write(`known differences found in the log:\n${notes.join('\n')}\n`);
  return judged.every((r) => r.verdict !== 'NO');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const record = args.includes('--record');
  const recorded = args.includes('--recorded');
  let files = args.filter((a) => !a.startsWith('--'));
  const stored = recorded ? readRecorded<RecordedPfl>(RECORD) : null;
  if (stored && files.length === 0) files = Object.keys(stored.figures);
  if (files.length === 0 || (record && recorded)) {
    process.stderr.write('usage: npm run compare:pflogsumm -- [--record | --recorded] FILE [FILE..]\n');
    return 64;
  }
  const missing = files.find((f) => !existsSync(f) || (stored && !stored.figures[recordKey(f)]));
  if (missing) {
    process.stderr.write(`compare-pflogsumm: ${missing}: ${existsSync(missing) ? 'no recorded pflogsumm figures' : 'no such file'}\n`);
    return 66;
  }
  const pfl = stored ? null : findPflogsumm();
  if (!stored && pfl === null) {
    process.stderr.write('compare-pflogsumm: pflogsumm is not installed (apt-get install pflogsumm)\n');
    return 69;
  }
  let ok = true;
  const figures: Record<string, RecordedPfl> = {};
  try {
    for (const f of files) {
      const theirs = stored ? fromRecord(stored.figures[recordKey(f)]!) : runPflogsumm(pfl!, f);
      figures[recordKey(f)] = toRecord(theirs);
      ok = (await compare(f, theirs)) && ok;
    }
  } catch (err) {
    process.stderr.write(`compare-pflogsumm: ${(err as Error).message}\n`);
    return 70;
  }
  if (record) {
    const rec: Recorded<RecordedPfl> = {
      tool: 'pflogsumm', package: debianPackage('pflogsumm'), command: 'pflogsumm FILE (its Grand Totals)',
      regenerate: 'npm run compare:pflogsumm -- --record FILE..', figures,
    };
    writeRecorded(RECORD, rec);
    process.stdout.write(`\nrecorded pflogsumm's figures for ${files.length} files in fixtures/reference/${RECORD}\n`);
  }
  process.stdout.write(ok ? '\nall figures agree or are explained\n' : '\nUNEXPLAINED differences (see NO above)\n');
  return ok ? 0 : 1;
}

main().then((code) => {
  process.exitCode = code;
});
