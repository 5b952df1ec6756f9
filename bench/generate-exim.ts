import { pathToFileURL } from 'node:url';
import { writeInterleaved } from './interleave.js';
import { Rng } from './prng.js';
import { truthOptions, World, type Step, type Truth } from './world.js';
import {
  EximIds, eximBounce, eximDeferred, eximInbound, eximLostAfterDot, eximNoMail, eximOutbound, eximQueueRun, eximRejected, eximRetryExceeded, eximStall, eximTlsAttempt,
  type EximWorld,
} from './scenarios-exim.js';

// A seeded synthetic Exim 4.9x mainlog: overlapping SMTP sessions and queued messages of one
// host, merged in time order, in Exim's own `YYYY-MM-DD HH:MM:SS ` format. Same seed, same bytes.

export interface GenerateEximOptions {
  lines: number;
  seed: number;
  out: string;
  /** also the scenarios the benchmark's log leaves out (so its bytes stay those of earlier releases) */
  extra?: boolean;
  /** stamps with milliseconds, as log_selector +millisec writes them */
  millisec?: boolean;
  /** when given: every scenario started runs to its end (the file ends a little past `lines`), and each
   *  line's facts are counted here, so a test can hold the report against what was written */
  truth?: Truth;
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
const EXTRA: ReadonlyArray<[(x: EximWorld) => Step[], number]> = [[eximTlsAttempt, 3], [eximRetryExceeded, 2], [eximLostAfterDot, 3]];
const START = Date.UTC(2026, 2, 1, 0, 0, 0);
const MEAN_ARRIVAL_MS = 1200;

function stamper(millisec: boolean): (t: number) => string {
  let lastSecond = -1;
  let cached = '';
  return (t) => {
    const second = Math.floor(t / 1000);
    if (second !== lastSecond) {
      cached = new Date(second * 1000).toISOString().slice(0, 19).replace('T', ' ');
      lastSecond = second;
    }
    return millisec ? `${cached}.${String(t % 1000).padStart(3, '0')}` : cached;
  };
}

/** Writes `opts.lines` lines to `opts.out`; returns the number of bytes written. */
export function generateExim(opts: GenerateEximOptions): number {
  const rng = new Rng(opts.seed);
  const w = new World(rng);
  const x: EximWorld = { w, ids: new EximIds(rng, START), host: w.hosts[0]! };
  const stamp = stamper(opts.millisec === true);
  const mix = opts.extra ? MIX.concat(EXTRA) : MIX;
  const weights = mix.map((m) => m[1]);
  const next = (): Step[] => mix[rng.weighted(weights)]![0](x);
  return writeInterleaved({ lines: opts.lines, out: opts.out, rng, start: START, meanArrivalMs: MEAN_ARRIVAL_MS, ...truthOptions(opts.truth) }, next, (t, step) => `${stamp(t)} ${step.text}\n`);
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
