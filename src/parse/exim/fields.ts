// Pieces shared by the Exim rows: message ids, the KEY=value fields, host specs.

/**
 * Exim message ids: 6-6-2 base-62 before 4.97 ("1rXyZa-000ABC-12"), 6-11-4 from 4.97
 * on ("1rXyZa-00000000ABC-0012"). Only these two shapes; a log may hold both.
 */
export const ID = '[0-9A-Za-z]{6}-(?:[0-9A-Za-z]{6}-[0-9A-Za-z]{2}|[0-9A-Za-z]{11}-[0-9A-Za-z]{4})';
export const QID = `(?<queueId>${ID})`;

/** "name (helo) [ip]:port", "(helo) [ip]", "[ip]", "name [ip]"; a trailing '*' marks a reused connection */
const HOST_SPEC = /^(?:([^\s()[\]]+) )?(?:\(([^)]*)\) )?\[([^\]\s]*)\](?::(\d+))?\*?/;

export interface HostSpec {
  host?: string;
  helo?: string;
  ip?: string;
  port?: number;
}

export function parseHost(s: string): { spec: HostSpec; length: number } | null {
  const m = HOST_SPEC.exec(s);
  if (m) {
    const spec: HostSpec = { ip: m[3] };
    if (m[1] !== undefined) spec.host = m[1];
    if (m[2] !== undefined) spec.helo = m[2];
    if (m[4] !== undefined) spec.port = Number(m[4]);
    return { spec, length: m[0].length };
  }
  // "H=name" alone (local deliveries through a named host, test suites)
  const bare = /^[^\s:]+/.exec(s);
  return bare ? { spec: { host: bare[0] }, length: bare[0].length } : null;
}

export interface Fields {
  values: Record<string, string>;
  host?: HostSpec;
  /** text after the last field ("": none) */
  tail: string;
}

const KEY = /^([A-Za-z][A-Za-z0-9_]{0,11})=/;

/** Reads "K=v K="quoted" H=name (helo) [ip]:port ..." until the first word that is not a field. */
export function parseFields(s: string): Fields {
  const values: Record<string, string> = {};
  let host: HostSpec | undefined;
  let i = 0;
  for (;;) {
    while (s.charCodeAt(i) === 32) i++;
    const rest = s.slice(i);
    const k = KEY.exec(rest);
    if (!k) break;
    const key = k[1]!;
    let j = k[0].length;
    if (key === 'H' && host === undefined) {
      const h = parseHost(rest.slice(j));
      if (!h) break;
      host = h.spec;
      j += h.length;
    } else if (rest.charCodeAt(j) === 34) {
      let v = '';
      j++;
      while (j < rest.length && rest.charCodeAt(j) !== 34) {
        if (rest.charCodeAt(j) === 92 && j + 1 < rest.length) j++;
        v += rest[j];
        j++;
      }
      j++;
      values[key] = v;
    } else {
      let e = j;
      while (e < rest.length && rest.charCodeAt(e) !== 32) e++;
      if (rest.charCodeAt(e - 1) === 58 && e - 1 > j) {
        // "R=system_aliases: User has left": the colon opens the error text
        values[key] = rest.slice(j, e - 1);
        i += e - 1;
        break;
      }
      values[key] = rest.slice(j, e);
      j = e;
    }
    i += j;
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
