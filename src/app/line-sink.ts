import type { Correlator } from '../model/correlate.js';
import type { ParseOutcome } from '../parse/index.js';
import type { LineStatsDelta, MissDelta } from '../store/writer.js';

// Per-batch accounting of lines: counters by minute/host/MTA (the writer adds them to the
// hourly rows too), and misses by host, program and shape, with their count per minute.

const HOUR = 3600_000;
const MINUTE = 60_000;
const MAX_EXAMPLE = 2000;

export class LineAccounting {
  stats = new Map<string, LineStatsDelta>();
  misses = new Map<string, MissDelta>();
  parsed = 0;
  unparsed = 0;
  foreign = 0;

  constructor(private readonly maskShape: (s: string) => string) {}

  /** the bucket each MTA and host had last (lines of several hosts interleave; minutes rarely change) */
  private last = new Map<string, Map<string, LineStatsDelta>>();

  private bucket(ts: number | null, host: string, mta: string): LineStatsDelta {
    const minute = ts === null ? 0 : Math.floor(ts / MINUTE) * MINUTE;
    let byHost = this.last.get(mta);
    if (byHost === undefined) this.last.set(mta, (byHost = new Map()));
    const l = byHost.get(host);
    if (l !== undefined && l.minute === minute) return l;
    const key = `${minute}\u0001${host}\u0001${mta}`;
    let s = this.stats.get(key);
    if (!s) {
      s = { hour: ts === null ? 0 : Math.floor(ts / HOUR) * HOUR, minute, host, mta, lines: 0, parsed: 0, unparsed: 0, foreign: 0 };
      this.stats.set(key, s);
    }
    byHost.set(host, s);
    return s;
  }

  /** Counts the outcome and hands events to the correlator. */
  take(out: ParseOutcome, correlator: Correlator): void {
    switch (out.type) {
      case 'event': {
        const b = this.bucket(out.rec.ts, out.rec.host, out.mta);
        b.lines++;
        b.parsed++;
        this.parsed++;
        correlator.handle(out.rec, out.mta, out.event);
        // a line that stands for several: each of them happened (at its time, the last one's)
        for (let k = 1; k < (out.repeat ?? 1); k++) correlator.handle(out.rec, out.mta, out.event);
        return;
      }
      case 'foreign': {
        const b = this.bucket(out.rec.ts, out.rec.host, '');
        b.lines++;
        b.foreign++;
        this.foreign++;
        return;
      }
      case 'miss': {
        const rec = out.rec;
        const b = this.bucket(rec?.ts ?? null, rec?.host ?? '', out.mta ?? '');
        b.lines++;
        b.unparsed++;
        this.unparsed++;
        const host = rec?.host ?? '';
        const program = rec?.program ?? '(no prefix)';
        const shape = this.maskShape(rec?.message ?? out.line);
        const key = `${host}\u0001${program}\u0001${shape}`;
        const ts = rec?.ts ?? null;
        const minute = ts === null ? 0 : Math.floor(ts / MINUTE) * MINUTE;
        const m = this.misses.get(key);
        if (m) {
          m.count++;
          m.minutes.set(minute, (m.minutes.get(minute) ?? 0) + 1);
          if (ts !== null) {
            m.firstTs = m.firstTs === null ? ts : Math.min(m.firstTs, ts);
            m.lastTs = m.lastTs === null ? ts : Math.max(m.lastTs, ts);
          }
        } else {
          this.misses.set(key, { host, program, shape, count: 1, firstTs: ts, lastTs: ts, example: out.line.slice(0, MAX_EXAMPLE), minutes: new Map([[minute, 1]]) });
        }
      }
    }
  }

  /** Hands over the deltas gathered since the last call. */
  drain(): { stats: LineStatsDelta[]; misses: MissDelta[] } {
    const out = { stats: [...this.stats.values()], misses: [...this.misses.values()] };
    this.stats = new Map();
    this.misses = new Map();
    this.last = new Map();
    return out;
  }
}
