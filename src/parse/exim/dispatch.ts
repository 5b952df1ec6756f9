import type { PatternRow } from '../table.js';
import { leadingTexts, readableFlags, requiredText, trailingText } from '../regex-literals.js';
import { QID } from './fields.js';

// Most Exim lines are "<message id> <flag or word> ..." or start with a fixed phrase
// ("SMTP connection from"). Rather than trying every row in turn, a line tries only the rows
// whose pattern can start the way the line does, still in table order, so the first row that
// matches is the same one as before. What a row can start with is read from its own pattern
// (nothing is declared by hand), so a row added to the table is dispatched like the others;
// a pattern this cannot read is tried on every line.

/** How a row's pattern begins: with a message id, maybe with one, or not at all; then one of `texts`. */
export interface Lead {
  id: 'required' | 'optional' | 'none';
  /** one of these follows (after the id when there is one); [''] promises nothing */
  texts: string[];
  /** a literal every match contains (besides its leading text), tested before the pattern; '' none */
  contains: string;
  /** a literal every match ends with; '' none */
  ends: string;
}

const QID_SOURCE = new RegExp(QID).source;
const WITH_ID = `^${QID_SOURCE} `;
const MAYBE_ID = `^(?:${QID_SOURCE} )?`;

export function leadOf(re: RegExp): Lead {
  const src = re.source;
  if (!readableFlags(re) || !src.startsWith('^')) return { id: 'none', texts: [''], contains: '', ends: '' };
  const id = src.startsWith(WITH_ID) ? 'required' : src.startsWith(MAYBE_ID) ? 'optional' : 'none';
  const rest = src.slice(id === 'required' ? WITH_ID.length : id === 'optional' ? MAYBE_ID.length : 1);
  const ends = trailingText(rest);
  // the end is checked for nothing, and a word this short is in most lines: no search for those
  const contains = ends.length < 4 ? requiredText(rest) : '';
  return { id, texts: leadingTexts(rest), contains: contains.length >= 4 ? contains : '', ends };
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
function alnums(s: string, from: number, n: number): boolean {
  for (let i = from; i < from + n; i++) if (!isAlnum(s.charCodeAt(i))) return false;
  return true;
}

/** Where the text after a leading "<message id> " starts (either id form), or 0 when there is none. */
export function afterId(s: string): number {
  if (s.charCodeAt(6) !== 45 || !alnums(s, 0, 6)) return 0;
  if (s.charCodeAt(13) === 45 && s.charCodeAt(16) === 32 && alnums(s, 7, 6) && alnums(s, 14, 2)) return 17;
  if (s.charCodeAt(18) === 45 && s.charCodeAt(23) === 32 && alnums(s, 7, 11) && alnums(s, 19, 4)) return 24;
  return 0;
}

/** Whether a line that starts with a message id can also start with `text`. */
function idCompatible(text: string): boolean {
  for (let i = 0; i < Math.min(text.length, 7); i++) {
    const c = text.charCodeAt(i);
    if (i < 6 ? !isAlnum(c) : c !== 45) return false;
  }
  return true;
}

/** One row as a line with or without an id sees it. */
export interface Candidate {
  row: PatternRow;
  /** texts one of which must follow the id */
  afterId: readonly string[];
  /** texts one of which must start the message (the pattern's id group left out) */
  atStart: readonly string[];
  /** true when nothing needs checking before `contains` */
  always: boolean;
  /** index of the row's `contains` text in Dispatch.texts, -1 for none */
  contains: number;
  /** `always` with a `contains` text: the bucket's first gate covers it; the other `contains` texts, the second */
  gated: boolean;
  ends: string;
}

const OTHER = 128;

/** Candidates per first character (0..127, 128 for the rest and for nothing), for lines with an id and without. */
export interface Dispatch {
  withId: Candidate[][];
  without: Candidate[][];
  /** the rows' distinct `contains` texts; several rows often share one or one's part ("rejected ") */
  texts: string[];
  /** per text, the longest other text inside it (-1: none): when that one is missing, so is this */
  inside: Int16Array;
  /** per text, for the current line: 0 not tested yet, 1 present, -1 absent */
  seen: Int8Array;
  /**
   * Per bucket, one expression that finds any `contains` text of the bucket's gated rows: the
   * rows that may match anywhere ("... rejected RCPT ..."). Most lines hold none of them, and one
   * search for all is several times cheaper than one includes() each.
   */
  withIdGate: Gates[];
  withoutGate: Gates[];
  /** for the current line: the gates to use, and per gate 0 not run yet, 1 some text found, -1 none */
  gate: Gates;
  gateState: number;
  otherState: number;
}

interface Gates {
  /** the texts of the rows that may match anywhere */
  anywhere: RegExp | null;
  /** the texts of the rest, which run only once their leading text is there */
  others: RegExp | null;
}

function bucketsFor(texts: readonly string[]): Set<number> | 'all' {
  const out = new Set<number>();
  for (const t of texts) {
    if (t === '') return 'all';
    const c = t.charCodeAt(0);
    out.add(c < OTHER ? c : OTHER);
  }
  return out;
}

export function buildDispatch(rows: readonly PatternRow[]): Dispatch {
  const withId: Candidate[][] = Array.from({ length: OTHER + 1 }, () => []);
  const without: Candidate[][] = Array.from({ length: OTHER + 1 }, () => []);
  const leads = rows.map((row) => leadOf(row.re));
  const texts = [...new Set(leads.map((l) => l.contains).filter((t) => t !== ''))];
  const inside = Int16Array.from(texts, (t) => {
    let best = -1;
    texts.forEach((o, j) => {
      if (o !== t && t.includes(o) && (best < 0 || o.length > texts[best]!.length)) best = j;
    });
    return best;
  });
  rows.forEach((row, k) => {
    const lead = leads[k]!;
    const contains = lead.contains === '' ? -1 : texts.indexOf(lead.contains);
    // with an id: the text after it, or (pattern without an id, or the id group skipped) at the start
    const afterIdTexts = lead.id === 'none' ? [] : lead.texts;
    const startTexts = lead.id === 'required' ? [] : lead.texts.filter(idCompatible);
    const idBuckets = startTexts.length > 0 ? 'all' : bucketsFor(afterIdTexts);
    const always = startTexts.includes('') || afterIdTexts.includes('');
    const cand: Candidate = { row, afterId: afterIdTexts, atStart: startTexts, always, contains, gated: always && contains >= 0, ends: lead.ends };
    for (let c = 0; c <= OTHER; c++) if (idBuckets === 'all' || idBuckets.has(c)) withId[c]!.push(cand);
    if (lead.id === 'required') return;
    const plainBuckets = bucketsFor(lead.texts);
    const plainAlways = lead.texts.includes('');
    const plain: Candidate = { row, afterId: [], atStart: lead.texts, always: plainAlways, contains, gated: plainAlways && contains >= 0, ends: lead.ends };
    for (let c = 0; c <= OTHER; c++) if (plainBuckets === 'all' || plainBuckets.has(c)) without[c]!.push(plain);
  });
  const anyOf = (words: string[]): RegExp | null =>
    words.length === 0 ? null : new RegExp([...new Set(words)].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
  const gateOf = (list: Candidate[]): Gates => ({
    anywhere: anyOf(list.filter((c) => c.gated).map((c) => texts[c.contains]!)),
    others: anyOf(list.filter((c) => !c.gated && c.contains >= 0).map((c) => texts[c.contains]!)),
  });
  const withIdGate = withId.map(gateOf);
  const withoutGate = without.map(gateOf);
  return {
    withId, without, texts, inside, seen: new Int8Array(texts.length),
    withIdGate, withoutGate, gate: withoutGate[0]!, gateState: 0, otherState: 0,
  };
}

function startsWithAny(s: string, texts: readonly string[], at: number): boolean {
  for (let i = 0; i < texts.length; i++) if (s.startsWith(texts[i]!, at)) return true;
  return false;
}

/** The rows `msg` may match, in table order; `at` is where the text after the id starts (0: no id). */
export function candidates(d: Dispatch, msg: string, at: number): Candidate[] {
  d.seen.fill(0);
  const c = msg.charCodeAt(at);
  const b = c < OTHER ? c : OTHER;
  d.gate = (at > 0 ? d.withIdGate : d.withoutGate)[b]!;
  d.gateState = 0;
  d.otherState = 0;
  return (at > 0 ? d.withId : d.without)[b]!;
}

function present(d: Dispatch, msg: string, t: number): boolean {
  const known = d.seen[t]!;
  if (known !== 0) return known > 0;
  const inner = d.inside[t]!;
  const yes = (inner < 0 || present(d, msg, inner)) && msg.includes(d.texts[t]!);
  d.seen[t] = yes ? 1 : -1;
  return yes;
}

/** Whether a candidate row is worth running its pattern on (call `candidates` for the line first). */
export function worthTrying(d: Dispatch, cand: Candidate, msg: string, at: number): boolean {
  if (!cand.always && !startsWithAny(msg, cand.afterId, at) && !startsWithAny(msg, cand.atStart, 0)) return false;
  if (cand.ends !== '' && !msg.endsWith(cand.ends)) return false;
  if (cand.contains < 0) return true;
  if (cand.gated) {
    if (d.gateState === 0) d.gateState = d.gate.anywhere!.test(msg) ? 1 : -1;
    if (d.gateState < 0) return false;
  } else {
    if (d.otherState === 0) d.otherState = d.gate.others!.test(msg) ? 1 : -1;
    if (d.otherState < 0) return false;
  }
  return present(d, msg, cand.contains);
}
