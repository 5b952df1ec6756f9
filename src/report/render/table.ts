import { termSafe } from './escape.js';

// Query results as an aligned text table, CSV (RFC 4180) or JSON objects.

const cell = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? `x'${v.toString('hex')}'` : String(v));

export function renderTable(columns: string[], rows: unknown[][]): string {
  const data = rows.map((r) => r.map((v) => termSafe(cell(v))));
  const widths = columns.map((c, i) => Math.min(80, Math.max(termSafe(c).length, ...data.map((r) => r[i]!.length))));
  const fmt = (r: string[]) => r.map((v, i) => (v.length > widths[i]! ? `${v.slice(0, widths[i]! - 1)}~` : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(columns.map(termSafe)), widths.map((w) => '-'.repeat(w)).join('  '), ...data.map(fmt), `(${rows.length} row${rows.length === 1 ? '' : 's'})`, ''].join('\n');
}

export function renderCsv(columns: string[], rows: unknown[][]): string {
  const q = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [columns.map(q).join(','), ...rows.map((r) => r.map((v) => q(cell(v))).join(','))].join('\r\n') + '\r\n';
}

export function renderJsonRows(columns: string[], rows: unknown[][]): string {
  const objs = rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, typeof r[i] === 'bigint' ? String(r[i]) : Buffer.isBuffer(r[i]) ? (r[i] as Buffer).toString('hex') : r[i]])));
  return `${JSON.stringify(objs, null, 2)}\n`;
}
