import { termSafe } from './escape.js';
import { csvField } from './csv.js';

// `mxlens query` results: an aligned text table, CSV or JSON. Integers arrive as bigint (so those
// beyond 2^53 stay exact) and NULL must stay apart from the empty string in every format.
// Rows come in chunks so that a result of millions of rows is written out as it is read: the
// output of a result that fits in one chunk is exactly what rendering it whole would give.

export type QueryFormat = 'table' | 'json' | 'csv';

export interface QueryRenderer {
  /** the text for the next chunk of rows; the first call (possibly with no rows) also carries the header */
  chunk(rows: unknown[][]): string;
  /** the text after the last chunk, given the number of rows in all */
  end(total: number): string;
}

export function queryRenderer(format: QueryFormat, columns: string[]): QueryRenderer {
  return format === 'json' ? jsonRenderer(columns) : format === 'csv' ? csvRenderer(columns) : tableRenderer(columns);
}

/** The whole result at once (tests, small results). */
export function renderQuery(format: QueryFormat, columns: string[], rows: unknown[][]): string {
  const r = queryRenderer(format, columns);
  return r.chunk(rows) + r.end(rows.length);
}

// A NULL is an empty cell, like psql and sqlite3 show it; an empty string is shown as "".
const cell = (v: unknown): string =>
  v === null || v === undefined ? '' : v === '' ? '""' : typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? `x'${v.toString('hex')}'` : String(v);

/** Column widths come from the first chunk (at most 80); a wider cell in a later chunk is cut with '~', as one past 80 is. */
function tableRenderer(columns: string[]): QueryRenderer {
  let widths: number[] | null = null;
  const fmt = (r: string[], w: number[]) => r.map((v, i) => (v.length > w[i]! ? `${v.slice(0, w[i]! - 1)}~` : v.padEnd(w[i]!))).join('  ').trimEnd();
  return {
    chunk(rows) {
      const data = rows.map((r) => r.map((v) => termSafe(cell(v))));
      let out = '';
      if (widths === null) {
        // a loop, not Math.max(...cells): spreading a few hundred thousand rows overflows the stack
        const w = columns.map((c) => Math.min(80, termSafe(c).length));
        for (const r of data) for (let i = 0; i < w.length; i++) if (r[i]!.length > w[i]!) w[i] = Math.min(80, r[i]!.length);
        widths = w;
        out = `${fmt(columns.map(termSafe), w)}\n${w.map((n) => '-'.repeat(n)).join('  ')}\n`;
      }
      for (const r of data) out += `${fmt(r, widths)}\n`;
      return out;
    },
    end: (total) => `(${total} row${total === 1 ? '' : 's'})\n`,
  };
}

function csvRenderer(columns: string[]): QueryRenderer {
  let started = false;
  return {
    chunk(rows) {
      let out = started ? '' : `${columns.map(csvField).join(',')}\r\n`;
      started = true;
      for (const r of rows) out += `${r.map(csvField).join(',')}\r\n`;
      return out;
    },
    end: () => '',
  };
}

/**
 * One array of objects, laid out as JSON.stringify(rows, null, 2) lays it out. Integers are JSON
 * numbers, written digit for digit even past 2^53 (JSON has no limit; jq 1.7 keeps them).
 */
/**
 * JSON object keys for the result's columns: a name a column before it took gets "_2", "_3"...
 * (`SELECT r.id, s.id ...` kept only the last id, with no warning).
 */
export function uniqueKeys(columns: string[]): string[] {
  const taken = new Set<string>();
  return columns.map((c) => {
    let k = c;
    for (let n = 2; taken.has(k); n++) k = `${c}_${n}`;
    taken.add(k);
    return k;
  });
}

function jsonRenderer(names: string[]): QueryRenderer {
  const columns = uniqueKeys(names);
  const marker = `\u0000mxlens-int-${Math.random().toString(36).slice(2)}:`;
  const markerRe = new RegExp(`${JSON.stringify(marker).slice(0, -1).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}(\\d+)"`, 'g');
  let count = 0;
  const element = (r: unknown[]): string => {
    const big: string[] = [];
    const value = (v: unknown): unknown => {
      if (typeof v === 'bigint') {
        if (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
        big.push(v.toString());
        return `${marker}${big.length - 1}`;
      }
      return Buffer.isBuffer(v) ? v.toString('hex') : v;
    };
    let json = JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, value(r[i])])), null, 2);
    if (big.length > 0) json = json.replace(markerRe, (_m, i: string) => big[Number(i)]!);
    // inside the array every line is indented once more (string values hold no raw newline)
    return `  ${json.replace(/\n/g, '\n  ')}`;
  };
  return {
    chunk(rows) {
      let out = '';
      for (const r of rows) out += `${count++ === 0 ? '[\n' : ',\n'}${element(r)}`;
      return out;
    },
    end: () => (count === 0 ? '[]\n' : '\n]\n'),
  };
}
