// Unparsed rate of Exim lines per file: node dist/scripts/exim-unparsed.js FILE... [--misses N] [--shapes N] [--mta exim]
// --shapes N lists the N most frequent masked shapes of the unparsed lines, to tell new
// Exim line shapes from text a site's configuration wrote (ACL logwrite, exim -z).
// A line "comes from Exim" when its prefix is Exim's or an exim[pid] syslog tag, or when it has
// no recognisable prefix at all (counted against us). Lines of other programs are left out.
// Rejectlog header lines and indented continuations count as part of their entry.
import { readFileSync } from 'node:fs';
import { LineAssembler, eximLogKindOf } from '../src/parse/assemble.js';
import { LineParser } from '../src/parse/index.js';
import { maskShape } from '../src/parse/shape.js';

const args = process.argv.slice(2);
let showMisses = 0;
let showShapes = 0;
let mta: 'auto' | 'exim' = 'auto';
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--misses') showMisses = Number(args[++i]);
  else if (args[i] === '--shapes') showShapes = Number(args[++i]);
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
  const shapes = new Map<string, number>();
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
      if (showShapes > 0) {
        // the first physical line of the entry, without Exim's id: the part that has a shape
        const head = (out.rec?.message ?? logical).split(/[\n\u0000]/)[0]!.replace(/^[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4} /, 'ID ');
        const k = maskShape(head);
        shapes.set(k, (shapes.get(k) ?? 0) + 1);
      }
    }
  };
  for (const l of lines) for (const logical of asm.push(l)) take(logical);
  for (const logical of asm.flush()) take(logical);
  const pct = exim === 0 ? 0 : (100 * misses.length) / exim;
  if (pct >= 1) exitCode = 1;
  rows.push(`| ${file.replace(/^.*fixtures\//, '')} | ${lines.length} | ${exim} | ${parsed} | ${misses.length} | ${pct.toFixed(2)} |`);
  const top = [...shapes].sort((a, b) => b[1] - a[1]).slice(0, showShapes);
  for (const [k, n] of top) console.error(`SHAPE ${file.replace(/^.*\//, '')}: ${n}\t${k}`);
  for (const m of misses.slice(0, showMisses)) console.error(`MISS ${file.replace(/^.*\//, '')}: ${m.replace(/\u0000/g, ' | ').slice(0, 300)}`);
}
console.log(rows.join('\n'));
process.exitCode = exitCode;
