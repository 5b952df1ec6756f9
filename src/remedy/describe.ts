import type { RemedyQuery } from '../model/remedy-query.js';
import type { Entry } from './types.js';
import { knownCode, knownEnhanced, matchAll } from './matcher.js';
import { byId, findAllRemedies, viewOf, type Lang } from './index.js';
import { translation } from './i18n/index.js';
import { labels, type LineWhat } from './i18n/labels.js';
import { isTlsFallback, tlsEntry } from './tls-match.js';

// What `explain` and `compare` show, as data. Pure: the CLI renders and prints it.

const CODE = '([2-5]\\d\\d)';
const ENH = '([245]\\.\\d{1,3}\\.\\d{1,3})';
const EXACT = new RegExp(`^${CODE}?(?:^|-|[ \t]+)?${ENH}?(?:(?:-|[ \t]+)(.*))?$`, 's');
const IN_LINE = new RegExp(`(?:^|: )${CODE}(?:[ -]${ENH})?(?:[ -]|$)`);
const DSN = /\bdsn=([245]\.\d{1,3}\.\d{1,3})\b/;

/** Reads "551", "5.1.6", "550 5.7.26", "550 5.7.26 text" or a whole pasted log line. */
export function parseCodeArg(input: string): RemedyQuery {
  const s = input.trim();
  const m = EXACT.exec(s);
  if (m && (m[1] || m[2])) return { code: m[1] ? Number(m[1]) : null, enhanced: m[2] ?? null, text: (m[3] ?? '').trim() };
  // A pasted log line: the codes come after "...]: " or "said: "; the whole line is the text,
  // so that reasons written before the code (stall wording, Exim ACL names) still count.
  const l = IN_LINE.exec(s);
  if (l) return { code: Number(l[1]), enhanced: l[2] ?? null, text: s };
  const d = DSN.exec(s);
  return { code: null, enhanced: d ? d[1]! : null, text: s };
}

export interface ClassInfo {
  /** '5xx' or '5.X.X' */
  class: string;
  name: string;
  /** "mail system (x5x)" or "addressing (X.1.X)" */
  category: string;
}

export function classInfo(q: RemedyQuery, lang: Lang): ClassInfo | null {
  const L = labels(lang);
  if (q.code !== null) {
    const c = String(q.code);
    const sub = q.enhanced?.split('.')[1];
    const extra = sub !== undefined && L.subjectNames[sub] ? `; ${L.subjectNames[sub]} (X.${sub}.X)` : '';
    return { class: `${c[0]}xx`, name: L.classNames[c[0]!]!, category: `${L.categoryNames[c[1]!] ?? L.undefinedCategory} (x${c[1]}x)${extra}` };
  }
  if (q.enhanced !== null) {
    const [c, s] = q.enhanced.split('.');
    return { class: `${c}.X.X`, name: L.enhancedClassNames[c!]!, category: `${L.subjectNames[s!] ?? L.undefinedCategory} (X.${s}.X)` };
  }
  return null;
}

export interface EntryOut {
  id: string;
  title: string;
  meaning: string;
  when: string;
  fix: string;
  fix_inbound?: string;
  fix_outbound?: string;
  refs: readonly string[];
  lang: string;
  fallback?: boolean;
}

export function entryOut(e: Entry, lang: Lang): EntryOut {
  const v = viewOf(e, lang);
  const t = lang === 'en' ? e : (translation(lang, e.id) ?? e);
  const out: EntryOut = { id: e.id, title: v.title, meaning: v.meaning, when: v.when, fix: v.fix, refs: e.refs, lang: v.lang ?? 'en' };
  if (t.fixInbound) out.fix_inbound = t.fixInbound;
  if (t.fixOutbound) out.fix_outbound = t.fixOutbound;
  if (v.fallback) out.fallback = true;
  return out;
}

export interface Explained {
  input: string;
  code: number | null;
  enhanced: string | null;
  text: string;
  class: ClassInfo | null;
  /** what the reader should know before the entries: codes that disagree or are not registered */
  notes?: string[];
  entries: EntryOut[];
}

function notesOf(q: RemedyQuery, all: readonly Entry[], lang: Lang): string[] {
  const L = labels(lang);
  const notes: string[] = [];
  // RFC 3463 §2: the class of the enhanced code must agree with the first digit of the reply code
  if (q.code !== null && q.enhanced !== null && String(q.code)[0] !== q.enhanced[0]) notes.push(L.classMismatch(String(q.code), q.enhanced));
  if (q.code !== null && !knownCode(q.code)) notes.push(L.unknownCode(String(q.code)));
  // a registered code whose entry names a failure, given with class 2 (2.6.0), is still a known code
  if (q.enhanced !== null && !knownEnhanced(q.enhanced)) notes.push(L.unknownEnhanced(q.enhanced, all.some((e) => /^class\.\d\.\d$/.test(e.id))));
  return notes;
}

/**
 * null when the input holds neither a reply code nor a known reason. A well-formed code without an
 * entry of its own (599, 5.9.9) gets its class's meaning, with a note saying so.
 */
/** A pasted log line as the report reads it (the caller parses it: this module reads no log line). */
export interface LineQuery {
  query: RemedyQuery;
  what: LineWhat;
  codeDerived: boolean;
  /** a TLS failure: the entry the report gives it (the catch-all included) */
  tlsId?: string;
}

// Words only a TLS failure line carries: "lost connection" or "timed out" alone must not turn a
// stalled session or a connection error into a TLS answer.
const TLS_WORDS = /\bSSL_(?:accept|connect)\b|\bTLS\b|tlsproxy|\bgnutls_|\bALPN\b|certificate/i;

/** A pasted TLS handshake failure (no reply code) that a specific TLS entry explains. */
function tlsOf(input: string, q: RemedyQuery): Entry | undefined {
  if (q.code !== null || q.enhanced !== null || !TLS_WORDS.test(input)) return undefined;
  const e = tlsEntry(input);
  return isTlsFallback(e) ? undefined : e;
}

export function explain(input: string, lang: Lang, line?: LineQuery | null): Explained | null {
  // an id in brackets in a report or trace ("[text.relay-denied]") names its entry
  const named = byId.get(input.trim().replace(/^\[(.*)\]$/, '$1'));
  if (named) return { input, code: null, enhanced: null, text: '', class: null, entries: [entryOut(named, lang)] };
  const q = line?.query ?? parseCodeArg(input);
  // as the report picks (a deferral that quotes a TLS failure leads with the TLS entry naming it)
  let all = findAllRemedies(q);
  // A TLS failure is no reply: its entry leads. A line the report reads (an Exim deferral) keeps
  // the entries the report shows for it after the TLS one; a bare message gets the TLS one alone.
  const tls = line?.tlsId !== undefined ? byId.get(line.tlsId) : tlsOf(input, q);
  if (line?.tlsId !== undefined && tls) all = [tls];
  else if (tls) all = [tls, ...(line ? all.filter((e) => !e.id.startsWith('class.')) : [])];
  if (!line && q.code === null && q.enhanced === null && all.every((e) => e.id.startsWith('class.'))) return null;
  const notes = notesOf(q, all, lang);
  if (line) {
    const stage = q.stage && q.stage !== 'UNKNOWN' ? q.stage : null;
    notes.unshift(labels(lang).readAsLine(line.what, stage, line.codeDerived && q.code !== null ? String(q.code) : null));
  }
  const x: Explained = { input, code: q.code, enhanced: q.enhanced, text: q.text, class: classInfo(q, lang), entries: all.map((e) => entryOut(e, lang)) };
  if (notes.length > 0) x.notes = notes;
  return x;
}

export interface Compared {
  lang: string;
  title: string;
  summary: string;
  a: Explained;
  b: Explained;
  differences: string[];
  act_on: string;
  fixes: string[];
}

const codes = (x: Explained): string => [x.code, x.enhanced].filter((v) => v !== null).join(' ');
const digit = (x: Explained): string => (x.code !== null ? String(x.code)[0]! : (x.enhanced ?? '5')[0]!);
/** A basic reply code (550), an RFC 3463 enhanced status code (5.1.1), or both as a reply gives them. */
export type CodeKind = 'basic' | 'enhanced' | 'reply';
const kindOf = (x: Explained): CodeKind => (x.enhanced === null ? 'basic' : x.code === null ? 'enhanced' : 'reply');

/** The same reply given twice ("compare 550 550"): nothing to compare. */
export function sameReply(a: Explained, b: Explained): boolean {
  return a.code === b.code && a.enhanced === b.enhanced && a.text.trim().replace(/\s+/g, ' ') === b.text.trim().replace(/\s+/g, ' ');
}

export function compare(a: Explained, b: Explained, lang: Lang): Compared {
  const L = labels(lang);
  // "550" against "550 User unknown": the codes alone would read "550 vs 550"
  const short = (s: string): string => (s.trim().length > 40 ? `${s.trim().slice(0, 39)}…` : s.trim());
  const [la, lb] = codes(a) !== '' && codes(a) === codes(b) ? [short(a.input), short(b.input)] : [codes(a) || a.input, codes(b) || b.input];
  const [ea, eb] = [a.entries[0]!, b.entries[0]!];
  const [da, db] = [digit(a), digit(b)];
  const [ka, kb] = [kindOf(a), kindOf(b)];
  const mixed = ka !== kb;
  // the kind is named only when the two differ: 550 against 5.1.1 is a reply code against an
  // enhanced status code, two ways of writing a class, not two replies
  const describe = (x: Explained, l: string, k: CodeKind): string => (x.class ? L.isClass(l, k, x.class.class, x.class.name, mixed) : l);
  const [clsA, clsB] = [describe(a, la, ka), describe(b, lb, kb)];
  // "while" only for a real contrast: 550 and 5.1.1 are the same class written two ways
  // text alone (a TLS failure, "Mailbox full") has no class: nothing is claimed about it
  const uncoded = [a, b].map((x) => x.code === null && x.enhanced === null);
  const noClass = uncoded[0] || uncoded[1];
  let classLine: string;
  if (noClass) classLine = [uncoded[0] ? L.noCode(la) : null, uncoded[1] ? L.noCode(lb) : null].filter((x) => x !== null).join(' ');
  else if (da !== db) classLine = L.classDiff(clsA, clsB);
  else if (!a.class || !b.class) classLine = L.sameClass(la, lb, 'reply', `${da}xx`, L.classNames[da]!);
  else if (mixed) classLine = L.sameClassMixed(clsA, clsB, da);
  else classLine = L.sameClass(la, lb, ka, a.class.class, a.class.name);
  // The differences add what the two Meaning/When blocks do not say side by side: names, categories,
  // what the client does next. Repeating those blocks word for word tells the reader nothing new.
  const [ca, cb] = [a.class?.category, b.class?.category];
  const differences = [
    classLine,
    L.says(la, ea.title, lb, eb.title),
    ...(ca && cb ? [ca === cb ? L.sameCategory(ca) : L.categoryDiff(la, ca, lb, cb)] : []),
    ...(noClass ? [] : [da === db ? L.sameNext(L.next[da]!) : L.nextDiff(la, L.next[da]!, lb, L.next[db]!)]),
  ];
  const failing = (d: string): boolean => d === '4' || d === '5';
  let act: string;
  if (noClass) act = L.actOnText;
  else if (failing(da) && failing(db)) act = da === db ? L.actOnBothSame : L.actOnBoth;
  else if (failing(da)) act = L.actOnOne(la, lb);
  else if (failing(db)) act = L.actOnOne(lb, la);
  else act = L.actOnNone;
  return {
    lang: ea.lang === lang && eb.lang === lang ? lang : 'en',
    title: `${L.vs(la, lb)}`,
    summary: classLine,
    a, b, differences, act_on: act,
    fixes: [L.forCode(la, ea.title, ea.fix), L.forCode(lb, eb.title, eb.fix)],
  };
}
