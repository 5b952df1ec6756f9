// sysexits(3) values, plus one for cron alerting.
export const EX = {
  OK: 0,
  USAGE: 64,
  DATAERR: 65,
  NOINPUT: 66,
  SOFTWARE: 70,
  CANTCREAT: 73,
  IOERR: 74,
  TEMPFAIL: 75,
  CONFIG: 78,
  /** a --fail-on threshold was crossed */
  THRESHOLD: 3,
} as const;

/** An operational failure: one line for stderr and the exit code it maps to. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
