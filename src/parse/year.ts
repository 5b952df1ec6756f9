// Year-less syslog stamps ("Nov  8 10:00:00") need a year from outside.
// The first stamp takes the given year, or the year that puts it at or before the
// reference time (the file's mtime); after that a jump backwards of more than six
// months (December -> January) moves to the next year. A December line met just after the
// turn (a January line came first: hosts merged into one file, or a daemon whose line
// reached syslog a moment late) belongs to the year before, and moves nothing.

export interface YearOptions {
  /** the year of the first year-less line (--year) */
  year?: number;
  /** a time the log cannot be later than, usually the file's mtime (epoch ms) */
  refMs?: number;
  /** the time of the last line read by an earlier run, when resuming mid-file */
  resumeMs?: number;
}

export class YearResolver {
  /**
   * The time of the last year-less stamp read, for the checkpoint a resumed run starts from
   * (resumeMs). Not the last line's time: in a log that mixes stamps with a year (Exim's own,
   * RFC 3339) and without, that would hand the next run the year-bearing line's year.
   */
  lastMs: number | null = null;
  private year: number | null;
  private lastMonth = -1;
  private readonly refYear: number;
  private readonly refMonth: number;

  constructor(opts: YearOptions) {
    this.year = opts.year ?? null;
    if (opts.resumeMs !== undefined) {
      const last = new Date(opts.resumeMs);
      this.year = last.getFullYear();
      this.lastMonth = last.getMonth();
    }
    const ref = new Date(opts.refMs ?? 0);
    this.refYear = ref.getFullYear();
    this.refMonth = ref.getMonth();
  }

  /** month is 0-based */
  resolve(month: number): number {
    if (this.year === null) {
      this.year = month > this.refMonth ? this.refYear - 1 : this.refYear;
    } else if (month === 11 && this.lastMonth === 0) {
      return this.year - 1;
    } else if (this.lastMonth >= 0 && this.lastMonth - month > 6) {
      this.year += 1;
    }
    this.lastMonth = month;
    return this.year;
  }
}
