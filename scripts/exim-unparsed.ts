// Unparsed rate of Exim lines per file: node dist/scripts/exim-unparsed.js FILE... [--misses N] [--mta exim]
// A line "comes from Exim" when its prefix is Exim's or an exim[pid] syslog tag, or when it has
// no recognisable prefix at all (counted against us). Lines of other programs are left out.
// Rejectlog header lines and indented continuations count as part of their entry.
import { readFileSync } from 'node:fs';
import { LineAssembler, eximLogKindOf } from '../src/parse/assemble.js';
import { LineParser } from '../src/parse/index.js';

const args = process.argv.slice(2);
let showMisses = 0;
let mta: 'auto' | 'exim' = 'auto';
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--misses') showMisses = Number(args[++i]);
  else if (args[i] === '--mta') mta = args[++i] === 'exim' ? 'exim' : 'auto';
  else files.push(args[i]!);
}

const rows: string[] = ['| file | physical lines | Exim entries | parsed | unparsed | unparsed % |', '|---|---:|---:|---:|---:|---:|'];
let exitCode = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const asm = new LineAssembler({ eximLog: eximLogKindOf(file) });
  const parser = new LineParser({ year: 2026, mta });
  let exim = 0;
  let parsed = 0;
  const misses: string[] = [];
  const take = (logical: string): void => {
    if (logical.trim() === '') return;
    const out = parser.parse(logical);
    if (out.type === 'event') {
      if (out.mta === 'exim') {
        exim++;
        parsed++;
      }
    } else if (out.type === 'miss' && (out.mta === 'exim' || out.mta === null)) {
      exim++;
      misses.push(logical);
    }
  };
  for (const l of lines) for (const logical of asm.push(l)) take(logical);
  for (const logical of asm.flush()) take(logical);
  const pct = exim === 0 ? 0 : (100 * misses.length) / exim;
  if (pct >= 1) exitCode = 1;
  rows.push(`| ${file.replace(/^.*fixtures\//, '')} | ${lines.length} | ${exim} | ${parsed} | ${misses.length} | ${pct.toFixed(2)} |`);
  for (const m of misses.slice(0, showMisses)) console.error(`MISS ${file.replace(/^.*\//, '')}: ${m.replace(/\u0000/g, ' | ').slice(0, 300)}`);
}
console.log(rows.join('\n'));
process.exitCode = exitCode;
