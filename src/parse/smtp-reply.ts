import type { Direction, Reply, Stage } from '../model/types.js';

// Splitting "550 5.1.1 <x@y>: Recipient address rejected: ..." into its parts.

const CODE_FIRST = /^([2-5]\d\d)(?:[ -]([2-5]\.\d{1,3}\.\d{1,3}))?(?:[ -](.*))?$/s;
const ENHANCED_ONLY = /^([2-5]\.\d{1,3}\.\d{1,3})(?: (.*))?$/s;

export function splitReply(text: string, direction: Direction, stage: Stage | null): Reply {
  const t = text.trim();
  const m = CODE_FIRST.exec(t);
  if (m) {
    return { code: Number(m[1]), codeDerived: false, enhanced: m[2] ?? null, text: (m[3] ?? '').trim(), stage, direction };
  }
  const e = ENHANCED_ONLY.exec(t);
  if (e) {
    return { code: null, codeDerived: false, enhanced: e[1]!, text: (e[2] ?? '').trim(), stage, direction };
  }
  return { code: null, codeDerived: false, enhanced: null, text: t, stage, direction };
}

/**
 * When only an enhanced code was logged (milter-reject "5.7.1 ...", header_checks),
 * the client still got a basic code: 550 for class 5 and 451 for class 4 are what
 * Postfix sends for them (cleanup_reject and milter defaults). Marked as derived.
 */
export function deriveCode(reply: Reply, permanent = 550, temporary = 451): Reply {
  if (reply.code !== null || reply.enhanced === null) return reply;
  const cls = reply.enhanced[0];
  if (cls === '5') return { ...reply, code: permanent, codeDerived: true };
  if (cls === '4') return { ...reply, code: temporary, codeDerived: true };
  return reply;
}

const STAGE_WORDS: Array<[RegExp, Stage]> = [
  [/^RCPT/i, 'RCPT'],
  [/^MAIL/i, 'MAIL'],
  [/^end of (?:DATA|data)/, 'END-OF-DATA'],
  [/^END-OF-MESSAGE/, 'END-OF-DATA'],
  [/^DATA/i, 'DATA'],
  [/^BDAT/i, 'BDAT'],
  [/^(?:EHLO|HELO|LHLO)/i, 'HELO'],
  [/^STARTTLS/i, 'STARTTLS'],
  [/^AUTH/i, 'AUTH'],
  [/^QUIT/i, 'QUIT'],
  [/^VRFY/i, 'VRFY'],
  [/^EXPN/i, 'EXPN'],
  [/^ETRN/i, 'ETRN'],
  [/^CONNECT/, 'CONNECT'],
  [/^(?:initial|server greeting)/i, 'CONNECT'],
];

/** "RCPT TO", "end of DATA", "MAIL FROM", "END-OF-MESSAGE", "CONNECT"... -> Stage */
export function stageOf(words: string | undefined): Stage | null {
  if (!words) return null;
  for (const [re, stage] of STAGE_WORDS) if (re.test(words)) return stage;
  return 'UNKNOWN';
}
