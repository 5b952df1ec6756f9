import { describe, expect, test } from 'vitest';
import { deriveCode, splitReply, stageOf } from '../../src/parse/smtp-reply.js';

describe('splitReply', () => {
  const cases = [
    { text: '550 5.1.1 <a@b>: Recipient address rejected: User unknown', code: 550, enhanced: '5.1.1', rest: '<a@b>: Recipient address rejected: User unknown' },
    { text: '554 Relay access denied', code: 554, enhanced: null, rest: 'Relay access denied' },
    { text: '550-5.7.1 multi line', code: 550, enhanced: '5.7.1', rest: 'multi line' },
    { text: '5.7.1 Message rejected by lab milter', code: null, enhanced: '5.7.1', rest: 'Message rejected by lab milter' },
    { text: 'delivered to mailbox', code: null, enhanced: null, rest: 'delivered to mailbox' },
    { text: '250', code: 250, enhanced: null, rest: '' },
  ];
  for (const c of cases) {
    test(c.text, () => {
      const r = splitReply(c.text, 'inbound', 'RCPT');
      expect([r.code, r.enhanced, r.text]).toEqual([c.code, c.enhanced, c.rest]);
    });
  }
  test('a code is derived from the enhanced class and marked so', () => {
    expect(deriveCode(splitReply('5.7.1 no', 'inbound', null))).toMatchObject({ code: 550, codeDerived: true });
    expect(deriveCode(splitReply('4.7.1 later', 'inbound', null))).toMatchObject({ code: 451, codeDerived: true });
    expect(deriveCode(splitReply('554 5.7.1 no', 'inbound', null))).toMatchObject({ code: 554, codeDerived: false });
  });
});

describe('stageOf', () => {
  const cases: Array<[string, string]> = [
    ['RCPT TO', 'RCPT'], ['MAIL FROM', 'MAIL'], ['end of DATA', 'END-OF-DATA'], ['END-OF-MESSAGE', 'END-OF-DATA'],
    ['DATA', 'DATA'], ['CONNECT', 'CONNECT'], ['EHLO', 'HELO'], ['XFORWARD', 'UNKNOWN'],
    // smtpd logs a refused address probe as "reject: VRFY from ..."
    ['VRFY', 'VRFY'],
  ];
  for (const [words, stage] of cases) test(words, () => expect(stageOf(words)).toBe(stage));
});
