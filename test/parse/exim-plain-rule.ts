import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eximRows } from '../../src/parse/exim/index.js';
import { LineParser } from '../../src/parse/index.js';
import type { LogRecord, MailEvent } from '../../src/model/types.js';
import type { Groups } from '../../src/parse/table.js';

// The rule the Exim shortcuts stand for, for their tests: the first row whose pattern matches
// builds the event from its groups. Events are compared key by key, in order, undefined included.

export const rec = (message: string): LogRecord => ({ ts: null, host: '', program: 'exim', service: 'exim', pid: null, message, raw: message });

export function plain(message: string): MailEvent | null {
  const r = rec(message);
  for (const row of eximRows) {
    const m = row.re.exec(message);
    if (m) return row.build((m.groups ?? {}) as Groups, r);
  }
  return null;
}

/** a strict text form: key order and undefined values count */
export function form(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(form).join(',')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${form(x)}`).join(',')}}`;
}

export function fixtureMessages(): string[] {
  const files = [
    ...readdirSync('fixtures/corpus/exim').map((f) => join('fixtures/corpus/exim', f)),
    'fixtures/lab/exim-mainlog.log', 'fixtures/lab/exim-rejectlog.log',
  ];
  const lines = [...files.flatMap((f) => readFileSync(f, 'utf8').split('\n')), ...eximRows.flatMap((r) => r.samples)];
  const parser = new LineParser({ year: 2026, mta: 'exim' });
  const out = new Set<string>();
  for (const line of lines) {
    const o = parser.parse(line);
    if (o.rec !== null && o.type !== 'foreign' && !o.rec.message.includes('\u0000') && !o.rec.message.includes('\n')) out.add(o.rec.message);
  }
  return [...out];
}

