import { groupsReader, type Groups, type PatternRow } from '../table.js';
import { leadingTexts, readableFlags, requiredText, trailingText } from '../regex-literals.js';
import { ID, QID } from './fields.js';

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

// a leading id and its space, either form (one search costs less than a loop over the characters)
const LEADING_ID = new RegExp(`^${ID} `);

/** Where the text after a leading "<message id> " starts (either id form), or 0 when there is none. */
export function afterId(s: string): number {
  if (s.charCodeAt(6) !== 45 || !LEADING_ID.test(s)) return 0;
  // the short form has its space at 16, where the long form has a letter or digit
  return s.charCodeAt(16) === 32 ? 17 : 24;
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
  /** the row's groups on a message, null when its pattern does not match (table.ts groupsReader) */
  read: (message: string) => Groups | null;
  /** indexes into Dispatch.leads: one of these must follow the id */
  afterId: Int16Array;
  /** indexes into Dispatch.leads: one of these must start the message (the pattern's id group left out) */
  atStart: Int16Array;
  /** true when no leading text needs checking */
  always: boolean;
  /** a literal the message must end with ('' none) */
  ends: string;
  /** index of the row's `contains` text in Dispatch.texts, -1 for none */
  contains: number;
  /** `always` with a `contains` text: the bucket's gate covers it */
  gated: boolean;
}

const OTHER = 128;

/**
 * Candidates per first character (0..127, 128 for the rest and for nothing), for lines with an id
 * and without, and what one line has shown so far: rows share leading texts ("SMTP connection
 * from ") and required texts ("rejected "), so each is looked for at most once per line.
 */
export interface Dispatch {
  withId: Candidate[][];
  without: Candidate[][];
  /** the rows' distinct leading texts */
  leads: string[];
  /** the rows' distinct `contains` texts */
  texts: string[];
  /** per text, the longest other text inside it (-1: none): when that one is missing, so is this */
  inside: Int16Array;
  /**
   * Per bucket, one expression that finds any `contains` text of the bucket's gated rows (the
   * rows that may match anywhere: "... rejected RCPT ..."). Most lines hold none of them, and
   * one search for them all costs far less than an includes() per text.
   */
  withIdGate: (RegExp | null)[];
  withoutGate: (RegExp | null)[];
  /**
   * What the current line showed, per lead text at the id's end / at the start and per text:
   * `line` is the line's number, and an entry holds 2 * line + 1 when the text is there, 2 * line
   * when it is not, anything smaller when it has not been looked for (no clearing per line).
   */
  afterSeen: Float64Array;
  startSeen: Float64Array;
  textSeen: Float64Array;
  line: number;
  /** per bucket, per candidate: where the run of gated candidates it starts ends (all skipped when the gate is shut) */
  withIdSkip: Int16Array[];
  withoutSkip: Int16Array[];
  /** the current line's bucket's */
  skip: Int16Array;
  /** for the current line: its bucket's gate, and 0 not run yet, 1 some text found, -1 none */
  gate: RegExp | null;
  gateState: number;
  at: number;
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

const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function buildDispatch(rows: readonly PatternRow[]): Dispatch {
  const withId: Candidate[][] = Array.from({ length: OTHER + 1 }, () => []);
  const without: Candidate[][] = Array.from({ length: OTHER + 1 }, () => []);
  const rowLeads = rows.map((row) => leadOf(row.re));
  const leads = [...new Set(rowLeads.flatMap((l) => l.texts).filter((t) => t !== ''))];
  const leadIds = (texts: readonly string[]): Int16Array => Int16Array.from(texts.filter((t) => t !== ''), (t) => leads.indexOf(t));
  const texts = [...new Set(rowLeads.map((l) => l.contains).filter((t) => t !== ''))];
  const inside = Int16Array.from(texts, (t) => {
    let best = -1;
    texts.forEach((o, j) => {
      if (o !== t && t.includes(o) && (best < 0 || o.length > texts[best]!.length)) best = j;
    });
    return best;
  });
  rows.forEach((row, k) => {
    const lead = rowLeads[k]!;
    const contains = lead.contains === '' ? -1 : texts.indexOf(lead.contains);
    const base = { row, read: groupsReader(row), ends: lead.ends, contains };
    // with an id: the text after it, or (pattern without an id, or the id group skipped) at the start
    const afterIdTexts = lead.id === 'none' ? [] : lead.texts;
    const startTexts = lead.id === 'required' ? [] : lead.texts.filter(idCompatible);
    const idBuckets = startTexts.length > 0 ? 'all' : bucketsFor(afterIdTexts);
    const always = startTexts.includes('') || afterIdTexts.includes('');
    const cand: Candidate = { ...base, afterId: leadIds(afterIdTexts), atStart: leadIds(startTexts), always, gated: always && contains >= 0 };
    for (let c = 0; c <= OTHER; c++) if (idBuckets === 'all' || idBuckets.has(c)) withId[c]!.push(cand);
    if (lead.id === 'required') return;
    const plainBuckets = bucketsFor(lead.texts);
    const plainAlways = lead.texts.includes('');
    const plain: Candidate = { ...base, afterId: new Int16Array(0), atStart: leadIds(lead.texts), always: plainAlways, gated: plainAlways && contains >= 0 };
    for (let c = 0; c <= OTHER; c++) if (plainBuckets === 'all' || plainBuckets.has(c)) without[c]!.push(plain);
  });
  const gateOf = (list: Candidate[]): RegExp | null => {
    const words = [...new Set(list.filter((c) => c.gated).map((c) => texts[c.contains]!))];
    return words.length === 0 ? null : new RegExp(words.map(escape).join('|'));
  };
  const withoutGate = without.map(gateOf);
  const skipOf = (list: Candidate[]): Int16Array => {
    const skip = new Int16Array(list.length);
    for (let i = list.length - 1; i >= 0; i--) skip[i] = list[i]!.gated && i + 1 < list.length && list[i + 1]!.gated ? skip[i + 1]! : i + 1;
    return skip;
  };
  const withoutSkip = without.map(skipOf);
  return {
    withIdSkip: withId.map(skipOf), withoutSkip, skip: withoutSkip[0]!,
    withId, without, leads, texts, inside, withIdGate: withId.map(gateOf), withoutGate,
    afterSeen: new Float64Array(leads.length), startSeen: new Float64Array(leads.length), textSeen: new Float64Array(texts.length),
    line: 0, gate: null, gateState: 0, at: 0,
  };
}

/** The rows `msg` may match, in table order; `at` is where the text after the id starts (0: no id). */
export function candidates(d: Dispatch, msg: string, at: number): Candidate[] {
  d.line++;
  const c = msg.charCodeAt(at);
  const b = c < OTHER ? c : OTHER;
  d.gate = (at > 0 ? d.withIdGate : d.withoutGate)[b]!;
  d.skip = (at > 0 ? d.withIdSkip : d.withoutSkip)[b]!;
  d.gateState = 0;
  d.at = at;
  return (at > 0 ? d.withId : d.without)[b]!;
}

function leadAt(d: Dispatch, msg: string, ids: Int16Array, seen: Float64Array, at: number): boolean {
  const none = 2 * d.line;
  for (let i = 0; i < ids.length; i++) {
    const t = ids[i]!;
    let known = seen[t]!;
    if (known < none) seen[t] = known = msg.startsWith(d.leads[t]!, at) ? none + 1 : none;
    if (known > none) return true;
  }
  return false;
}

function present(d: Dispatch, msg: string, t: number): boolean {
  const none = 2 * d.line;
  const known = d.textSeen[t]!;
  if (known >= none) return known > none;
  const inner = d.inside[t]!;
  const yes = (inner < 0 || present(d, msg, inner)) && msg.includes(d.texts[t]!);
  d.textSeen[t] = yes ? none + 1 : none;
  return yes;
}

/** The next candidate to look at after the one at `i` was not worth trying. */
export function nextAfter(d: Dispatch, cand: Candidate, i: number): number {
  return cand.gated && d.gateState < 0 ? d.skip[i]! : i + 1;
}

/** Whether a candidate row is worth running its pattern on (call `candidates` for the line first). */
export function worthTrying(d: Dispatch, cand: Candidate, msg: string): boolean {
  if (!cand.always && !leadAt(d, msg, cand.afterId, d.afterSeen, d.at) && !leadAt(d, msg, cand.atStart, d.startSeen, 0)) return false;
  if (cand.ends !== '' && !msg.endsWith(cand.ends)) return false;
  if (cand.contains < 0) return true;
  if (cand.gated) {
    if (d.gateState === 0) d.gateState = d.gate!.test(msg) ? 1 : -1;
    if (d.gateState < 0) return false;
  }
  return present(d, msg, cand.contains);
}
