// Pieces shared by the Exim rows: message ids, the KEY=value fields, host specs.

/**
 * Exim message ids: 6-6-2 base-62 before 4.97 ("1rXyZa-000ABC-12"), 6-11-4 from 4.97
 * on ("1rXyZa-00000000ABC-0012"). Only these two shapes; a log may hold both.
 */
export const ID = '[0-9A-Za-z]{6}-(?:[0-9A-Za-z]{6}-[0-9A-Za-z]{2}|[0-9A-Za-z]{11}-[0-9A-Za-z]{4})';
export const QID = `(?<queueId>${ID})`;

/** "name (helo) [ip]:port", "(helo) [ip]", "[ip]", "name [ip]"; a trailing '*' marks a reused connection */
const HOST_SPEC = /(?:([^\s()[\]]+) )?(?:\(([^)]*)\) )?\[([^\]\s]*)\](?::(\d+))?\*?/y;
const BARE_HOST = /[^\s:]+/y;

export interface HostSpec {
  host?: string;
  helo?: string;
  ip?: string;
  port?: number;
}

/** Reads a host spec at `at`; `end` is where it stops. */
export function parseHost(s: string, at = 0): { spec: HostSpec; end: number } | null {
  HOST_SPEC.lastIndex = at;
  const m = HOST_SPEC.exec(s);
  if (m) {
    const spec: HostSpec = { ip: m[3] };
    if (m[1] !== undefined) spec.host = m[1];
    if (m[2] !== undefined) spec.helo = m[2];
    if (m[4] !== undefined) spec.port = Number(m[4]);
    return { spec, end: HOST_SPEC.lastIndex };
  }
  // "H=name" alone (local deliveries through a named host, test suites)
  BARE_HOST.lastIndex = at;
  const bare = BARE_HOST.exec(s);
  return bare ? { spec: { host: bare[0] }, end: BARE_HOST.lastIndex } : null;
}

export interface Fields {
  values: Record<string, string>;
  host?: HostSpec;
  /** text after the last field ("": none) */
  tail: string;
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordChar = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 57) || c === 95;

// one-letter keys (H= S= R= T= ...) are most of them: the same string each time, not a new slice
const LETTERS = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

/** The end of a key ("KEY=" as /[A-Za-z][A-Za-z0-9_]{0,11}=/y reads it) starting at `i`: the index of '=', or -1. */
function keyEnd(s: string, i: number): number {
  if (!isLetter(s.charCodeAt(i))) return -1;
  let j = i + 1;
  while (isWordChar(s.charCodeAt(j))) j++;
  return j - i <= 12 && s.charCodeAt(j) === 61 ? j : -1;
}

/** A "quoted" value starting at the quote `at`: its text (backslash escapes undone) and the index after it. */
function quoted(s: string, at: number): { v: string; end: number } {
  let v = '';
  let from = at + 1;
  for (;;) {
    const q = s.indexOf('"', from);
    const b = s.indexOf('\\', from);
    if (b >= 0 && (q < 0 || b < q)) {
      v += s.slice(from, b) + (s[b + 1] ?? '');
      from = b + 2;
      continue;
    }
    if (q < 0) return { v: v + s.slice(from), end: s.length };
    return { v: v + s.slice(from, q), end: q + 1 };
  }
}

/** Reads "K=v K="quoted" H=name (helo) [ip]:port ..." until the first word that is not a field. */
export function parseFields(s: string): Fields {
  const values: Record<string, string> = {};
  let host: HostSpec | undefined;
  let i = 0;
  for (;;) {
    while (s.charCodeAt(i) === 32) i++;
    const eq = keyEnd(s, i);
    if (eq < 0) break;
    const key = eq === i + 1 ? LETTERS[s.charCodeAt(i)]! : s.slice(i, eq);
    const j = eq + 1;
    if (key === 'H' && host === undefined) {
      const h = parseHost(s, j);
      if (!h) break;
      host = h.spec;
      i = h.end;
    } else if (s.charCodeAt(j) === 34) {
      const q = quoted(s, j);
      values[key] = q.v;
      i = q.end;
    } else {
      let e = s.indexOf(' ', j);
      if (e < 0) e = s.length;
      if (s.charCodeAt(e - 1) === 58 && e - 1 > j) {
        // "R=system_aliases: User has left": the colon opens the error text
        values[key] = s.slice(j, e - 1);
        i = e - 1;
        break;
      }
      values[key] = s.slice(j, e);
      i = e;
    }
  }
  const out: Fields = { values, tail: s.slice(i) };
  if (host) out.host = host;
  return out;
}

/** Strips a trailing ':' a field value picks up before an error text ("CV=yes:"), and unquotes <x>. */
export function angle(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s.endsWith(':') ? s.slice(0, -1) : s;
  return t.startsWith('<') && t.endsWith('>') ? t.slice(1, -1) : t;
}

export function int(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number.parseInt(s, 10);
  return Number.isNaN(n) ? undefined : n;
}

/** "1m2s", "3s", "1d2h" -> seconds */
export function duration(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const re = /(\d+)([wdhms])/g;
  let total = 0;
  let any = false;
  const mult: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * mult[m[2]!]!;
    any = true;
  }
  return any ? total : undefined;
}
