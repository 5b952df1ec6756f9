// Hand-run throughput check of the line parser (not a test): repeats a log file in memory
// to about N lines and reports lines/s for LineParser.parse alone.
// Usage: npm run build && node dist/scripts/parse-throughput.js [FILE] [LINES]
import { readFileSync } from 'node:fs';
import { LineParser } from '../src/parse/index.js';

const file = process.argv[2] ?? 'fixtures/lab/postfix-maillog_file.log';
const target = Number(process.argv[3] ?? 200_000);
const base = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l !== '');
const lines: string[] = [];
while (lines.length < target) lines.push(...base);

// CPU time as well as wall time: on a shared machine the wall clock also counts other work.
function run(): { ms: number; cpuMs: number; events: number; misses: number } {
  const parser = new LineParser({ year: 2026 });
  let events = 0;
  let misses = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (const line of lines) {
    const out = parser.parse(line);
    if (out.type === 'event') events++;
    else if (out.type === 'miss') misses++;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, events, misses };
}

run(); // warm-up: let the JIT settle
const runs = Array.from({ length: 7 }, run);
const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
console.log(`${file}: ${lines.length} lines, ${best.events} events, ${best.misses} misses`);
const rate = (ms: number): string => Math.round((lines.length / ms) * 1000).toLocaleString('en');
console.log(`best of 7: ${best.ms.toFixed(0)} ms wall (${rate(best.ms)} lines/s), ${best.cpuMs.toFixed(0)} ms CPU (${rate(best.cpuMs)} lines/s)`);
