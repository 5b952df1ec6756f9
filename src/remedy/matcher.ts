import type { Stage, StallKind } from '../model/types.js';
import type { RemedyQuery } from '../model/remedy-query.js';
import type { Entry } from './types.js';
import { catalogue } from './catalogue.js';

// The catalogue compiled once into lookup structures, so that matching one reply costs a few map
// lookups plus only the text patterns whose code filters allow them.

interface TextRule {
  entry: Entry;
  text: RegExp;
  enhanced?: (e: string) => boolean;
  codes?: ReadonlySet<number>;
}

const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

function enhancedTest(m: string | RegExp): (e: string) => boolean {
  if (m instanceof RegExp) return (e) => m.test(e);
  if (m.startsWith('X.')) return (e) => e.slice(1) === m.slice(1);
  return (e) => e === m;
}

const stallByKind = new Map<StallKind, Entry>();
const withEnhanced: TextRule[] = [];
const textOnly: TextRule[] = [];
const enhExact = new Map<string, Entry>();
const enhPatterns: Array<[RegExp, Entry]> = [];
const byCode = new Map<number, Entry>();
const byClass = new Map<string, Entry>();
let ownDecision: Entry | undefined;

for (const entry of catalogue) {
  const m = entry.match;
  // handshake failures are no replies: their text patterns would answer replies that merely mention TLS
  if (m.tls) continue;
  if (m.stallKind) stallByKind.set(m.stallKind, entry);
  if (m.text) {
    const codes = m.code === undefined ? undefined : new Set(typeof m.code === 'number' ? [m.code] : m.code);
    const rule: TextRule = { entry, text: m.text, codes, enhanced: m.enhanced ? enhancedTest(m.enhanced) : undefined };
    (m.enhanced ? withEnhanced : textOnly).push(rule);
  } else if (m.enhanced instanceof RegExp) {
    enhPatterns.push([m.enhanced, entry]);
  } else if (m.enhanced) {
    enhExact.set(m.enhanced, entry);
  } else if (typeof m.code === 'number') {
    byCode.set(m.code, entry);
  } else if (m.direction === 'local') {
    ownDecision = entry;
  } else if (m.class) {
    byClass.set(m.subject === undefined ? m.class : `${m.class}.${m.subject}`, entry);
  }
}

function applies(r: TextRule, q: RemedyQuery, enhanced: string | null): boolean {
  if (r.enhanced && (enhanced === null || !r.enhanced(enhanced))) return false;
  if (!replyClassAllowed(r.entry, q, enhanced)) return false;
  if (r.codes && (q.code === null || !r.codes.has(q.code))) return false;
  return !(r.entry.match.direction && q.direction && r.entry.match.direction !== q.direction);
}

function firstText(rules: readonly TextRule[], q: RemedyQuery, enhanced: string | null, text: string): Entry | undefined {
  for (const r of rules) if (applies(r, q, enhanced) && r.text.test(text)) return r.entry;
  return undefined;
}

// What no entry decides on: addresses ("<dmarc@example.com>", "spam@example.com": a recipient named
// dmarc is no DMARC failure), and the names of hosts, which are anyone's ("connect to
// mx.ess.barracudanetworks.com[209.222.82.252]:25: Connection timed out", Exim's "H=mx3.yahoo.com
// [203.0.113.9]: SMTP timeout" are timeouts, not a Barracuda listing or a Yahoo policy). The
// patterns read the text with them masked; so does the memo key, so one reply's answer is that of
// every reply that differs from it only there. A loopback address stays told apart (a local
// service that is down).
const UNDECIDING = /<[^<>]*>|(?:[\w-]+(?:\.[\w-]+)+)? ?\[([0-9A-Fa-f:.]+)\](?::\d+)?|[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+|\b\d{1,3}(?:\.\d{1,3}){3}\b/g;
const LOOPBACK = /^(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1)$/;

// what UNDECIDING can match needs one of these: most reply texts have none, and are left as they are
const MAYBE_UNDECIDING = /[<[@]|\d\.\d/;

/** The text the patterns read. */
export function decidingText(text: string): string {
  if (!MAYBE_UNDECIDING.test(text)) return text;
  return text.replace(UNDECIDING, (m, ip: string | undefined) => {
    const c = m.charCodeAt(0);
    if (c === 60) return '<>';
    if (ip !== undefined) return `${c === 32 ? ' ' : ''}${LOOPBACK.test(ip) ? '[127.0.0.1]' : '[]'}`;
    return m.includes('@') ? '@' : (LOOPBACK.test(m) ? '127.0.0.1' : '0.0.0.0');
  });
}

// An entry that also answers any reply at its stages ("554 at CONNECT") does so only when no
// entry matched the text: "refused to talk to me: 550 Too many invalid recipients" is about the
// recipients, whatever stage it came at.
const byStage: TextRule[] = [];
for (const r of [...withEnhanced, ...textOnly]) if (r.entry.match.orStage !== undefined) byStage.push(r);

function firstAtStage(q: RemedyQuery, enhanced: string | null): Entry | undefined {
  for (const r of byStage) if (applies(r, q, enhanced) && atStage(r.entry.match.orStage, q.stage)) return r.entry;
  return undefined;
}

function atStage(stages: Stage | readonly Stage[] | undefined, stage: Stage | null | undefined): boolean {
  if (stages === undefined || stage === null || stage === undefined) return false;
  return typeof stages === 'string' ? stage === stages : stages.includes(stage);
}

const classAllowed = (entry: Entry, e: string): boolean => {
  const cls = entry.match.classes;
  return cls === undefined || (cls as readonly string[]).includes(e[0]!);
};

function replyClassAllowed(entry: Entry, q: RemedyQuery, enhanced: string | null): boolean {
  const cls = q.code !== null ? String(q.code)[0]! : enhanced?.[0];
  return cls === undefined || classAllowed(entry, cls);
}

function enhancedEntry(e: string | null): Entry | undefined {
  if (e === null) return undefined;
  const exact = enhExact.get(e);
  if (exact) return exact;
  for (const [re, entry] of enhPatterns) if (re.test(e)) return entry;
  const any = enhExact.get(`X${e.slice(1)}`);
  return any && classAllowed(any, e) ? any : undefined;
}

function classEntry(q: RemedyQuery, enhanced: string | null): Entry {
  const temporary = q.stallKind !== undefined || q.status === 'deferred';
  const cls = q.code !== null ? String(q.code)[0]! : enhanced !== null ? enhanced[0]! : temporary ? '4' : '5';
  if (enhanced !== null && enhanced[0] === cls) {
    const sub = byClass.get(`${cls}.${enhanced.split('.')[1]}`);
    if (sub) return sub;
  }
  return byClass.get(cls) ?? byClass.get('5')!;
}

function cleanEnhanced(e: string | null): string | null {
  return e !== null && ENHANCED.test(e) ? e : null;
}

/** Every entry that applies, most specific first; the class fallback only when nothing else does. */
export function matchAll(q: RemedyQuery): Entry[] {
  const enhanced = cleanEnhanced(q.enhanced);
  const out: Entry[] = [];
  const add = (e: Entry | undefined): void => {
    if (e && !out.includes(e)) out.push(e);
  };
  if (q.stallKind) add(stallByKind.get(q.stallKind));
  const text = decidingText(q.text);
  add(firstText(withEnhanced, q, enhanced, text) ?? firstText(textOnly, q, enhanced, text) ?? firstAtStage(q, enhanced));
  add(enhancedEntry(enhanced));
  if (q.code !== null) add(byCode.get(q.code));
  if (q.direction === 'local') add(ownDecision);
  if (out.length === 0) add(classEntry(q, enhanced));
  return out;
}

function firstUncached(q: RemedyQuery, enhanced: string | null, text: string): Entry {
  return (
    (q.stallKind && stallByKind.get(q.stallKind)) ||
    firstText(withEnhanced, q, enhanced, text) ||
    firstText(textOnly, q, enhanced, text) ||
    firstAtStage(q, enhanced) ||
    enhancedEntry(enhanced) ||
    (q.code !== null ? byCode.get(q.code) : undefined) ||
    (q.direction === 'local' ? ownDecision : undefined) ||
    classEntry(q, enhanced)
  );
}

// Reply texts repeat with only addresses, hosts and IPs changing, and no pattern reads those
// (decidingText), so results are memoised by the text the patterns read, with its runs of five
// digits or more as one: sizes, ports, times and ids ("(215966 bytes written)"), which patterns
// only ever read as "some digits" (\d+); no pattern names such a number (catalogue.test.ts checks).
// Bounded: cleared when full.
const MEMO_MAX = 20_000;
const memo = new Map<string, Entry>();
const LONG_NUMBER = /\d{5,}/g;

/** The winning entry, with early exit at the first tier that answers. */
export function matchFirst(q: RemedyQuery): Entry {
  const enhanced = cleanEnhanced(q.enhanced);
  const text = decidingText(q.text);
  const key = `${q.code}|${enhanced}|${q.direction ?? ''}|${q.stage ?? ''}|${q.stallKind ?? ''}|${q.status ?? ''}|${text.replace(LONG_NUMBER, '0')}`;
  let e = memo.get(key);
  if (e === undefined) {
    e = firstUncached(q, enhanced, text);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(key, e);
  }
  return e;
}

/** Whether a basic code or enhanced code is one the catalogue names (for explain's input check). */
export function knownCode(code: number): boolean {
  return byCode.has(code);
}
/** Also true for a success class of a failure-only entry (2.6.0): the code exists, the entry does not apply. */
export function knownEnhanced(e: string): boolean {
  return ENHANCED.test(e) && (enhancedEntry(e) !== undefined || enhExact.has(`X${e.slice(1)}`));
}
