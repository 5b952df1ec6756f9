import { termSafe } from './escape.js';
import { renderCsvRows } from './csv.js';

// `mxlens query` results: an aligned text table, CSV or JSON. Integers arrive as bigint (so those
// beyond 2^53 stay exact) and NULL must stay apart from the empty string in every format.

// A NULL is an empty cell, like psql and sqlite3 show it; an empty string is shown as "".
const cell = (v: unknown): string =>
  v === null || v === undefined ? '' : v === '' ? '""' : typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? `x'${v.toString('hex')}'` : String(v);

export function renderQueryTable(columns: string[], rows: unknown[][]): string {
  const data = rows.map((r) => r.map((v) => termSafe(cell(v))));
  // a loop, not Math.max(...cells): spreading a few hundred thousand rows overflows the stack
  const widths = columns.map((c) => Math.min(80, termSafe(c).length));
  for (const r of data) for (let i = 0; i < widths.length; i++) if (r[i]!.length > widths[i]!) widths[i] = Math.min(80, r[i]!.length);
  const fmt = (r: string[]) => r.map((v, i) => (v.length > widths[i]! ? `${v.slice(0, widths[i]! - 1)}~` : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(columns.map(termSafe)), widths.map((w) => '-'.repeat(w)).join('  '), ...data.map(fmt), `(${rows.length} row${rows.length === 1 ? '' : 's'})`, ''].join('\n');
}

export function renderQueryCsv(columns: string[], rows: unknown[][]): string {
  return renderCsvRows(columns, rows);
}

/** Integers are JSON numbers, written digit for digit even past 2^53 (JSON has no limit; jq 1.7 keeps them). */
export function renderQueryJson(columns: string[], rows: unknown[][]): string {
  const big: string[] = [];
  const marker = `\u0000mxlens-int-${Math.random().toString(36).slice(2)}:`;
  const value = (v: unknown): unknown => {
    if (typeof v === 'bigint') {
      if (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
      big.push(v.toString());
      return `${marker}${big.length - 1}`;
    }
    return Buffer.isBuffer(v) ? v.toString('hex') : v;
  };
  const objs = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, value(r[i])])));
  let json = JSON.stringify(objs, null, 2);
  if (big.length > 0) {
    const quoted = JSON.stringify(marker).slice(0, -1);
    json = json.replace(new RegExp(`${quoted.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(\\d+)"`, 'g'), (_m, i: string) => big[Number(i)]!);
  }
  return `${json}\n`;
}
