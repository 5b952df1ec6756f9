import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Queue } from './generate.js';
import { Rng } from './prng.js';
import { World, type Step } from './world.js';
import {
  EximIds, eximBounce, eximDeferred, eximInbound, eximNoMail, eximOutbound, eximQueueRun, eximRejected, eximStall,
  type EximWorld,
} from './scenarios-exim.js';

// A seeded synthetic Exim 4.9x mainlog: overlapping SMTP sessions and queued messages of one
// host, merged in time order, in Exim's own `YYYY-MM-DD HH:MM:SS ` format. Same seed, same bytes.

export interface GenerateEximOptions {
  lines: number;
  seed: number;
  out: string;
}

/** [scenario, weight] */
const MIX: ReadonlyArray<[(x: EximWorld) => Step[], number]> = [
  [eximInbound, 34],
  [eximOutbound, 16],
  [eximRejected, 26],
  [eximDeferred, 5],
  [eximBounce, 4],
  [eximStall, 2],
  [eximNoMail, 12],
  [eximQueueRun, 1],
];
const WEIGHTS = MIX.map((m) => m[1]);
const START = Date.UTC(2026, 2, 1, 0, 0, 0);
const MEAN_ARRIVAL_MS = 1200;

function stamper(): (t: number) => string {
  let lastSecond = -1;
  let cached = '';
  return (t) => {
    const second = Math.floor(t / 1000);
    if (second !== lastSecond) {
      cached = new Date(second * 1000).toISOString().slice(0, 19).replace('T', ' ');
      lastSecond = second;
    }
    return cached;
  };
}

/** Writes `opts.lines` lines to `opts.out`; returns the number of bytes written. */
export function generateExim(opts: GenerateEximOptions): number {
  const rng = new Rng(opts.seed);
  const w = new World(rng);
  const x: EximWorld = { w, ids: new EximIds(rng, START), host: w.hosts[0]! };
  const stamp = stamper();
  const queue = new Queue();
  let seq = 0;
  let nextArrival = START;
  let written = 0;
  let bytes = 0;
  let buf: string[] = [];
  mkdirSync(dirname(opts.out), { recursive: true });
  const fd = openSync(opts.out, 'w');
  const flush = (): void => {
    const chunk = buf.join('');
    bytes += Buffer.byteLength(chunk);
    writeSync(fd, chunk);
    buf = [];
  };
  try {
    while (written < opts.lines) {
      const head = queue.peek();
      if (head === undefined || nextArrival <= head.t) {
        const steps = MIX[rng.weighted(WEIGHTS)]![0](x);
        if (steps.length > 0) queue.push({ t: nextArrival + steps[0]!.dt, seq: seq++, steps, i: 0 });
        nextArrival += Math.max(1, Math.round(rng.exp(MEAN_ARRIVAL_MS)));
        continue;
      }
      const p = queue.pop();
      buf.push(`${stamp(p.t)} ${p.steps[p.i]!.text}\n`);
      written++;
      if (buf.length >= 8192) flush();
      p.i++;
      if (p.i < p.steps.length) {
        p.t += Math.max(0, p.steps[p.i]!.dt);
        queue.push(p);
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return bytes;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const lines = Number(arg('lines', '1000000'));
  const seed = Number(arg('seed', '42'));
  const out = arg('out', `.bench/exim-${lines}-s${seed}.log`);
  const t0 = performance.now();
  const bytes = generateExim({ lines, seed, out });
  process.stdout.write(`${out}: ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
