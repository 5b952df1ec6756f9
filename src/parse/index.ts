import type { LogRecord, MailEvent, Mta } from '../model/types.js';
import { parseSyslog } from './syslog.js';
import { bareEximRecord, logTextOf, parseEximNative, unwrapEximRecord } from './exim/prefix.js';
import { mtaOfProgram } from './mta.js';
import { postfixTable } from './postfix/index.js';
import { eximTable } from './exim/index.js';
import { YearResolver, type YearOptions } from './year.js';
import { RepeatedHour } from './repeated-hour.js';

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
}

const TABLES = { postfix: postfixTable, exim: eximTable } as const;

/** Turns one line into an outcome. Holds only the state of local stamps: the year, the repeated hour. */
export class LineParser {
  readonly years: YearResolver;
  private readonly force: MtaChoice;
  private readonly repeated: RepeatedHour | null;

  constructor(opts: LineParserOptions = {}) {
    this.years = new YearResolver(opts);
    this.force = opts.mta ?? 'auto';
    this.repeated = opts.latestOf ? new RepeatedHour(opts.latestOf) : null;
  }

  parse(line: string): ParseOutcome {
    // "2026-11-28 18:12:52 ...": Exim's own stamp, which no syslog prefix reader accepts (RFC 3339 has a 'T')
    const native = line.charCodeAt(10) === 32 && line.charCodeAt(0) >= 48 && line.charCodeAt(0) <= 57;
    let rec = (native ? null : parseSyslog(line, this)) ?? parseEximNative(line);
    if (rec === null && this.force === 'exim' && line.trim() !== '') rec = bareEximRecord(line);
    if (rec === null) return { type: 'miss', rec: null, mta: null, line };
    // 109: 'm', the only letter a repeat notice can start with
    const repeat = rec.message.charCodeAt(0) === 109 ? repeatsOf(rec) : 0;
    const mta = mtaOfProgram(rec.program, rec.service);
    if (mta === 'exim') rec = unwrapEximRecord(rec);
    if (rec.ts !== null && this.repeated !== null) rec.ts = this.repeated.settle(rec.ts, rec.host, line);
    if (mta === null || (this.force !== 'auto' && mta !== this.force)) return { type: 'foreign', rec };
    const event = TABLES[mta].match(rec);
    // an assembled Exim entry nothing understood: counted and sampled by its log text only
    if (event === null) return { type: 'miss', rec: rec.raw === line ? rec : { ...rec, message: logTextOf(rec.message) }, mta, line: rec.raw };
    return repeat > 0 ? { type: 'event', rec, mta, event, repeat } : { type: 'event', rec, mta, event };
  }
}

// rsyslog with $RepeatedMsgReduction on (the default in Ubuntu's rsyslog.conf) writes a process's
// message that comes again right after itself once, then "message repeated N times: [ <message>]"
// (its own copy of the message is cut at 800 characters).
const REPEATED = /^message repeated (\d{1,9}) times: \[ ?([^]*)\]$/;

/** How many times a repeat notice says its message came (after the copy logged before it), the record now holding that message; else 0. */
function repeatsOf(rec: LogRecord): number {
  const m = REPEATED.exec(rec.message);
  if (m === null) return 0;
  rec.message = m[2]!;
  return Number(m[1]);
}
