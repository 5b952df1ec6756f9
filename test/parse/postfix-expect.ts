import { expect } from 'vitest';
import { LineParser } from '../../src/parse/index.js';
import type { MailEvent } from '../../src/model/types.js';

/** A whole log line and the complete event it must become. */
export interface Case {
  line: string;
  event: MailEvent;
}

/** Parses one line as the CLI would and returns its event, failing the test on a miss. */
export function eventOf(line: string): MailEvent {
  const out = new LineParser({ year: 2026 }).parse(line);
  expect(out.type, `expected an event for: ${line}`).toBe('event');
  if (out.type !== 'event') throw new Error('unreachable');
  // round-trip drops undefined fields, so the comparison is against exactly what is set
  return JSON.parse(JSON.stringify(out.event)) as MailEvent;
}
