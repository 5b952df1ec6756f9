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
  const spec = hostAt(s, at);
  return spec === null ? null : { spec, end: hostEnd };
}

/** where the last hostAt stopped */
let hostEnd = 0;

/** parseHost without the wrapper object (the fields reader runs it on most lines) */
function hostAt(s: string, at: number): HostSpec | null {
  HOST_SPEC.lastIndex = at;
  const m = HOST_SPEC.exec(s);
  if (m) {
    const spec: HostSpec = { ip: m[3] };
    if (m[1] !== undefined) spec.host = m[1];
    if (m[2] !== undefined) spec.helo = m[2];
    if (m[4] !== undefined) spec.port = Number(m[4]);
    hostEnd = HOST_SPEC.lastIndex;
    return spec;
  }
  // "H=name" alone (local deliveries through a named host, test suites)
  BARE_HOST.lastIndex = at;
  const bare = BARE_HOST.exec(s);
  if (bare === null) return null;
  hostEnd = BARE_HOST.lastIndex;
  return { host: bare[0] };
}

/**
 * The KEY= values the rows read, each undefined when the line has none. Other keys (Ci=, K=,
 * a second H=, ...) are read past and not kept: a fixed set of slots costs far less per line
 * than an object that gains a property per key.
 */
export interface FieldValues {
  A: string | undefined;
  C: string | undefined;
  CV: string | undefined;
  DN: string | undefined;
  DT: string | undefined;
  F: string | undefined;
  I: string | undefined;
  P: string | undefined;
  QT: string | undefined;
  R: string | undefined;
  S: string | undefined;
  T: string | undefined;
  U: string | undefined;
  X: string | undefined;
  id: string | undefined;
}

/** a new set of slots, all empty (one literal: cheaper to make than a class with field initialisers) */
function emptyValues(): FieldValues {
  return {
    A: undefined, C: undefined, CV: undefined, DN: undefined, DT: undefined, F: undefined, I: undefined, P: undefined,
    QT: undefined, R: undefined, S: undefined, T: undefined, U: undefined, X: undefined, id: undefined,
  };
}

/** `later`'s values over `first`'s (as when a line's fields go on after a "defer (n)") */
export function mergedValues(first: FieldValues, later: FieldValues): FieldValues {
  const o = emptyValues();
  for (const k of KEPT) o[k] = later[k] ?? first[k];
  return o;
}

const KEPT = ['A', 'C', 'CV', 'DN', 'DT', 'F', 'I', 'P', 'QT', 'R', 'S', 'T', 'U', 'X', 'id'] as const;

/** Keeps `value` when the key (`len` long, first two characters `a`, `b`) is one of the kept ones. */
function keep(v: FieldValues, len: number, a: number, b: number, value: string): void {
  if (len === 1) {
    switch (a) {
      case 65: v.A = value; break;
      case 67: v.C = value; break;
      case 70: v.F = value; break;
      case 73: v.I = value; break;
      case 80: v.P = value; break;
      case 82: v.R = value; break;
      case 83: v.S = value; break;
      case 84: v.T = value; break;
      case 85: v.U = value; break;
      case 88: v.X = value; break;
    }
    return;
  }
  if (len !== 2) return;
  if (a === 67 && b === 86) v.CV = value;
  else if (a === 68 && b === 78) v.DN = value;
  else if (a === 68 && b === 84) v.DT = value;
  else if (a === 81 && b === 84) v.QT = value;
  else if (a === 105 && b === 100) v.id = value;
}

export interface Fields {
  values: FieldValues;
  host?: HostSpec;
  /** text after the last field ("": none) */
  tail: string;
}

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordChar = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 57) || c === 95;

/**
 * The end of a key ("KEY=" as /[A-Za-z][A-Za-z0-9_]{0,11}=/y reads it) starting at `i`, whose
 * first two characters are `a` and `b`: the index of '=', or -1.
 */
function keyEnd(s: string, i: number, a: number, b: number): number {
  if (!isLetter(a)) return -1;
  if (b === 61) return i + 1;
  let j = i + 1;
  if (isWordChar(b)) for (j = i + 2; isWordChar(s.charCodeAt(j));) j++;
  // "id*=": a Message-ID Exim made itself (log_selector +msg_id_created)
  if (s.charCodeAt(j) === 42 && s.charCodeAt(j + 1) === 61) j++;
  return j - i <= 12 && s.charCodeAt(j) === 61 ? j : -1;
}

/**
 * Fields with no value that log_selector adds among the KEY= ones: K (CHUNKING used), L, L- and
 * L* (PIPELINING used, offered but not used, early pipelining), DS (DNSSEC), PRDR, TFO and TFO*
 * (TCP Fast Open). Read past so that the fields after them (S=, id=, C=...) are read too.
 */
const FLAGS = new Set(['K', 'L', 'L-', 'L*', 'DS', 'PRDR', 'TFO', 'TFO*']);

/** The end of a bare flag starting at `i` (its first character `a`), or -1. */
function flagEnd(s: string, i: number, a: number): number {
  // K L D P T: the first letters of the flags, tested before any substring is made
  if (a !== 75 && a !== 76 && a !== 68 && a !== 80 && a !== 84) return -1;
  let e = s.indexOf(' ', i);
  if (e < 0) e = s.length;
  return e - i <= 4 && FLAGS.has(s.slice(i, e)) ? e : -1;
}

/** where the last quoted value ended (the index after its closing quote) */
let quotedEnd = 0;

/** A "quoted" value starting at the quote `at`: its text (backslash escapes undone); quotedEnd is set. */
function quoted(s: string, at: number): string {
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
    if (q < 0) {
      quotedEnd = s.length;
      return v + s.slice(from);
    }
    quotedEnd = q + 1;
    return v + s.slice(from, q);
  }
}

/** Reads "K=v K="quoted" H=name (helo) [ip]:port ..." until the first word that is not a field. */
export function parseFields(s: string): Fields {
  const values = emptyValues();
  let host: HostSpec | undefined;
  let i = 0;
  for (;;) {
    // each character read once where it can be: the key's first two go to keyEnd and keep
    let a = s.charCodeAt(i);
    while (a === 32) a = s.charCodeAt(++i);
    const b = s.charCodeAt(i + 1);
    const eq = keyEnd(s, i, a, b);
    if (eq < 0) {
      const f = flagEnd(s, i, a);
      if (f < 0) break;
      i = f;
      continue;
    }
    // "id*=" is read as "id=" (see keyEnd)
    const len = s.charCodeAt(eq - 1) === 42 ? eq - i - 1 : eq - i;
    const j = eq + 1;
    if (len === 1 && a === 72 && host === undefined) {
      const h = hostAt(s, j);
      if (h === null) break;
      host = h;
      i = hostEnd;
    } else if (s.charCodeAt(j) === 34) {
      keep(values, len, a, b, quoted(s, j));
      i = quotedEnd;
    } else {
      let e = s.indexOf(' ', j);
      if (e < 0) e = s.length;
      if (s.charCodeAt(e - 1) === 58 && e - 1 > j) {
        // "R=system_aliases: User has left": the colon opens the error text
        keep(values, len, a, b, s.slice(j, e - 1));
        i = e - 1;
        break;
      }
      keep(values, len, a, b, s.slice(j, e));
      i = e;
    }
  }
  // host always set (undefined when there is none): one shape for every result
  return { values, host, tail: s.slice(i) };
}

/** Strips a trailing ':' a field value picks up before an error text ("CV=yes:"), and unquotes <x>. */
export function angle(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  const t = s.endsWith(':') ? s.slice(0, -1) : s;
  return t.startsWith('<') && t.endsWith('>') ? t.slice(1, -1) : t;
}

export function int(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  // plain digits (a size) summed by hand; up to 15 of them the sum is exact, as parseInt's is
  let n = 0;
  let k = 0;
  for (; k < s.length && k < 16; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  if (k > 0 && k < 16) return n;
  n = Number.parseInt(s, 10);
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
