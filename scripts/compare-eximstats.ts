// npm run compare:eximstats -- [--record | --recorded] MAINLOG [MAINLOG..]
// Runs eximstats (Debian exim4-base) and mxlens on the same Exim mainlog (or syslog file) and prints received,
// delivered, deferred, bounced and rejected side by side. Where the two count different things
// on purpose, the difference is worked out line by line and shown (eximstats-verdict.ts); any
// difference left over is unexplained and the exit status is 1. --record also writes eximstats's
// figures for these logs to fixtures/reference/eximstats-figures.json (replacing what it held);
// --recorded compares with those figures instead of running eximstats (no MAINLOG: every recorded log).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { debianPackage, readRecorded, recordKey, writeRecorded } from './mxlens-side.js';
import { RECORD, judge, parseEximstats, type EximstatsFigures } from './eximstats-verdict.js';

const args = process.argv.slice(2);
const record = args.includes('--record');
const stored = args.includes('--recorded') ? readRecorded<EximstatsFigures>(RECORD) : null;
let files = args.filter((a) => !a.startsWith('--'));
if (stored && files.length === 0) files = Object.keys(stored.figures);
if (files.length === 0 || (record && stored)) {
  console.error('usage: npm run compare:eximstats -- [--record | --recorded] MAINLOG [MAINLOG..]');
  process.exit(64);
}
// one line and a sysexits code, as mxlens itself answers, rather than a stack trace
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`compare-eximstats: ${file}: no such file`);
    process.exit(66);
  }
  if (stored && !stored.figures[recordKey(file)]) {
    console.error(`compare-eximstats: ${file}: no recorded eximstats figures`);
    process.exit(66);
  }
}
if (!stored && spawnSync('eximstats', ['-help'], { stdio: 'ignore' }).error) {
  console.error('compare-eximstats: eximstats is not installed (apt-get install exim4-base)');
  process.exit(69);
}

function eximstats(path: string): EximstatsFigures {
  // -emptyok: a file with no line eximstats reads gives zeros, not "**** No valid log lines read"
  const r = spawnSync('eximstats', ['-emptyok', '-nr', '-t0', '-h0', '-ne', '-nt', path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) {
    console.error(`compare-eximstats: eximstats failed on ${path}: ${(r.stderr || `exit ${r.status}`).trim().split('\n')[0]}`);
    process.exit(1);
  }
  return parseEximstats(r.stdout);
}

let bad = 0;
const figures: Record<string, EximstatsFigures> = {};
for (const file of files) {
  const ex = stored ? stored.figures[recordKey(file)]! : eximstats(file);
  figures[recordKey(file)] = ex;
  if (files.length > 1) console.log('');
  console.log(`| ${file} | eximstats | mxlens report | mxlens, counted as eximstats does | status |`);
  console.log('|---|---:|---:|---:|---|');
  for (const r of await judge(file, ex)) {
    if (r.status === 'UNEXPLAINED') bad++;
    const status = r.status === 'UNEXPLAINED' ? `UNEXPLAINED (${r.why || 'no known reason'})` : r.status === 'same' ? 'same' : `explained: ${r.why}`;
    console.log(`| ${r.metric} | ${r.eximstats} | ${r.mxlens} | ${r.comparable} | ${status} |`);
  }
}
if (record) {
  writeRecorded(RECORD, {
    tool: 'eximstats', package: debianPackage('exim4-base'), command: 'eximstats -emptyok -nr -t0 -h0 -ne -nt FILE (its Grand total summary; -emptyok: a file none of whose lines it reads counts zero)',
    regenerate: 'npm run compare:eximstats -- --record MAINLOG..', figures,
  });
  console.log(`\nrecorded eximstats's figures for ${files.length} files in fixtures/reference/${RECORD}`);
}
process.exitCode = bad > 0 ? 1 : 0;
