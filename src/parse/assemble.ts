// Physical lines -> logical lines, before parsing. Two things span several lines:
//  - Exim writing to syslog splits a message longer than 870 bytes, or holding newlines,
//    into parts marked "[1/3] ", "[2/3] "...; a backslash ("[1\3] ") says the part ended
//    at a newline of the original. The parts are joined again (with that newline);
//  - Exim's own files continue an entry on the following lines: indented lines in
//    the mainlog/paniclog, and in the rejectlog "Envelope-from:", "Envelope-to:" and
//    the message's header lines ("P Received: ...", "  Subject: ...", tab-indented folds).
// Only lines starting with Exim's own "YYYY-MM-DD HH:MM:SS" stamp are held back (until
// the next line shows whether the entry goes on); every other line passes through at once.

/** Separates the parts of an assembled Exim entry. A framed line can never contain NUL. */
export const EXIM_PART = '\u0000';
export const REJECTLOG_TAG = 'rejectlog';
export const PANICLOG_TAG = 'paniclog';

/** Which Exim file a stream comes from, when the caller knows it (from the file name). */
export type EximLogKind = 'main' | 'reject' | 'panic';

export function eximLogKindOf(fileName: string): EximLogKind | null {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1).toLowerCase();
  if (base.includes('paniclog')) return 'panic';
  if (base.includes('rejectlog')) return 'reject';
  if (base.includes('mainlog')) return 'main';
  return null;
}

export interface AssemblerOptions {
  /** tag every entry as coming from the rejectlog / paniclog (mainlog and unknown: tag by shape only) */
  eximLog?: EximLogKind | null;
  /** a split message whose other parts never arrive is given up after this many further lines */
  maxSplitWait?: number;
}

/** an entry is never held longer than this: a run of indented junk cannot grow without bound */
const MAX_ENTRY_LINES = 500;

const NATIVE_STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;
const ENVELOPE = /^Envelope-(?:from|to): /;
// "P Received: ...", "I Message-Id: ...", "* X-Old: ...", "  Subject: ..." (flag char + space + header name)
const HEADER = /^(?:[A-Z* ] [\x21-\x39\x3b-\x7e][^:]*:|\*\*\* truncated \*\*\*$)/;
const SPLIT = /^(.*?\]: (?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\S* (?:[+-]\d{4} )?)?)\[(\d{1,3})([/\\])(\d{1,3})\] ?(.*)$/s;
const SYSLOG_TIME = /^(?:[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\S+) /;

interface Held {
  first: string;
  /** indented continuation lines (mainlog style), joined with '\n' */
  cont: string[];
  /** rejectlog lines after the first Envelope- line */
  parts: string[];
  physical: number;
}

interface Split {
  prefix: string;
  total: number;
  next: number;
  text: string;
  /** the last part ended at a newline of the original message */
  newline: boolean;
  physical: number;
  /** lines seen since the last part */
  idle: number;
}

export class LineAssembler {
  private held: Held | null = null;
  private readonly splits = new Map<string, Split>();
  private readonly tag: string | null;
  private readonly maxSplitWait: number;

  constructor(opts: AssemblerOptions = {}) {
    this.tag = opts.eximLog === 'reject' ? REJECTLOG_TAG : opts.eximLog === 'panic' ? PANICLOG_TAG : null;
    this.maxSplitWait = opts.maxSplitWait ?? 1000;
  }

  get pendingLines(): number {
    let n = this.held?.physical ?? 0;
    for (const s of this.splits.values()) n += s.physical;
    return n;
  }

  /** lines of the Exim entry held back (the latest lines read): a checkpoint stops before them */
  get heldLines(): number {
    return this.held?.physical ?? 0;
  }

  /**
   * The split messages still waiting for parts, as text to keep with a checkpoint ('' for none).
   * Other lines may have come between their parts, so a checkpoint cannot stop before them as it
   * does before a held entry: a resumed run starts from this state instead.
   */
  splitState(): string {
    return this.splits.size === 0 ? '' : JSON.stringify([...this.splits]);
  }

  /** Takes back what splitState gave (a resumed run's start); text that is not such a state is ignored. */
  restoreSplits(state: string | null | undefined): void {
    if (!state) return;
    try {
      const entries = JSON.parse(state) as Array<[string, Split]>;
      for (const [key, split] of entries) if (typeof split?.prefix === 'string' && typeof split.text === 'string') this.splits.set(key, split);
    } catch {
      // a state this version cannot read: the parts come out as they are, as before it was kept
    }
  }

  /**
   * The line itself when it needs no assembling (nothing is held, and it neither starts an Exim
   * entry nor is a split part): what push would return alone, without its array. Else null, and
   * the caller pushes it.
   */
  passThrough(line: string): string | null {
    if (this.held !== null || this.splits.size > 0 || this.tag !== null) return null;
    const c = line.charCodeAt(0);
    // an Exim stamp starts with a digit; syslog prefixes with a letter ("Nov") or a digit (RFC 3339)
    if (c >= 48 && c <= 57 && NATIVE_STAMP.test(line)) return null;
    if (line.includes(']: [')) return null;
    return line;
  }

  push(line: string): string[] {
    const out: string[] = [];
    if (this.held !== null && this.held.physical >= MAX_ENTRY_LINES) out.push(this.emitHeld());
    if (this.held !== null) {
      if (this.held.parts.length > 0 || ENVELOPE.test(line)) {
        if (ENVELOPE.test(line) || HEADER.test(line) || line.startsWith('\t') || line.startsWith(' ')) {
          this.held.parts.push(line);
          this.held.physical++;
          return out;
        }
      } else if (line.startsWith(' ') || line.startsWith('\t')) {
        this.held.cont.push(line);
        this.held.physical++;
        return out;
      }
      out.push(this.emitHeld());
    }
    if (this.splits.size > 0) this.ageSplits(out);
    if (line.includes(']: [')) {
      const joined = this.pushSplit(line);
      if (joined !== undefined) {
        if (joined !== null) out.push(joined);
        return out;
      }
    }
    if (NATIVE_STAMP.test(line)) {
      this.held = { first: line, cont: [], parts: [], physical: 1 };
      return out;
    }
    out.push(this.tagged(line, []));
    return out;
  }


  /** The held Exim entry, as assembled as it got; split parts stay. */
  flushHeld(): string[] {
    return this.held === null ? [] : [this.emitHeld()];
  }

  /** End of input: everything still held comes out, as assembled as it got. */
  flush(): string[] {
    const out: string[] = [];
    if (this.held !== null) out.push(this.emitHeld());
    for (const s of this.splits.values()) out.push(s.prefix + s.text);
    this.splits.clear();
    return out;
  }

  private emitHeld(): string {
    const h = this.held!;
    this.held = null;
    const first = h.cont.length > 0 ? [h.first, ...h.cont].join('\n') : h.first;
    return this.tagged(first, h.parts);
  }

  private tagged(line: string, parts: string[]): string {
    if (parts.length > 0) return [line, REJECTLOG_TAG, ...parts].join(EXIM_PART);
    if (this.tag !== null) return line + EXIM_PART + this.tag;
    return line;
  }

  /** undefined: not a split line; null: held; string: the whole message */
  private pushSplit(line: string): string | null | undefined {
    const m = SPLIT.exec(line);
    if (!m) return undefined;
    const n = Number(m[2]);
    const newline = m[3] === '\\';
    const total = Number(m[4]);
    if (total < 2 || n < 1 || n > total) return undefined;
    const prefix = m[1]!;
    const text = m[5]!;
    // the syslog time can differ between parts; the host/program[pid] cannot
    const key = prefix.replace(SYSLOG_TIME, '');
    const cur = this.splits.get(key);
    if (n === 1) {
      const stale = cur !== undefined ? cur.prefix + cur.text : null;
      this.splits.set(key, { prefix, total, next: 2, text, newline, physical: 1, idle: 0 });
      return stale;
    }
    if (cur === undefined || cur.next !== n || cur.total !== total) {
      // a part out of order: keep it as it is rather than guess
      return this.tagged(line, []);
    }
    cur.text += (cur.newline ? '\n' : '') + text;
    cur.newline = newline;
    cur.physical++;
    cur.idle = 0;
    cur.next++;
    if (cur.next <= total) return null;
    this.splits.delete(key);
    return this.tagged(cur.prefix + cur.text, []);
  }

  private ageSplits(out: string[]): void {
    for (const [key, s] of this.splits) {
      if (++s.idle > this.maxSplitWait) {
        out.push(s.prefix + s.text);
        this.splits.delete(key);
      }
    }
  }
}
