import { describe, expect, test } from 'vitest';
import { eximRows, eximTable } from '../../src/parse/exim/index.js';
import { INCOMPLETE, NO_MAIL, RCPT, VERIFY, hostLineShortcut, noMailShortcut } from '../../src/parse/exim/host-lines.js';
import { fixtureMessages, form, plain, rec } from './exim-plain-rule.js';

// "H=... rejected RCPT" and "H=... incomplete transaction" lines skip the dispatch
// (host-lines.ts). These tests hold the whole match, shortcut included, to the plain rule
// (exim-plain-rule.ts), on lines built to carry the texts other rows look for.

const peers = ['H=(helo.example) [192.0.2.1]', 'H=mx.example (helo) [192.0.2.1]:25 F=<a@b.example>', 'H=[192.0.2.1] U=x', 'H=', 'Hx=[192.0.2.1]', 'X=[192.0.2.1]'];
const middles = [
  '', ' authenticator failed for x: 535 no', ' rejected after DATA', " dropped by 'acl' ACL", ' RCPT <x@y>: discarded by acl ACL',
  ' temporarily', ' local_scan() function x - message temporarily rejected', ' sender verify fail for <a@b>', ' Warning: x',
  // rows that match with the rest of the line as their argument or text
  ' rejected VRFY', ' rejected after DATA:', " dropped by 'acl' ACL:", ' RCPT <x@y>: discarded by acl ACL:', ' authenticator failed for x:',
  ' incomplete transaction (QUIT) from <a@b>', ' Warning: x',
];
const ends = [
  ' rejected RCPT <c@d.example>: Unrouteable address', ' temporarily rejected RCPT <c@d.example>: 451 4.7.1 later', ' rejected RCPT c@d',
  ' incomplete transaction (QUIT) from <a@b.example>', ' incomplete transaction (connection lost) from <> for c@d e@f',
  ' incomplete transaction (QUIT) from a@b', ' rejected MAIL <a@b>', '',
  ' sender verify fail for <a@b.example>: Unrouteable address', ' recipient verify defer (x): later', ' sender verify failx',
];
const built = peers.flatMap((p) => middles.flatMap((m) => ends.map((e) => p + m + e)));
const noMail = ['', ' rejected', ' authenticator failed for x:', " dropped by 'x' ACL:", ' RCPT <x@y>: discarded by x ACL', ' Warning: x'].flatMap((m) => [
  `no MAIL in SMTP connection from (helo) [192.0.2.1]${m} D=4s C=EHLO,QUIT`, `no MAIL in SMTP connection from H=[192.0.2.1]${m}`,
  `no MAIL in SMTP connection from x${m}`, `no MAIL in SMTP connection${m}`,
]);

describe('the shortcut for "H=..." reject and incomplete lines', () => {
  test('its rows come after the message rows and the other reject rows it looks past', () => {
    expect(eximRows.indexOf(RCPT)).toBeGreaterThan(eximRows.findIndex((r) => r.id === 'exim.reject.auth'));
    expect(eximRows.indexOf(INCOMPLETE)).toBeGreaterThan(eximRows.findIndex((r) => r.id === 'exim.reject.local-scan-temp'));
    expect(eximRows.indexOf(NO_MAIL)).toBeLessThan(eximRows.indexOf(INCOMPLETE));
    expect(eximRows.indexOf(VERIFY)).toBeGreaterThan(eximRows.findIndex((r) => r.id === 'exim.warning'));
  });

  test(`${built.length + noMail.length} built lines and every fixture line match as the plain rule says`, () => {
    const messages = [...built, ...noMail, ...fixtureMessages()];
    const differ = messages.filter((m) => form(eximTable.match(rec(m))) !== form(plain(m)));
    expect(differ).toEqual([]);
  });

  test('it takes the common shapes and leaves the rest to the dispatch', () => {
    const taken = (m: string): string | null => hostLineShortcut(m, rec(m))?.pattern ?? null;
    expect(taken('H=(helo) [192.0.2.1] F=<a@b> rejected RCPT <c@d>: Unrouteable address')).toBe('exim.reject.rcpt');
    expect(taken('H=(helo) [192.0.2.1] incomplete transaction (QUIT) from <a@b>')).toBe('exim.session.incomplete');
    expect(taken('H=(helo) [192.0.2.1] authenticator failed for x rejected RCPT <c@d>')).toBeNull();
    expect(taken("H=(helo) [192.0.2.1] dropped by 'x' ACL incomplete transaction (QUIT) from <a@b>")).toBeNull();
    expect(taken('H=(helo) [192.0.2.1] sender verify fail for <a@b>: Unrouteable address')).toBe('exim.verify-fail');
    const m = 'no MAIL in SMTP connection from (helo) [192.0.2.1] D=4s C=EHLO,QUIT';
    expect(noMailShortcut(m, rec(m))?.pattern).toBe('exim.session.no-mail');
  });
});
