import type { LogRecord, MailEvent, Mta } from '../model/types.js';
import { parseSyslog } from './syslog.js';
import { bareEximRecord, logTextOf, parseEximNative, unwrapEximRecord } from './exim/prefix.js';
import { mtaOfProgram } from './mta.js';
import { postfixTable } from './postfix/index.js';
import { eximTable } from './exim/index.js';
import { YearResolver, type YearOptions } from './year.js';
import { RepeatedHour } from './repeated-hour.js';
import { REJECTLOG_TAG } from './assemble.js';

export type MtaChoice = 'auto' | Mta;

export type ParseOutcome =
  /** `repeat`: the line stands for that many lines like it (rsyslog's "message repeated N times: [...]") */
  | { type: 'event'; rec: LogRecord; mta: Mta; event: MailEvent; repeat?: number }
  /** an MTA line no row understood, or a line with no recognisable prefix (rec null) */
  | { type: 'miss'; rec: LogRecord | null; mta: Mta | null; line: string }
  /** another program's line in a shared syslog file */
  | { type: 'foreign'; rec: LogRecord };

export interface LineParserOptions extends YearOptions {
  mta?: MtaChoice;
  /**
   * The latest time a host's lines have reached so far (the correlator's host clock). With it, a
   * stamp in the hour that local time repeats when the clocks go back reads as the instant that
   * follows the host's earlier lines (repeated-hour.ts); without it, as the first of the two.
   */
  latestOf?: (host: string) => number | undefined;
  /** the line with a syslog prefix read last before this one (a resumed run's), for "last message repeated" notices */
  previousLine?: string;
  /** the parser's recentExim of the run this one resumes (see LineParser.recentExim) */
  recentExim?: string;
}

const TABLES = { postfix: postfixTable, exim: eximTable } as const;

/** Exim refusals written to the main log alone (daemon.c's LOG_MAIN): never followed by a reject log copy */
const MAIN_LOG_ONLY = new Set(['exim.reject.connection-limit']);

/** Turns one line into an outcome. Holds only the state of local stamps: the year, the repeated hour. */
export class LineParser {
  readonly years: YearResolver;
  /** what the year resolver started from */
  private readonly yearOpts: YearOptions;
  private readonly force: MtaChoice;
  private readonly repeated: RepeatedHour | null;
  private prev: string | null;
  /** the record of `prev` (undefined: not read yet, as when a run resumes with only the line) */
  private prevRec: LogRecord | null | undefined;
  /** the last Exim syslog lines read, oldest first, each with whether it was a copy (see rejectLogCopy) */
  private recent: RecentExim[] = [];
  /** reading the line before again for a repeat notice: it is not a line of its own */
  private replaying = false;

  constructor(opts: LineParserOptions = {}) {
    this.yearOpts = { year: opts.year, refMs: opts.refMs, resumeMs: opts.resumeMs };
    this.years = new YearResolver(opts);
    this.force = opts.mta ?? 'auto';
    this.repeated = opts.latestOf ? new RepeatedHour(opts.latestOf) : null;
    this.prev = opts.previousLine ?? null;
    this.prevRec = this.prev === null ? null : undefined;
    if (opts.recentExim) this.restoreRecent(opts.recentExim);
    else if (this.prev !== null) {
      // a checkpoint of an mxlens that kept only the line before: that line is the recent one
      const rec = parseSyslog(this.prev, { years: new YearResolver({ year: 2000 }) });
      if (rec !== null && mtaOfProgram(rec.program, rec.service) === 'exim') this.recent.push({ host: rec.host, program: rec.program, pid: rec.pid, message: rec.message, copy: false });
    }
  }

  /** the recent Exim syslog lines as text, kept with each checkpoint ('' none): [host, program, pid, message, was a copy] each */
  get recentExim(): string {
    return this.recent.length === 0 ? '' : JSON.stringify(this.recent.map((r) => [r.host, r.program, r.pid, r.message, r.copy]));
  }

  private restoreRecent(text: string): void {
    let rows: unknown;
    try {
      rows = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(rows)) return;
    for (const r of rows) {
      if (!Array.isArray(r) || typeof r[0] !== 'string' || typeof r[1] !== 'string' || typeof r[3] !== 'string') continue;
      this.recent.push({ host: r[0], program: r[1], pid: typeof r[2] === 'number' ? r[2] : null, message: r[3], copy: r[4] === true });
    }
  }

  /** the last line read that had a syslog prefix (kept with each checkpoint) */
  get previous(): string | null {
    return this.prev;
  }

  parse(line: string): ParseOutcome {
    // "2026-11-28 18:12:52 ...": Exim's own stamp, which no syslog prefix reader accepts (RFC 3339 has a 'T')
    // (each character read once: a charCodeAt costs dozens of instructions on a line split from a chunk)
    const c0 = line.charCodeAt(0);
    const native = c0 >= 48 && c0 <= 57 && line.charCodeAt(10) === 32;
    let rec = native ? null : parseSyslog(line, this);
    const syslog = rec !== null;
    // what a repeat notice can stand for: a syslog daemon's line (never an assembled Exim entry)
    if (rec !== null) {
      this.prev = line;
      this.prevRec = rec;
    }
    rec ??= parseEximNative(line);
    if (rec === null && this.force === 'exim' && line.trim() !== '') rec = bareEximRecord(line);
    if (rec === null) {
      return (line.includes(LAST_REPEATED_WORDS) && this.lastRepeated(line)) || journalctlMarker(line) || this.afterCollectorStamp(line) ||
        this.bareExim(line) || { type: 'miss', rec: null, mta: null, line };
    }
    // 91: '[', Solaris's message id ("[ID 197553 mail.info] connect from ...")
    let m0 = rec.message.charCodeAt(0);
    if (m0 === 91) {
      withoutMessageId(rec);
      m0 = rec.message.charCodeAt(0);
    }
    // 109: 'm', the only letter a repeat notice can start with
    const repeat = m0 === 109 ? repeatsOf(rec) : 0;
    const mta = mtaOfProgram(rec.program, rec.service);
    const copy = mta === 'exim' && syslog && !this.replaying && this.rejectLogCopy(rec);
    if (mta === 'exim') rec = unwrapEximRecord(rec);
    if (rec.ts !== null && this.repeated !== null) rec.ts = this.repeated.settle(rec.ts, rec.host, line);
    if (mta === null || (this.force !== 'auto' && mta !== this.force)) return { type: 'foreign', rec };
    const event = TABLES[mta].match(rec);
    // an assembled Exim entry nothing understood: counted and sampled by its log text only
    if (event === null) return { type: 'miss', rec: rec.raw === line ? rec : { ...rec, message: logTextOf(rec.message) }, mta, line: rec.raw };
    if (copy) {
      // the daemon's own refusals go to the main log only: the same line twice is two refusals
      // (one daemon process turns away every connection of a flood, in the same words)
      if (MAIN_LOG_ONLY.has(event.pattern)) this.recent[this.recent.length - 1]!.copy = false;
      else event.extra = { ...event.extra, origin: REJECTLOG_TAG };
    }
    exactNumbers(event);
    return repeat > 0 ? { type: 'event', rec, mta, event, repeat } : { type: 'event', rec, mta, event };
  }

  /**
   * A line with no prefix at all, read with MTA detection on: Exim's message text alone, as tools
   * that strip the prefix pass it on ("SMTP protocol error in \"AUTH LOGIN\" H=(x) [192.0.2.1] ..."),
   * is Exim's when a row of its table reads it. Postfix text cannot be told without its program.
   */
  private bareExim(line: string): ParseOutcome | null {
    if (this.force !== 'auto' || line.trim() === '') return null;
    // read as --mta exim reads it (an Exim record, unwrapped the same way), only kept when a row matches
    const rec = unwrapEximRecord(bareEximRecord(line));
    const event = eximTable.match(rec);
    if (event === null) return null;
    exactNumbers(event);
    return { type: 'event', rec, mta: 'exim', event };
  }

  /** the record of the line read before this one, read from its text when a run resumed */
  private previousRecord(): LogRecord | null {
    // read by a resolver of its own in the state the run resumed in: it is asked for after the first
    // line of the run is read, and reading it with this.years would move the roll-over state
    // back to the line before (a resumed run then missed the next turn of the year)
    if (this.prevRec === undefined) this.prevRec = this.prev === null ? null : parseSyslog(this.prev, { years: new YearResolver(this.yearOpts) });
    return this.prevRec;
  }

  /**
   * Exim logging to syslog writes a line that goes to both its main and its reject log twice
   * (syslog_duplication, true by default), one right after the other from the same process: the
   * second is the reject log's copy, counted once with the first as a rejectlog entry is. A third
   * such line is a new one (two equal refusals in a row, each with its copy). Under load another
   * process's lines can come between the two, so the line before is the same process's last one
   * among the last RECENT Exim syslog lines, whatever came between.
   */
  private rejectLogCopy(rec: LogRecord): boolean {
    // compared field by field: no key string built for every line
    let last: RecentExim | undefined;
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const r = this.recent[i]!;
      if (r.pid === rec.pid && r.program === rec.program && r.host === rec.host) {
        last = r;
        break;
      }
    }
    const copy = rec.pid !== null && last !== undefined && !last.copy && last.message === rec.message;
    this.recent.push({ host: rec.host, program: rec.program, pid: rec.pid, message: rec.message, copy });
    if (this.recent.length > RECENT) this.recent.shift();
    return copy;
  }

  /**
   * `docker logs -t` and `kubectl logs --timestamps` put the time they received a line before it:
   * "2026-11-29T19:11:07.123456789Z Nov 29 19:11:07 mx postfix/smtpd[1]: ...". The line's own prefix
   * is read (and its own time wins, as in Docker's JSON files); a line with none takes the stamp as
   * an RFC 3339 prefix does.
   */
  private afterCollectorStamp(line: string): ParseOutcome | null {
    const m = COLLECTOR_STAMP.exec(line);
    if (m === null) return null;
    const out = this.parse(line.slice(m[0].length));
    if (out.rec === null) return null;
    out.rec.raw = line;
    return out.type === 'miss' ? { ...out, line } : out;
  }

  /** A "last message repeated N times" notice: the line before it, that many times, at the notice's time; null if it is not one. */
  private lastRepeated(line: string): ParseOutcome | null {
    const m = LAST_REPEATED.exec(line);
    const prev = this.prev;
    // a count no syslog daemon writes stands for nothing (MAX_REPEATS)
    if (m === null || prev === null || Number(m[4]) > MAX_REPEATS) return null;
    // the line before first, then the notice's own time, read as its prefix would be with a program
    // (in the order of the file, for the year of stamps without one)
    // the line is read again as itself, not as a copy of itself
    this.prevRec = null;
    this.replaying = true;
    let before: ParseOutcome;
    try {
      before = this.parse(prev);
    } finally {
      this.replaying = false;
    }
    const stamp = parseSyslog(`${m[1]} ${m[2] ?? '-'} notice: `, this);
    if (stamp === null) return null;
    const rec = before.rec;
    if (rec === null || (m[2] !== undefined && m[2] !== rec.host) || (m[3] !== undefined && m[3] !== rec.program)) return null;
    const ts = stamp.ts === null || this.repeated === null ? stamp.ts : this.repeated.settle(stamp.ts, rec.host, line);
    const at = { ...rec, ts: ts ?? rec.ts, raw: line };
    switch (before.type) {
      case 'event':
        return { type: 'event', rec: at, mta: before.mta, event: before.event, repeat: Number(m[4]) };
      case 'foreign':
        return { type: 'foreign', rec: at };
      case 'miss':
        return { type: 'miss', rec: at, mta: before.mta, line };
    }
  }
}

/** how many Exim syslog lines back a line's copy may find it: the lines other processes wrote between the two */
const RECENT = 32;

interface RecentExim {
  /** the process that wrote it */
  host: string;
  program: string;
  pid: number | null;
  message: string;
  /** it was itself the copy of the line before it */
  copy: boolean;
}

const COLLECTOR_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) (?=\S)/;

// journalctl's own lines between entries: "-- Boot 8d2f… --", "-- No entries --", and older versions'
// "-- Reboot --", "-- Logs begin at … --", "-- Journal begins at … --"
const JOURNALCTL_MARKER = /^-- (?:Boot [0-9a-f]{32}|Reboot|No entries|Logs begin at .*|Journal begins at .*) --$/;

/** a journalctl marker line, counted with other programs' lines; else null */
function journalctlMarker(line: string): ParseOutcome | null {
  if (!JOURNALCTL_MARKER.test(line)) return null;
  return { type: 'foreign', rec: { ts: null, host: '', program: 'journalctl', service: 'journalctl', pid: null, message: line, raw: line } };
}

// BSD-style syslog daemons (FreeBSD's, inetutils, sysklogd) write a message that comes again right
// after itself once, then "last message repeated N times" with no program: the notice stands for
// the line before it. Some name the program ("dovecot: last message repeated 2 times").
const LAST_REPEATED_WORDS = 'last message repeated ';
const LAST_REPEATED = /^(.*?) +(?:([^\s:]+) )?(?:([^\s:]+): )?last message repeated (\d{1,9}) times?$/;

// Solaris and illumos syslogd put a message id and the facility and level before each message
const MESSAGE_ID = /^\[ID \d+ [a-z]+\d?\.[a-z]+\] /;

function withoutMessageId(rec: LogRecord): void {
  const m = MESSAGE_ID.exec(rec.message);
  if (m !== null) rec.message = rec.message.slice(m[0].length);
}

// rsyslog with $RepeatedMsgReduction on (the default in Ubuntu's rsyslog.conf) writes a process's
// message that comes again right after itself once, then "message repeated N times: [ <message>]"
// (its own copy of the message is cut at 800 characters).
const REPEATED = /^message repeated (\d{1,9}) times: \[ ?([^]*)\]$/;

/**
 * The most times a repeat notice is believed. A daemon folds only copies that follow each other
 * within its flush interval, and each one counted becomes a row: one line saying "999999999 times"
 * (anyone can log it) made that many. A larger count is read as the line it is, and counted as
 * unparsed, where the report shows it.
 */
const MAX_REPEATS = 100_000;

/** How many times a repeat notice says its message came (after the copy logged before it), the record now holding that message; else 0. */
function repeatsOf(rec: LogRecord): number {
  const m = REPEATED.exec(rec.message);
  if (m === null || Number(m[1]) > MAX_REPEATS) return 0;
  rec.message = m[2]!;
  return Number(m[1]);
}

/**
 * Numbers a line states that no INTEGER column can hold exactly ("size=99999999999999999999", any
 * local user can log such a line): left out, the line kept. Stored, SQLite would refuse the whole
 * batch on every run, and nothing after that line would ever be read.
 */
function exactNumbers(ev: MailEvent): void {
  if (ev.size !== undefined && !Number.isSafeInteger(ev.size)) delete ev.size;
  if (ev.nrcpt !== undefined && !Number.isSafeInteger(ev.nrcpt)) delete ev.nrcpt;
  if (ev.bytes !== undefined && !Number.isSafeInteger(ev.bytes)) delete ev.bytes;
  if (ev.clientPort !== undefined && !Number.isSafeInteger(ev.clientPort)) delete ev.clientPort;
  if (ev.relayPort !== undefined && !Number.isSafeInteger(ev.relayPort)) delete ev.relayPort;
}
