import type { Readable } from 'node:stream';
import type { LogRecord } from '../model/types.js';
import { readJsonLines } from './json-lines.js';
import { readJsonArray } from './json-array.js';
import type { Position } from './read-ranges.js';

// journald's JSON export (`journalctl -o json`): one object per entry, every value a
// string, except that a value which is not valid UTF-8 is an array of byte numbers, a
// field logged more than once is an array of such values, and a field larger than the
// export limit (4096 bytes unless `--all`) is null.

export interface JournalItem {
  /** null when the entry carries no usable MESSAGE or is damaged (counted by the caller, never dropped silently) */
  rec: LogRecord | null;
  /** for an entry without usable MESSAGE, or a damaged one: what is known of it, its message saying what is wrong */
  stub?: LogRecord;
  /** a line that is not valid JSON or not an object at all */
  damaged?: boolean;
  /** the entry's __CURSOR, kept so that a later run can resume after it */
  cursor: string | null;
  /** where the entry sits in its journal, to tell whether it was read before */
  pos: Position | null;
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

/**
 * Where an entry sits: its journal (the cursor's seqnum id `s=`) and sequence number `i=`,
 * within the stream of its unit and identifier. Without a usable cursor: its host and realtime.
 */
export function positionOf(cursor: string | null, e: Entry, program: string, host: string, micros: string | null): Position | null {
  const stream = `${fieldText(e._SYSTEMD_UNIT) ?? ''}\u0001${program}`;
  const c = cursor === null ? null : parseCursor(cursor);
  if (c !== null) return { scope: `journal:${c.s}`, stream, at: c.i };
  if (micros !== null && /^\d+$/.test(micros)) return { scope: `journal-host:${host}`, stream, at: BigInt(micros) };
  return null;
}

/** A traditional or RFC 3339 syslog stamp, a host and a program tag: a syslog line, whole. */
const WHOLE_LINE = /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)?|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S*) \S+ [^\s[\]]+(?:\[\d+\])?: /;

/** Turns one journald entry into a record. Pure. */
export function journalEntryToItem(e: Entry): JournalItem {
  const cursor = fieldText(e.__CURSOR);
  const message = fieldText(e.MESSAGE);
  const micros = fieldText(e.__REALTIME_TIMESTAMP);
  // microseconds do not fit a double exactly past 2^53 µs (year 2255): divide as text
  const ms = micros !== null && /^\d{4,}$/.test(micros) ? Number(micros.slice(0, -3)) : null;
  // a stamp past the last time a Date holds (20 digits and more) is no time: the entry is read without one
  const ts = ms !== null && !Number.isNaN(new Date(ms).getTime()) ? ms : null;
  const program = fieldText(e.SYSLOG_IDENTIFIER) ?? fieldText(e._COMM) ?? '';
  const pid = intOrNull(fieldText(e._PID) ?? fieldText(e.SYSLOG_PID));
  const host = fieldText(e._HOSTNAME) ?? '';
  const when = ts === null ? '-' : new Date(ts).toISOString();
  const pos = positionOf(cursor, e, program, host, micros);
  const prefix = `${when} ${host || '-'} ${program || '-'}${pid === null ? '' : `[${pid}]`}:`;
  if (message === null) {
    const why = e.MESSAGE === null ? 'MESSAGE null (too large for the export; use journalctl --all)' : 'no MESSAGE';
    const raw = `${prefix} <${why}>`;
    return { rec: null, stub: { ts, host, program, service: serviceOf(program), pid, message: why, raw }, cursor, pos, raw };
  }
  // A message that is a whole syslog line of its own (a container's Postfix or Exim logging to its
  // standard output under Docker's or Podman's journald driver, whose identifier is the container;
  // Postfix's maillog_file = /dev/stdout under systemd) is read as that line: its own host, program
  // and pid, not the journal's
  const raw = WHOLE_LINE.test(message) ? message : `${prefix} ${message}`;
  return { rec: { ts, host, program, service: serviceOf(program), pid, message, raw }, cursor, pos, raw };
}

/** A line of the export that is no journal entry: counted under `(journal)`, with its line number. */
export function damagedItem(line: number, text: string, why = 'damaged JSON entry, not read'): JournalItem {
  const raw = `line ${line}: ${text}`;
  return { rec: null, damaged: true, stub: { ts: null, host: '', program: '(journal)', service: '(journal)', pid: null, message: why, raw }, cursor: null, pos: null, raw };
}

/** The parts of a cursor that place an entry: seqnum id and sequence number (hex). */
interface CursorKey {
  s: string;
  i: bigint;
}

/** `t=` (realtime) and the other parts are not needed: `s=` and `i=` place an entry. */
export function parseCursor(cursor: string): CursorKey | null {
  const s = part(cursor, 's');
  const i = part(cursor, 'i');
  if (s === undefined || s === '' || i === undefined || !HEX.test(i)) return null;
  return { s, i: BigInt(`0x${i}`) };
}

const HEX = /^[0-9a-f]{1,16}$/i;

/** The value of the last `key=` part of a cursor (parts are separated by `;`), as a map of them would hold it. */
function part(cursor: string, key: string): string | undefined {
  let found: string | undefined;
  for (let from = 0; from <= cursor.length; ) {
    let end = cursor.indexOf(';', from);
    if (end < 0) end = cursor.length;
    if (end - from > key.length && cursor.charCodeAt(from + key.length) === 61 && cursor.startsWith(key, from)) found = cursor.slice(from + key.length + 1, end);
    from = end + 1;
  }
  return found;
}

export interface JournalOptions {
  shape: JournalShape;
}

function toItem(v: JsonValue, line: number): JournalItem {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return damagedItem(line, JSON.stringify(v).slice(0, 200), 'not a journal entry');
  return journalEntryToItem(v);
}

/**
 * Reads journald JSON from a byte stream in constant memory: JSON Lines (what
 * `journalctl -o json` prints; a damaged line is handed on as such and reading goes on)
 * or one large array of entries (damage ends it: ArrayDamage, after every entry before it).
 */
export async function* readJournal(input: Readable, opts: JournalOptions): AsyncGenerator<JournalItem> {
  if (opts.shape === 'lines') {
    for await (const l of readJsonLines(input)) {
      yield 'bad' in l ? damagedItem(l.line, l.bad) : toItem(l.value as JsonValue, l.line);
    }
    return;
  }
  let n = 0;
  for await (const v of readJsonArray(input)) yield toItem(v as JsonValue, ++n);
}
