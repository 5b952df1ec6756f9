// Pieces shared by the Exim rows: message ids, the KEY=value fields, host specs.

/**
 * Exim message ids: 6-6-2 base-62 before 4.97 ("1rXyZa-000ABC-12"), 6-11-4 from 4.97
 * on ("1rXyZa-00000000ABC-0012"). Only these two shapes; a log may hold both.
 */
export const ID = '[0-9A-Za-z]{6}-(?:[0-9A-Za-z]{6}-[0-9A-Za-z]{2}|[0-9A-Za-z]{11}-[0-9A-Za-z]{4})';
export const QID = `(?<queueId>${ID})`;

/** "name (helo) [ip]:port", "(helo) [ip]", "[ip]", "name [ip]"; a trailing '*' marks a reused connection */
//   HOST_SPEC = /(?:([^\s()[\]]+) )?(?:\(([^)]*)\) )?\[([^\]\s]*)\](?::(\d+))?\*?/y  (read by hand below)
const BARE_HOST = /[^\s:]+/y;

export interface HostSpec {
  host?: string;
  helo?: string;
  ip?: string;
  port?: number;
}

/** Reads a host spec at `at`; `end` is where it stops. */
export function parseHost(s: string, at = 0): { spec: HostSpec; end: number } | null {
  const h = hostByHand(s, at);
  if (h !== null) return h;
  // "H=name" alone (local deliveries through a named host, test suites)
  BARE_HOST.lastIndex = at;
  const bare = BARE_HOST.exec(s);
  return bare ? { spec: { host: bare[0] }, end: BARE_HOST.lastIndex } : null;
}

/** JavaScript's \s */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A character HOST_SPEC's name part cannot hold: \s ( ) [ ] */
const notInName = (c: number): boolean => c === 40 || c === 41 || c === 91 || c === 93 || isSpace(c);

/**
 * HOST_SPEC read by hand (every received line and most session lines carry one), with the same
 * result: the name and "(helo)" parts are each taken only when followed by a space, and the two
 * cannot both be skipped for a name starting with a character other than "(" or "[".
 * null when the expression would not match at `at`.
 */
function hostByHand(s: string, at: number): { spec: HostSpec; end: number } | null {
  let p = at;
  let host: string | undefined;
  let helo: string | undefined;
  const first = s.charCodeAt(at);
  if (first !== 40 && first !== 91) {
    let i = at;
    while (i < s.length && !notInName(s.charCodeAt(i))) i++;
    if (i === at || s.charCodeAt(i) !== 32) return null;
    host = s.slice(at, i);
    p = i + 1;
  }
  if (s.charCodeAt(p) === 40) {
    const close = s.indexOf(')', p + 1);
    if (close < 0 || s.charCodeAt(close + 1) !== 32) return null;
    helo = s.slice(p + 1, close);
    p = close + 2;
  }
  if (s.charCodeAt(p) !== 91) return null;
  let i = p + 1;
  for (let c = s.charCodeAt(i); c !== 93 && i < s.length && !isSpace(c); c = s.charCodeAt(++i));
  if (s.charCodeAt(i) !== 93) return null;
  const spec: HostSpec = { ip: s.slice(p + 1, i) };
  if (host !== undefined) spec.host = host;
  if (helo !== undefined) spec.helo = helo;
  let end = i + 1;
  if (s.charCodeAt(end) === 58) {
    let j = end + 1;
    while (s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++;
    if (j > end + 1) {
      spec.port = Number(s.slice(end + 1, j));
      end = j;
    }
  }
  if (s.charCodeAt(end) === 42) end++;
  return { spec, end };
}

export interface Fields {
  values: Record<string, string>;
  host?: HostSpec;
  /** text after the last field ("": none) */
  tail: string;
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordChar = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 57) || c === 95;

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
    const key = s.slice(i, eq);
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
