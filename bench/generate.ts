import { pathToFileURL } from 'node:url';
import { Rng } from './prng.js';
import { writeInterleaved } from './interleave.js';
import { truthOptions, World, type Host, type Step, type Truth } from './world.js';
import { inboundAccepted, inboundBroken, inboundContent, inboundNoise, inboundRejected, inboundStall, postscreenDrop } from './scenarios-in.js';
import { foreign, localPickup, outbound, outboundBatch } from './scenarios-out.js';

// A seeded synthetic mail.log: many overlapping scenarios (sessions, queued messages, IMAP
// logins) from three hosts, merged in time order, so a parser sees the interleaving a real
// log has. Same seed and options give the same bytes.

export interface GenerateOptions {
  lines: number;
  seed: number;
  out: string;
  /** also the scenarios the benchmark's log leaves out (so its bytes stay those of earlier releases) */
  extra?: boolean;
  /** when given: every scenario started runs to its end (the file ends a little past `lines`), and each
   *  line's facts are counted here, so a test can hold the report against what was written */
  truth?: Truth;
  /** 'traditional' (Mmm dd hh:mm:ss, rsyslog's classic format) or 'rfc3339' (rsyslog's Debian 12 default) */
  format?: 'traditional' | 'rfc3339';
}

type Scenario = (w: World, host: Host) => Step[];

/** [scenario, weight, which hosts may run it] */
const MIX: ReadonlyArray<[Scenario, number, readonly number[]]> = [
  [inboundAccepted, 28, [0, 1]],
  [inboundRejected, 18, [0, 1]],
  [postscreenDrop, 12, [0]],
  [inboundStall, 2, [0, 1]],
  [inboundNoise, 10, [0, 1, 2]],
  [outbound, 16, [2, 2, 2, 1]],
  [localPickup, 4, [0, 1, 2]],
  [foreign, 14, [0, 1]],
];
const EXTRA: ReadonlyArray<[Scenario, number, readonly number[]]> = [[outboundBatch, 4, [2, 1]], [inboundContent, 6, [0, 1]], [inboundBroken, 3, [0, 1]]];
const START = Date.UTC(2026, 2, 1, 0, 0, 0);
const MEAN_ARRIVAL_MS = 1500;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Stamps are computed in UTC so the bytes do not depend on the machine's time zone. */
function stamper(format: 'traditional' | 'rfc3339'): (t: number) => string {
  let lastSecond = -1;
  let cached = '';
  return (t) => {
    const second = Math.floor(t / 1000);
    if (format === 'rfc3339') {
      if (second !== lastSecond) {
        cached = new Date(second * 1000).toISOString().slice(0, 19);
        lastSecond = second;
      }
      return `${cached}.${String(t % 1000).padStart(3, '0')}${String((t * 7) % 1000).padStart(3, '0')}+00:00`;
    }
    if (second !== lastSecond) {
      const d = new Date(second * 1000);
      const day = d.getUTCDate();
      cached = `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ' ' + day : day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
      lastSecond = second;
    }
    return cached;
  };
}

/** Writes `opts.lines` lines to `opts.out`; returns the number of bytes written. */
export function generate(opts: GenerateOptions): number {
  const rng = new Rng(opts.seed);
  const world = new World(rng);
  const stamp = stamper(opts.format ?? 'traditional');
  const mix = opts.extra ? MIX.concat(EXTRA) : MIX;
  const weights = mix.map((m) => m[1]);
  const next = (): Step[] => {
    const [scenario, , hosts] = mix[rng.weighted(weights)]!;
    return scenario(world, world.hosts[rng.pick(hosts)]!);
  };
  return writeInterleaved({ lines: opts.lines, out: opts.out, rng, start: START, meanArrivalMs: MEAN_ARRIVAL_MS, ...truthOptions(opts.truth) }, next, (t, step) => `${stamp(t)} ${step.host.name} ${step.text}\n`);
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const lines = Number(arg('lines', '1000000'));
  const seed = Number(arg('seed', '42'));
  const format = arg('format', 'traditional') === 'rfc3339' ? 'rfc3339' : 'traditional';
  const out = arg('out', `.bench/postfix-${lines}-s${seed}${format === 'rfc3339' ? '-rfc3339' : ''}.log`);
  const t0 = performance.now();
  const bytes = generate({ lines, seed, out, format });
  process.stdout.write(`${out}: ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
