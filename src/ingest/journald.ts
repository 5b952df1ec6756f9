import type { Readable } from 'node:stream';
import streamArray from 'stream-json/streamers/stream-array.js';
import streamValues from 'stream-json/streamers/stream-values.js';
import type { LogRecord } from '../model/types.js';

// journald's JSON export (`journalctl -o json`): one object per entry, every value a
// string, except that a value which is not valid UTF-8 is an array of byte numbers, a
// field logged more than once is an array of such values, and a field larger than the
// export limit (4096 bytes unless `--all`) is null.

export interface JournalItem {
  /** null when the entry carries no usable MESSAGE (counted by the caller, never dropped silently) */
  rec: LogRecord | null;
  /** the entry's __CURSOR, kept so that a later run can resume after it */
  cursor: string | null;
  /**
   * The entry as a syslog line (`ISO-time host program[pid]: message`) that LineParser
   * reads back to the same record; for an entry without MESSAGE, a short description.
   */
  raw: string;
}

export type JournalShape = 'lines' | 'array';

type JsonValue = string | number | null | JsonValue[] | { [k: string]: JsonValue };
type Entry = Record<string, JsonValue>;

function isByteArray(v: JsonValue[]): v is number[] {
  return v.length > 0 && v.every((x) => typeof x === 'number');
}

/** One field as text: first usable value of a repeated field, bytes decoded as UTF-8. */
export function fieldText(v: JsonValue | undefined): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (!Array.isArray(v)) return null;
  if (isByteArray(v)) return Buffer.from(v).toString('utf8');
  for (const x of v) {
    const t = fieldText(x);
    if (t !== null) return t;
  }
  return null;
}

function intOrNull(s: string | null): number | null {
  if (s === null || !/^\d+$/.test(s)) return null;
  return Number(s);
}

function serviceOf(program: string): string {
  const slash = program.lastIndexOf('/');
  return slash < 0 ? program : program.slice(slash + 1);
}

/** Turns one journald entry into a record. Pure. */
export function journalEntryToItem(e: Entry): JournalItem {
  const cursor = fieldText(e.__CURSOR);
  const message = fieldText(e.MESSAGE);
  const micros = fieldText(e.__REALTIME_TIMESTAMP);
  // microseconds do not fit a double exactly past 2^53 µs (year 2255): divide as text
  const ts = micros !== null && /^\d{4,}$/.test(micros) ? Number(micros.slice(0, -3)) : null;
  const program = fieldText(e.SYSLOG_IDENTIFIER) ?? fieldText(e._COMM) ?? '';
  const pid = intOrNull(fieldText(e._PID) ?? fieldText(e.SYSLOG_PID));
  const host = fieldText(e._HOSTNAME) ?? '';
  const when = ts === null ? '-' : new Date(ts).toISOString();
  if (message === null) {
    const why = e.MESSAGE === null ? 'MESSAGE null (too large for the export; use journalctl --all)' : 'no MESSAGE';
    return { rec: null, cursor, raw: `${when} ${host || '-'} ${program}${pid === null ? '' : `[${pid}]`}: <${why}>` };
  }
  const raw = `${when} ${host || '-'} ${program || '-'}${pid === null ? '' : `[${pid}]`}: ${message}`;
  return { rec: { ts, host, program, service: serviceOf(program), pid, message, raw }, cursor, raw };
}

/** The parts of a cursor that order entries: seqnum id, seqnum, realtime (hex µs). */
interface CursorKey {
  s: string;
  i: bigint;
  t: bigint;
}

export function parseCursor(cursor: string): CursorKey | null {
  const parts = new Map<string, string>();
  for (const p of cursor.split(';')) {
    const eq = p.indexOf('=');
    if (eq > 0) parts.set(p.slice(0, eq), p.slice(eq + 1));
  }
  const s = parts.get('s');
  const i = parts.get('i');
  const t = parts.get('t');
  if (s === undefined || i === undefined || t === undefined || !/^[0-9a-f]+$/i.test(i + t)) return null;
  return { s, i: BigInt(`0x${i}`), t: BigInt(`0x${t}`) };
}

/**
 * True when an entry with this cursor was already read by a run that stopped at `after`.
 * Same sequence-number source: compare sequence numbers. Another source (a journal from
 * another boot id set or machine): compare realtime stamps, the only shared order.
 */
export function seenBefore(cursor: string | null, after: CursorKey | null): boolean {
  if (after === null || cursor === null) return false;
  const c = parseCursor(cursor);
  if (c === null) return false;
  return c.s === after.s ? c.i <= after.i : c.t <= after.t;
}

export interface JournalOptions {
  shape: JournalShape;
  /** resume: entries at or before this cursor are skipped */
  afterCursor?: string | null;
}

/**
 * Reads journald JSON from a byte stream in constant memory: JSON Lines (what
 * `journalctl -o json` prints) or one large array of entries.
 */
export async function* readJournal(input: Readable, opts: JournalOptions): AsyncGenerator<JournalItem> {
  const after = opts.afterCursor ? parseCursor(opts.afterCursor) : null;
  const values =
    opts.shape === 'array' ? streamArray.withParserAsStream() : streamValues.withParserAsStream({ jsonStreaming: true });
  input.on('error', (err) => values.destroy(err));
  input.pipe(values);
  for await (const item of values as AsyncIterable<{ value: JsonValue }>) {
    const v = item.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      yield { rec: null, cursor: null, raw: `<not a journal entry: ${JSON.stringify(v).slice(0, 200)}>` };
      continue;
    }
    const out = journalEntryToItem(v);
    if (seenBefore(out.cursor, after)) continue;
    yield out;
  }
}
