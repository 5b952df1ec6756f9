import { describe, expect, test } from 'vitest';
import { compileTable, leadChar, type PatternRow } from '../../src/parse/table.js';
import type { LogRecord } from '../../src/model/types.js';

// compileTable skips a row by its first character only when the pattern forces that character.
describe('leadChar', () => {
  const cases: Array<[RegExp, string | null]> = [
    [/^connect from (?<h>\S+)$/, 'c'],
    [/^DISCONNECT \[(?<ip>[^\]]*)\]$/, 'D'],
    [/^ *(?<q>[0-9A-F]+): removed$/, null], // leading space is optional
    [/^c?onnect$/, null], // the first character is optional
    [/^connect|^disconnect$/, null], // top-level alternative
    [/^(?:NOQUEUE|[0-9A-F]+): reject$/, null], // starts with a group
    [/^connect$/i, null], // case-insensitive
    [/connect$/, null], // not anchored
    [/^a[|]b(c|d)$/, 'a'], // a | inside a class or a group is not top-level
  ];
  for (const [re, lead] of cases) {
    test(String(re), () => expect(leadChar(re)).toBe(lead === null ? -1 : lead.charCodeAt(0)));
  }
});

describe('compileTable with lead characters keeps first-match-wins order', () => {
  const rec = (message: string): LogRecord => ({ ts: 0, host: 'h', program: 'postfix/smtpd', service: 'smtpd', pid: 1, message, raw: message });
  const row = (id: string, re: RegExp): PatternRow => ({
    id, services: ['smtpd'], re, samples: ['x'],
    build: () => ({ kind: 'info', pattern: id, mta: 'postfix' }),
  });
  const table = compileTable([row('a', /^connect from x$/), row('b', /^(?:dis)?connect from x$/), row('c', /^disconnect from x$/)]);
  test('a line whose first character rules out the first row still reaches the next one', () => {
    expect(table.match(rec('disconnect from x'))?.pattern).toBe('b');
    expect(table.match(rec('connect from x'))?.pattern).toBe('a');
    expect(table.match(rec('reconnect from x'))).toBeNull();
  });
});
