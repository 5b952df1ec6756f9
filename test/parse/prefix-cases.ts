import { expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';

// A line and the record its prefix must give: time, host, program, pid and the message after the prefix.

export interface PrefixCase {
  /** what the case shows (the test's title) */
  name: string;
  line: string;
  ts: string | null;
  host: string;
  program: string;
  pid: number | null;
  message: string;
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** One test per case: the line parses to an event whose record has these fields. */
export function prefixTests(cases: readonly PrefixCase[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const out = new LineParser({ year: 2026 }).parse(c.line);
      expect(out.type).toBe('event');
      const rec = out.rec!;
      expect({ ts: iso(rec.ts), host: rec.host, program: rec.program, pid: rec.pid, message: rec.message }).toEqual({
        ts: c.ts, host: c.host, program: c.program, pid: c.pid, message: c.message,
      });
    });
  }
}
