import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Rng } from './prng.js';

// Both generators interleave many running scenarios in time order: a new scenario starts at
// each (exponentially spaced) arrival, and the next line written is the one due first.

interface Timed {
  /** milliseconds after the previous step of the same scenario */
  dt: number;
}

interface Pending<S> {
  t: number;
  seq: number;
  steps: S[];
  i: number;
}

/** a binary min-heap on (t, seq): the next line due across all running scenarios */
class Queue<S> {
  private readonly a: Pending<S>[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): Pending<S> | undefined {
    return this.a[0];
  }
  private less(x: Pending<S>, y: Pending<S>): boolean {
    return x.t < y.t || (x.t === y.t && x.seq < y.seq);
  }
  push(p: Pending<S>): void {
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
  pop(): Pending<S> {
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

export interface InterleaveOptions<S> {
  lines: number;
  out: string;
  rng: Rng;
  start: number;
  meanArrivalMs: number;
  /** start no scenario after `lines` lines, but finish every running one (so no message is cut off) */
  drain?: boolean;
  /** called for every line written, in file order, with its time */
  onWrite?: (step: S, t: number) => void;
}

/** Writes `opts.lines` lines to `opts.out`; returns the number of bytes written. */
export function writeInterleaved<S extends Timed>(opts: InterleaveOptions<S>, next: () => S[], format: (t: number, step: S) => string): number {
  const queue = new Queue<S>();
  let seq = 0;
  let nextArrival = opts.start;
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
    for (;;) {
      const starting = written < opts.lines;
      if (!starting && (!opts.drain || queue.size === 0)) break;
      const head = queue.peek();
      if (starting && (head === undefined || nextArrival <= head.t)) {
        const steps = next();
        if (steps.length > 0) queue.push({ t: nextArrival + steps[0]!.dt, seq: seq++, steps, i: 0 });
        nextArrival += Math.max(1, Math.round(opts.rng.exp(opts.meanArrivalMs)));
        continue;
      }
      const p = queue.pop();
      buf.push(format(p.t, p.steps[p.i]!));
      opts.onWrite?.(p.steps[p.i]!, p.t);
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
