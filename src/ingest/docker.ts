import type { Readable } from 'node:stream';
import { readJsonLines } from './json-lines.js';

// Docker's json-file log driver: one object per line,
// {"log":"text\n","stream":"stdout","time":"2026-11-28T18:00:00.123456789Z"}.
// A line longer than 16 KiB is split into several objects; only the last ends in "\n".

export interface DockerLine {
  /** the logged text without its newline */
  line: string;
  /** epoch ms of the (first part of the) line, null when absent or unreadable */
  time: number | null;
  stream: string | null;
  /** the time as logged (nanoseconds), for resuming after the last line read */
  rawTime?: string | null;
  /** `line` is the text of a line that is not valid JSON or not a json-file entry (with its line number) */
  damaged?: boolean;
}

export interface DockerEntry {
  log?: unknown;
  stream?: unknown;
  time?: unknown;
}

/** Joins split entries back into lines. Pure: feed entries, collect lines. */
export class DockerJoiner {
  private pending = '';
  private pendingTime: number | null = null;
  private pendingStream: string | null = null;
  private pendingRaw: string | null = null;
  /** objects that had no string `log` field */
  invalid = 0;

  push(e: DockerEntry): DockerLine | null {
    if (typeof e.log !== 'string') {
      this.invalid++;
      return null;
    }
    if (this.pending === '') {
      this.pendingTime = typeof e.time === 'string' ? parseTime(e.time) : null;
      this.pendingStream = typeof e.stream === 'string' ? e.stream : null;
    }
    // a split line resumes after its last part
    this.pendingRaw = typeof e.time === 'string' ? e.time : this.pendingRaw;
    this.pending += e.log;
    if (!this.pending.endsWith('\n')) return null;
    return this.take();
  }

  /** A last partial line at the end of input still counts. */
  end(): DockerLine | null {
    return this.pending === '' ? null : this.take();
  }

  private take(): DockerLine {
    let line = this.pending;
    if (line.endsWith('\n')) line = line.slice(0, line.endsWith('\r\n') ? -2 : -1);
    const out = { line, time: this.pendingTime, stream: this.pendingStream, rawTime: this.pendingRaw };
    this.pending = '';
    this.pendingRaw = null;
    return out;
  }
}

/** RFC 3339 with nanoseconds: Date.parse takes at most milliseconds reliably. */
export function parseTime(s: string): number | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}.${((m[2] ?? '') + '000').slice(0, 3)}${m[3]}`);
  return Number.isNaN(ms) ? null : ms;
}

/** Nanoseconds since the epoch, exact (Docker writes RFC 3339 with up to 9 fraction digits). */
export function timeNs(s: string | null | undefined): bigint | null {
  if (!s) return null;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(s);
  if (!m) return null;
  const secs = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(secs)) return null;
  return BigInt(secs) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

// Postfix (maillog_file), rsyslog and Exim stamps all start with a digit or a month name.
const HAS_STAMP = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d)/;

/**
 * A line as the syslog parser expects it: lines that carry their own time stamp are kept
 * as logged; a bare `program[pid]: text` gets the time Docker recorded and a host.
 */
export function withTimePrefix(d: DockerLine, host: string): string {
  if (d.time === null || HAS_STAMP.test(d.line)) return d.line;
  return `${new Date(d.time).toISOString()} ${host} ${d.line}`;
}

/**
 * Reads a json-file log in constant memory. A line that is not valid JSON, or an object without
 * a string `log`, is passed on as `damaged` so it is counted; reading goes on after it.
 */
export async function* readDocker(input: Readable): AsyncGenerator<DockerLine> {
  const joiner = new DockerJoiner();
  for await (const l of readJsonLines(input)) {
    const v = 'bad' in l ? undefined : l.value;
    const ok = v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as DockerEntry).log === 'string';
    if (!ok) {
      const text = 'bad' in l ? l.bad : JSON.stringify(v).slice(0, 500);
      yield { line: `line ${l.line}: ${text}`, time: null, stream: null, damaged: true };
      continue;
    }
    const line = joiner.push(v as DockerEntry);
    if (line) yield line;
  }
  const last = joiner.end();
  if (last) yield last;
}
