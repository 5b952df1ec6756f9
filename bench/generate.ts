import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Rng } from './prng.js';
import { World, type Host, type Step } from './world.js';
import { inboundAccepted, inboundNoise, inboundRejected, inboundStall, postscreenDrop } from './scenarios-in.js';
import { foreign, localPickup, outbound } from './scenarios-out.js';

// A seeded synthetic mail.log: many overlapping scenarios (sessions, queued messages, IMAP
// logins) from three hosts, merged in time order, so a parser sees the interleaving a real
// log has. Same seed and options give the same bytes.

export interface GenerateOptions {
  lines: number;
  seed: number;
  out: string;
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
const WEIGHTS = MIX.map((m) => m[1]);
const START = Date.UTC(2026, 2, 1, 0, 0, 0);
const MEAN_ARRIVAL_MS = 1500;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface Pending {
  t: number;
  seq: number;
  steps: Step[];
  i: number;
}

/** a binary min-heap on (t, seq): the next line due across all running scenarios */
export class Queue {
  private readonly a: Pending[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): Pending | undefined {
    return this.a[0];
  }
  private less(x: Pending, y: Pending): boolean {
    return x.t < y.t || (x.t === y.t && x.seq < y.seq);
  }
  push(p: Pending): void {
    const a = this.a;
    a.push(p);
    let i = a.length - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.less(a[i]!, a[up]!)) break;
      [a[i], a[up]] = [a[up]!, a[i]!];
      i = up;
    }
  }
  pop(): Pending {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

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
        const [scenario, , hosts] = MIX[rng.weighted(WEIGHTS)]!;
        const host = world.hosts[rng.pick(hosts)]!;
        const steps = scenario(world, host);
        if (steps.length > 0) queue.push({ t: nextArrival + steps[0]!.dt, seq: seq++, steps, i: 0 });
        nextArrival += Math.max(1, Math.round(rng.exp(MEAN_ARRIVAL_MS)));
        continue;
      }
      const p = queue.pop();
      const step = p.steps[p.i]!;
      buf.push(`${stamp(p.t)} ${step.host.name} ${step.text}\n`);
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
  const format = arg('format', 'traditional') === 'rfc3339' ? 'rfc3339' : 'traditional';
  const out = arg('out', `.bench/postfix-${lines}-s${seed}${format === 'rfc3339' ? '-rfc3339' : ''}.log`);
  const t0 = performance.now();
  const bytes = generate({ lines, seed, out, format });
  process.stdout.write(`${out}: ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
