// Log text is attacker-controlled (a client chooses its HELO name and addresses):
// nothing from a log reaches a terminal or a page without passing through here.

// C0 and C1 controls except tab, plus DEL, the Unicode bidi overrides and isolates, the bidi marks
// (LRM, RLM, ALM: they reorder what follows them too) and the line and paragraph separators.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function termSafe(s: string): string {
  // \xNN for one byte's worth, \uNNNN above ("\x200e" would read as \x20 and "0e")
  return s.replace(CONTROL, (c) => {
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function htmlSafe(s: string): string {
  return termSafe(s).replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** Text of several lines for a terminal: each line made safe, the line breaks kept. */
export function safeLines(s: string): string {
  return s.split('\n').map(termSafe).join('\n');
}
