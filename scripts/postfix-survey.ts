// Runs the line parser over Postfix log files and prints, per file, how many Postfix
// lines it saw, how many it missed, and the commonest masked shapes of the misses.
// Usage: npm run build && node dist/scripts/postfix-survey.js FILE.. [--top N]
// CRLF files are read the way ingest frames them: the carriage return is not part of the line.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LineParser } from '../src/parse/index.js';
import { maskShape } from '../src/parse/shape.js';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 5;
const files = args.filter((a, i) => a !== '--top' && i !== topAt + 1 || topAt < 0);

const all = new Map<string, { n: number; example: string }>();
console.log('| file | postfix lines | misses | miss rate |');
console.log('|---|---:|---:|---:|');
for (const file of files) {
  const parser = new LineParser({ year: 2026, mta: 'postfix' });
  let lines = 0;
  let misses = 0;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (line === '') continue;
    const out = parser.parse(line);
    if (out.type === 'foreign' || out.rec === null) continue;
    lines++;
    if (out.type !== 'miss') continue;
    misses++;
    const key = `${basename(file)} ${out.rec.program.replace(/^.*\//, '')}: ${maskShape(out.rec.message)}`;
    const e = all.get(key);
    if (e) e.n++;
    else all.set(key, { n: 1, example: line });
  }
  const rate = lines === 0 ? 0 : (100 * misses) / lines;
  console.log(`| ${basename(file)} | ${lines} | ${misses} | ${rate.toFixed(2)}% |`);
}
console.log('\nTop miss shapes:');
for (const [shape, e] of [...all].sort((a, b) => b[1].n - a[1].n).slice(0, top)) {
  console.log(`${String(e.n).padStart(6)}  ${shape}\n        ${e.example.slice(0, 300)}`);
}
