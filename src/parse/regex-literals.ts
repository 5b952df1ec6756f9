// What a pattern row's regular expression says for certain about the text it matches, read from
// its source: the literal texts a match must start with, and a literal it must contain. Tables use
// these to skip rows with a cheap string test before running the expression. Every answer errs on
// the safe side: when the source holds anything this reader does not follow, it says "anything".

/** Characters that are themselves when escaped ("\(" is "("); other escapes are classes, anchors or codes. */
const ESCAPED_LITERAL = new Set('^$\\.*+?()[]{}|/-');
/** Characters with a meaning of their own outside a class. */
const SPECIAL = new Set('^$\\.*+?()[]{}|');

type Token =
  | { t: 'char'; ch: string; end: number }
  | { t: 'group'; body: string; kind: 'plain' | 'look'; end: number }
  | { t: 'quant'; optional: boolean; end: number }
  | { t: 'alt'; end: number }
  | { t: 'other'; end: number };

/** Index just after the group opened by "(" at `i`, or -1 if unbalanced. */
function groupEnd(src: string, i: number): number {
  let depth = 0;
  let inClass = false;
  for (let k = i; k < src.length; k++) {
    const ch = src[k];
    if (ch === '\\') k++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return k + 1;
  }
  return -1;
}

function classEnd(src: string, i: number): number {
  for (let k = i + 1; k < src.length; k++) {
    if (src[k] === '\\') k++;
    else if (src[k] === ']') return k + 1;
  }
  return -1;
}

/** The next token at `i`; null when the source is beyond this reader. */
function token(src: string, i: number): Token | null {
  const ch = src[i]!;
  if (ch === '\\') {
    const next = src[i + 1];
    if (next === undefined) return null;
    return ESCAPED_LITERAL.has(next) ? { t: 'char', ch: next, end: i + 2 } : { t: 'other', end: i + 2 };
  }
  if (ch === '(') {
    const end = groupEnd(src, i);
    if (end < 0) return null;
    const inner = src.slice(i + 1, end - 1);
    if (/^\?(?:=|!|<=|<!)/.test(inner)) return { t: 'group', body: '', kind: 'look', end };
    const named = /^\?<[A-Za-z_$][\w$]*>/.exec(inner);
    const body = inner.startsWith('?:') ? inner.slice(2) : named ? inner.slice(named[0].length) : inner;
    if (body.startsWith('?')) return null; // modifiers "(?i:...)" and the like
    return { t: 'group', body, kind: 'plain', end };
  }
  if (ch === '[') {
    const end = classEnd(src, i);
    return end < 0 ? null : { t: 'other', end };
  }
  if (ch === '?' || ch === '*') return { t: 'quant', optional: true, end: i + 1 };
  if (ch === '+') return { t: 'quant', optional: false, end: i + 1 };
  if (ch === '{') {
    const q = /^\{(\d+)(?:,\d*)?\}/.exec(src.slice(i));
    if (!q) return null;
    return { t: 'quant', optional: q[1] === '0', end: i + q[0].length };
  }
  if (ch === '|') return { t: 'alt', end: i + 1 };
  if (SPECIAL.has(ch)) return { t: 'other', end: i + 1 };
  return { t: 'char', ch, end: i + 1 };
}

/** Splits a group body at its own top-level "|". */
function alternatives(body: string): string[] | null {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < body.length;) {
    const tk = token(body, i);
    if (tk === null) return null;
    if (tk.t === 'alt') {
      out.push(body.slice(from, i));
      from = tk.end;
    }
    i = tk.end;
  }
  out.push(body.slice(from));
  return out;
}

/** A quantifier directly after `end`, and the index after it (and after a lazy "?"). */
function quantAt(src: string, end: number): { optional: boolean; end: number } | null {
  if (end >= src.length) return null;
  const tk = token(src, end);
  if (tk === null || tk.t !== 'quant') return null;
  return { optional: tk.optional, end: src[tk.end] === '?' ? tk.end + 1 : tk.end };
}

/**
 * Texts one of which every match of `src` (a pattern with no leading "^") starts with.
 * [''] means no promise. A group that opens the pattern gives one text per alternative.
 */
export function leadingTexts(src: string): string[] {
  let text = '';
  for (let i = 0; i < src.length;) {
    const tk = token(src, i);
    if (tk === null || tk.t === 'alt') return [''];
    const q = quantAt(src, tk.end);
    if (tk.t === 'char') {
      if (q?.optional) return [text];
      text += tk.ch;
      if (q) return [text];
      i = tk.end;
      continue;
    }
    if (tk.t === 'group' && tk.kind === 'plain' && text === '' && !q?.optional) {
      const alts = alternatives(tk.body);
      if (alts === null) return [''];
      const texts = alts.flatMap((a) => leadingTexts(a));
      return texts.includes('') ? [''] : texts;
    }
    return [text];
  }
  return [text];
}

/** Whether `src` has a "|" outside every group (then no text is promised anywhere). */
function topLevelAlternative(src: string): boolean {
  for (let i = 0; i < src.length;) {
    const tk = token(src, i);
    if (tk === null || tk.t === 'alt') return true;
    i = tk.end;
  }
  return false;
}

/**
 * The longest literal every match of `src` (no leading "^") contains, leaving out the run the
 * pattern starts with (that one is the leading text); '' when there is none. Of two as long,
 * the later: a pattern's early words ("from ") are shared by its neighbours more often than
 * the words that end it (" lost").
 */
export function requiredText(src: string): string {
  if (topLevelAlternative(src)) return '';
  let best = '';
  let run = '';
  let first = true;
  const close = (): void => {
    if (!first && run.length >= best.length && run !== '') best = run;
    run = '';
    first = false;
  };
  for (let i = 0; i < src.length;) {
    const tk = token(src, i);
    if (tk === null) return '';
    const q = quantAt(src, tk.end);
    if (tk.t === 'char' && !q?.optional) {
      run += tk.ch;
      if (q) close();
    } else {
      close();
    }
    i = q ? q.end : tk.end;
  }
  close();
  return best;
}

/** The literal every match of `src` (no leading "^") ends with, when it ends in "literal$"; '' otherwise. */
export function trailingText(src: string): string {
  if (topLevelAlternative(src)) return '';
  let run = '';
  for (let i = 0; i < src.length;) {
    const tk = token(src, i);
    if (tk === null) return '';
    const q = quantAt(src, tk.end);
    if (tk.t === 'char' && !q) {
      run += tk.ch;
    } else {
      if (tk.t === 'other' && src[i] === '$' && tk.end === src.length) return run;
      run = '';
    }
    i = q ? q.end : tk.end;
  }
  return '';
}

/** Whether the row's expression may be read at all: flags that change what a literal or "^" means are not. */
export function readableFlags(re: RegExp): boolean {
  return !/[imgyv]/.test(re.flags);
}
