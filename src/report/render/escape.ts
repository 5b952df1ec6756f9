// Log text is attacker-controlled (a client chooses its HELO name and addresses):
// nothing from a log reaches a terminal or a page without passing through here.

// C0 and C1 controls except tab, plus DEL and the Unicode bidi overrides.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function termSafe(s: string): string {
  return s.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function htmlSafe(s: string): string {
  return termSafe(s).replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** Text of several lines for a terminal: each line made safe, the line breaks kept. */
export function safeLines(s: string): string {
  return s.split('\n').map(termSafe).join('\n');
}
