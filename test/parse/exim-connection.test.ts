import { describe, expect, test } from 'vitest';
import { eximRows, eximTable } from '../../src/parse/exim/index.js';
import { CONNECT, QUIT, connectionShortcut } from '../../src/parse/exim/connection.js';
import { fixtureMessages, form, plain, rec } from './exim-plain-rule.js';

// Plain connect and QUIT lines skip the dispatch and the patterns (connection.ts). These tests
// hold the whole match, shortcut included, to the plain rule (exim-plain-rule.ts), on peers
// built to sit at the edges of what the shortcut takes.

const names = ['', 'mx.example ', 'lost.example ', 'mx.lost ', 'not.rejected ', 'rejected.not ', 'x:y ', '- ', 'H=mx ', 'a b ', '"q" '];
const helos = ['', '(helo.example) ', '() ', '(a b) ', '(rejected) ', '(lost) ', '(x)'];
const addrs = ['[192.0.2.1]', '[2001:db8::1]:25', '[192.0.2.1]:', '[192.0.2.1]:x', '[]', '[a b]', '192.0.2.1', '[192.0.2.1]*'];
const tails = [
  '', ' (TCP/IP connection count = 4)', ' (TCP/IP connection count = )', ' (TCP/IP connection count = 4) ', ' (TCP/IP connection count = x)',
  ' closed by QUIT', ' closed by QUIT ', ' closed by EOF', ' D=1s closed by QUIT', ' lost', ' lost while reading message data',
  ' closed by DROP in ACL', ' rejected RCPT <a@b>: no', ' (TCP/IP connection count = 4) rejected from <a@b>',
];
const heads = ['SMTP connection from ', 'SMTP connection Ci=12 from ', 'SMTP connection lost after final dot ', '1xXMus-00043V-1M SMTP connection from '];

const built = heads.flatMap((h) => names.flatMap((n) => helos.flatMap((e) => addrs.flatMap((a) => tails.map((t) => h + n + e + a + t)))));

describe('the shortcut for plain connect and QUIT lines', () => {
  test('its rows come before every other row that can start "SMTP connection from "', () => {
    const at = (r: typeof CONNECT): number => eximRows.indexOf(r);
    expect(at(QUIT)).toBeGreaterThan(0);
    expect(at(CONNECT)).toBeGreaterThan(at(QUIT));
  });

  test(`${built.length} built lines and every fixture line match as the plain rule says`, () => {
    const messages = [...built, ...fixtureMessages()];
    const differ = messages.filter((m) => form(eximTable.match(rec(m))) !== form(plain(m)));
    expect(differ).toEqual([]);
  });

  test('it takes the plain shapes and leaves the rest to the patterns', () => {
    const taken = (m: string): string | null => connectionShortcut(m)?.pattern ?? null;
    expect(taken('SMTP connection from [192.0.2.1] (TCP/IP connection count = 4)')).toBe('exim.session.connect');
    expect(taken('SMTP connection from mx.example (helo.example) [192.0.2.1]:25 closed by QUIT')).toBe('exim.session.quit');
    expect(taken('SMTP connection from lost.example [192.0.2.1] closed by QUIT')).toBeNull();
    expect(taken('SMTP connection from not.rejected [192.0.2.1] closed by QUIT')).toBeNull();
    expect(taken('SMTP connection from [192.0.2.1] D=1s closed by QUIT')).toBeNull();
    expect(built.filter((m) => taken(m) !== null).length).toBeGreaterThan(50);
  });
});
