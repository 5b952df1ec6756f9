// Year-less syslog stamps ("Nov  8 10:00:00") need a year from outside.
// The first stamp takes the given year, or the latest year that puts it at or before the
// reference time (the file's mtime, or now for a stream). After that a jump backwards of more
// than six months (December -> January) moves to the next year. A December line met just after
// the turn (a January line came first: hosts merged into one file, or a daemon whose line
// reached syslog a moment late) belongs to the year before, and moves nothing.
//
// One line with a wrong clock must not move a whole log a year on: a device that boots with its
// clock at January 1st and logs to the same file, in a log of November.
// - Without --year, a turn of the year that would put the line after the reference time (no line
//   of a file is later than its last write) is no turn: that line keeps the year, and moves nothing.
// - After a turn, a line more than six months ahead of the last one (November after January) that
//   is, in the year before, no earlier than the last line before the turn (by a day), belongs to the
//   year before and moves nothing: the turn was one stray line, or lines of the old year are still
//   coming. Otherwise such a jump is a gap of months (a sparse log: December, March, then November).

export interface YearOptions {
  /** the year of the first year-less line (--year) */
  year?: number;
  /** a time the log cannot be later than, usually the file's mtime (epoch ms) */
  refMs?: number;
  /** the time of the last line read by an earlier run, when resuming mid-file */
  resumeMs?: number;
}

// a host's clock a little ahead of the one that stamped the file
const REF_SLACK_MS = 24 * 3600_000;

export class YearResolver {
  /**
   * The time of the last year-less stamp read, for the checkpoint a resumed run starts from
   * (resumeMs). Not the last line's time: in a log that mixes stamps with a year (Exim's own,
   * RFC 3339) and without, that would hand the next run the year-bearing line's year.
   */
  lastMs: number | null = null;
  private year: number | null;
  private lastMonth = -1;
  private lastDay = 0;
  /** month * 32 + day of the last line before the year last moved on in this run (-1: it has not) */
  private beforeTurn = -1;
  private readonly refYear: number;
  /** the latest a line can be, when the year is not given */
  private readonly limitMs: number | null;

  constructor(opts: YearOptions) {
    this.year = opts.year ?? null;
    if (opts.resumeMs !== undefined) {
      const last = new Date(opts.resumeMs);
      this.year = last.getFullYear();
      this.lastMonth = last.getMonth();
    }
    this.refYear = new Date(opts.refMs ?? 0).getFullYear();
    this.limitMs = opts.year === undefined && opts.refMs !== undefined ? opts.refMs + REF_SLACK_MS : null;
  }

  /** month is 0-based, day 1-based */
  resolve(month: number, day = 1): number {
    const last = this.lastMonth;
    if (month === last) {
      this.lastDay = day;
      return this.year!;
    }
    if (this.year === null) {
      this.year = this.limitMs !== null && new Date(this.refYear, month, day).getTime() > this.limitMs ? this.refYear - 1 : this.refYear;
    } else if (last >= 0 && last - month > 6) {
      if (this.limitMs !== null && new Date(this.year + 1, month, day).getTime() > this.limitMs) return this.year;
      this.year += 1;
      this.beforeTurn = last * 32 + this.lastDay;
    } else if (last >= 0 && month - last > 6) {
      if (month === 11 && last === 0) return this.year - 1;
      if (this.beforeTurn >= 0 && month * 32 + day >= this.beforeTurn - 1) return this.year - 1;
    }
    this.lastMonth = month;
    this.lastDay = day;
    return this.year;
  }
}
