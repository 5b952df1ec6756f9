import { isSpace } from '../chars.js';

// The address a delivery line starts with: "addr", "addr <original>", "addr (parent)",
// "addr:" before an error text. Every delivery line passes here, so the common shapes are read
// by hand; whatever is unusual (a quoted local part, a tab, ...) goes to the expression, whose
// result the hand reading reproduces exactly:
const RCPT = /^(?<rcpt>"[^"]*"@\S+|:blackhole:(?= )|\S+?)(?<colon>:)?(?: <(?<orig>[^>]*)>)?(?: \((?<parent>[^)]*)\))?(?=:| |$)/;

export interface Recipient {
  rcpt: string;
  /** a ':' right after the address was taken as part of the match */
  colon: boolean;
  orig?: string;
  parent?: string;
  /** where the match ends */
  end: number;
}


function byPattern(s: string): Recipient | null {
  const m = RCPT.exec(s);
  if (!m) return null;
  const g = m.groups!;
  const r: Recipient = { rcpt: g.rcpt!, colon: g.colon !== undefined, end: m[0].length };
  if (g.orig !== undefined) r.orig = g.orig;
  if (g.parent !== undefined) r.parent = g.parent;
  return r;
}

/** the lookahead (?=:| |$) */
const ends = (s: string, p: number): boolean => p === s.length || s.charCodeAt(p) === 58 || s.charCodeAt(p) === 32;

/** "( (parent))?" then the lookahead at p, in the expression's order; fills r, false when neither way fits */
function parentThenEnd(s: string, p: number, r: Recipient): boolean {
  if (s.charCodeAt(p) === 32 && s.charCodeAt(p + 1) === 40) {
    const close = s.indexOf(')', p + 2);
    if (close >= 0 && ends(s, close + 1)) {
      r.parent = s.slice(p + 2, close);
      r.end = close + 1;
      return true;
    }
  }
  if (!ends(s, p)) return false;
  r.end = p;
  return true;
}

/** "( <orig>)?( (parent))?" then the lookahead at p; fills r, false when no way fits */
function afterAddress(s: string, p: number, r: Recipient): boolean {
  if (s.charCodeAt(p) === 32 && s.charCodeAt(p + 1) === 60) {
    const close = s.indexOf('>', p + 2);
    if (close >= 0 && parentThenEnd(s, close + 1, r)) {
      r.orig = s.slice(p + 2, close);
      return true;
    }
  }
  return parentThenEnd(s, p, r);
}

/** the address after its first character: everything up to a ':' or white space */
const ADDRESS = /[^:\s]*/y;

export function readRecipient(s: string): Recipient | null {
  const first = s.charCodeAt(0);
  if (s.length === 0 || first === 34 || isSpace(first)) return byPattern(s);
  // a router's :blackhole: is a name, not an address followed by a ':'
  if (first === 58 && s.startsWith(':blackhole: ')) {
    const r: Recipient = { rcpt: ':blackhole:', colon: false, end: 11 };
    afterAddress(s, 11, r);
    return r;
  }
  // \S+? stops at the first place the rest can match: a ':' or ' ' (or the end); found by a
  // search, which costs less than a loop over the characters
  ADDRESS.lastIndex = 1;
  ADDRESS.test(s);
  const k = ADDRESS.lastIndex;
  if (k < s.length && s.charCodeAt(k) !== 58 && s.charCodeAt(k) !== 32) return byPattern(s); // other white space
  const r: Recipient = { rcpt: s.slice(0, k), colon: false, end: k };
  if (k === s.length) return r;
  if (s.charCodeAt(k) === 58) {
    const withColon: Recipient = { rcpt: r.rcpt, colon: true, end: k + 1 };
    // the ':' is taken when what follows it fits; else the lookahead takes the ':' itself
    return afterAddress(s, k + 1, withColon) ? withColon : r;
  }
  afterAddress(s, k, r); // a space: the lookahead fits at k whatever else does not
  return r;
}
