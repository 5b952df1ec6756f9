import type { LogRecord, MailEvent } from '../model/types.js';

/** Named groups of a match; a group that did not take part is undefined. */
export type Groups = Record<string, string | undefined>;

/**
 * One line shape, as data. `re` runs on the record's message (the text after
 * "program[pid]: "); `build` turns its named groups into an event.
 */
export interface PatternRow {
  /** stable id, also stored with each row: 'postfix.smtpd.noqueue-reject' */
  id: string;
  /** services (last program component) the row applies to; '*' for all of the MTA's */
  services: readonly string[] | '*';
  re: RegExp;
  build(g: Groups, rec: LogRecord): MailEvent;
  /** a further condition on the groups, when the pattern alone cannot tell the row's lines from another's */
  when?: (g: Groups) => boolean;
  /** real log lines, whole (with prefix), that this row must be the first to match */
  samples: readonly string[];
}

/** The row with this id; a missing one is a programming error, caught when the module loads. */
export function rowById(rows: readonly PatternRow[], id: string): PatternRow {
  const r = rows.find((x) => x.id === id);
  if (r === undefined) throw new Error(`no row ${id}`);
  return r;
}

export interface CompiledTable {
  match(rec: LogRecord): MailEvent | null;
  /** the first row that matches, for tests and `mxlens explain-line` style tooling */
  firstRow(rec: LogRecord): PatternRow | null;
}

/**
 * The character every match must start with, when the pattern says so plainly ("^connect from ..."),
 * else -1. Lets a line skip a row with one comparison instead of a regex call.
 */
export function leadChar(re: RegExp): number {
  const src = re.source;
  if (re.flags.includes('i') || re.flags.includes('m') || src[0] !== '^') return -1;
  const c = src[1];
  if (c === undefined || !/[A-Za-z0-9 <>=_,:-]/.test(c) || /[*+?{]/.test(src[2] ?? '')) return -1;
  // a top-level alternative would not be anchored by the leading ^
  let depth = 0;
  let inClass = false;
  for (let i = 1; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return -1;
  }
  return c.charCodeAt(0);
}

/**
 * A row's pattern with its named groups made plain ones, and a function that builds the groups
 * object from a match of it. V8 builds `m.groups` of a named pattern property by property into an
 * object of no fixed shape, which cost about as much as the match itself on the lines every log
 * is mostly made of; a literal of the row's own names gets one shape per row, built at once. The
 * function is generated from the group names, which the pattern's syntax limits to identifiers.
 * Null when the pattern has no named group or a shape this reading does not handle.
 */
export function plainGroups(re: RegExp): { re: RegExp; groups: (m: RegExpExecArray) => Groups } | null {
  const src = re.source;
  const names: string[] = [];
  const index: number[] = [];
  let out = '';
  let n = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\\') {
      // a named back-reference names a group by number once the names are gone
      if (src[i + 1] === 'k') return null;
      out += src.slice(i, i + 2);
      i++;
      continue;
    }
    if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(' && src[i + 1] !== '?') n++;
    else if (ch === '(' && src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
      const close = src.indexOf('>', i);
      const name = src.slice(i + 3, close);
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) return null;
      names.push(name);
      index.push(++n);
      out += '(';
      i = close;
      continue;
    }
    out += ch;
  }
  if (names.length === 0 || re.flags.includes('v')) return null;
  const body = names.map((name, k) => `${name}: m[${index[k]}]`).join(', ');
  const groups = new Function('m', `return { ${body} };`) as (m: RegExpExecArray) => Groups;
  return { re: new RegExp(out, re.flags), groups };
}

interface Plan {
  list: PatternRow[];
  leads: number[];
  read: ((message: string) => Groups | null)[];
}

const plainOf = new WeakMap<RegExp, ReturnType<typeof plainGroups>>();

/** The groups of the row's pattern on `message` (as `re.exec(message).groups`), or null when it does not match. */
export function groupsReader(row: PatternRow): (message: string) => Groups | null {
  // one per pattern: the tables share rows (Postfix's second table, Exim's dispatch), and each
  // reader's function is compiled on its own
  let plain = plainOf.get(row.re);
  if (plain === undefined) plainOf.set(row.re, (plain = plainGroups(row.re)));
  if (plain === null) {
    return (message) => {
      const m = row.re.exec(message);
      return m === null ? null : ((m.groups ?? {}) as Groups);
    };
  }
  const { re, groups } = plain;
  return (message) => {
    const m = re.exec(message);
    return m === null ? null : groups(m);
  };
}

/** Rows are tried in table order; per service the list is precomputed so a line tries only its own rows. */
export function compileTable(rows: readonly PatternRow[]): CompiledTable {
  const ids = new Set<string>();
  for (const r of rows) {
    if (ids.has(r.id)) throw new Error(`duplicate pattern id ${r.id}`);
    ids.add(r.id);
  }
  const wildcard = rows.filter((r) => r.services === '*');
  const byService = new Map<string, PatternRow[]>();
  for (const r of rows) {
    if (r.services === '*') continue;
    for (const s of r.services) if (!byService.has(s)) byService.set(s, []);
  }
  for (const [service, list] of byService) {
    for (const r of rows) if (r.services === '*' || r.services.includes(service)) list.push(r);
  }
  const rowsFor = (service: string): PatternRow[] => byService.get(service) ?? wildcard;
  const lead = new Map<PatternRow, number>(rows.map((r) => [r, leadChar(r.re)]));
  // one lookup per line: a service's rows with their lead characters side by side
  const readers = new Map(rows.map((r) => [r, groupsReader(r)]));
  const plan = (list: PatternRow[]): Plan => ({ list, leads: list.map((r) => lead.get(r)!), read: list.map((r) => readers.get(r)!) });
  const wildcardPlan = plan(wildcard);
  const plans = new Map([...byService].map(([s, list]) => [s, plan(list)]));

  function firstRow(rec: LogRecord): PatternRow | null {
    for (const r of rowsFor(rec.service)) {
      const m = r.re.exec(rec.message);
      if (m && (r.when === undefined || r.when((m.groups ?? {}) as Groups))) return r;
    }
    return null;
  }
  function match(rec: LogRecord): MailEvent | null {
    const { list, leads, read } = plans.get(rec.service) ?? wildcardPlan;
    const first = rec.message.charCodeAt(0);
    for (let i = 0; i < list.length; i++) {
      const l = leads[i]!;
      if (l !== -1 && l !== first) continue;
      const r = list[i]!;
      const g = read[i]!(rec.message);
      if (g !== null && (r.when === undefined || r.when(g))) return r.build(g, rec);
    }
    return null;
  }
  return { match, firstRow };
}
