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
  /** real log lines, whole (with prefix), that this row must be the first to match */
  samples: readonly string[];
}

export interface CompiledTable {
  match(rec: LogRecord): MailEvent | null;
  /** the first row that matches, for tests and `mxlens explain-line` style tooling */
  firstRow(rec: LogRecord): PatternRow | null;
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

  function firstRow(rec: LogRecord): PatternRow | null {
    for (const r of rowsFor(rec.service)) if (r.re.test(rec.message)) return r;
    return null;
  }
  function match(rec: LogRecord): MailEvent | null {
    for (const r of rowsFor(rec.service)) {
      const m = r.re.exec(rec.message);
      if (m) return r.build((m.groups ?? {}) as Groups, rec);
    }
    return null;
  }
  return { match, firstRow };
}
