import { describe, expect, test } from 'vitest';
import { remedyId } from '../../src/remedy/index.js';

// The reply texts RFC 5321 §4.2.2, RFC 7504 §3 and RFC 4954 §6 give for each code, with the entry that
// must win. Where the wording itself names a common reason, the text entry wins: that is the
// matching order working (text before code), not an accident.
const cases: Array<[string, string]> = [
  ['211 System status, or system help reply', 'code.211'],
  ['214 Help message', 'code.214'],
  ['220 mx.example.org Service ready', 'code.220'],
  ['221 mx.example.org Service closing transmission channel', 'code.221'],
  ['250 Requested mail action okay, completed', 'code.250'],
  ['251 User not local; will forward to <user@example.net>', 'code.251'],
  ['252 Cannot VRFY user, but will accept message and attempt delivery', 'code.252'],
  ['354 Start mail input; end with <CRLF>.<CRLF>', 'code.354'],
  ['421 mx.example.org Service not available, closing transmission channel', 'code.421'],
  ['450 Requested mail action not taken: mailbox unavailable', 'code.450'],
  ['451 Requested action aborted: local error in processing', 'code.451'],
  ['452 Requested action not taken: insufficient system storage', 'text.postfix.insufficient-storage'],
  ['455 Server unable to accommodate parameters', 'code.455'],
  ['500 Syntax error, command unrecognized', 'code.500'],
  ['501 Syntax error in parameters or arguments', 'code.501'],
  ['502 Command not implemented', 'code.502'],
  ['503 Bad sequence of commands', 'code.503'],
  ['504 Command parameter not implemented', 'code.504'],
  ['521 Host does not accept mail', 'code.521'],
  ['550 Requested action not taken: mailbox unavailable', 'code.550'],
  ['551 User not local; please try <user@example.net>', 'text.postfix.moved'],
  ['552 Requested mail action aborted: exceeded storage allocation', 'text.mailbox-full'],
  ['553 Requested action not taken: mailbox name not allowed', 'code.553'],
  ['554 Transaction failed', 'code.554'],
  ['555 MAIL FROM/RCPT TO parameters not recognized or not implemented', 'code.555'],
  ['556 Domain does not accept mail', 'code.556'],
  ['432 4.7.12 A password transition is needed', 'enh.X.7.12'],
  // the SASL back end failed, not the client's password (Postfix: "Connection lost to authentication server")
  ['454 4.7.0 Temporary authentication failure', 'enh.4.7.0'],
  // words that the broad text patterns once caught: an unknown user (Lotus Domino), Exim configuration errors
  ['550 5.1.1 User not listed in public Name & Address Book', 'enh.X.1.1'],
  ['550 unknown ACL condition/modifier in "deny vorify = junk"', 'text.exim.config-error'],
  ['451 cannot use "control=queue" in connection ACL', 'text.exim.config-error'],
  ['530 5.7.0 Authentication required', 'text.auth-failed'],
  ['534 5.7.9 Authentication mechanism is too weak', 'enh.X.7.9'],
  ['535 5.7.8 Authentication credentials invalid', 'text.auth-failed'],
  ['538 5.7.11 Encryption required for requested authentication mechanism', 'text.exim.encryption-required'],
  ['556 5.1.10 Recipient address has null MX', 'enh.X.1.10'],
  ['550 5.7.27 Sender address has null MX', 'enh.X.7.27'],
];

const split = (line: string) => {
  const m = /^(\d{3}) (?:(\d\.\d{1,3}\.\d{1,3}) )?(.*)$/.exec(line)!;
  return { code: Number(m[1]), enhanced: m[2] ?? null, text: m[3]! };
};

describe('RFC reply texts', () => {
  for (const [line, id] of cases) test(`${line} -> ${id}`, () => expect(remedyId(split(line))).toBe(id));
  test('with no text, each AUTH code has its own entry', () => {
    for (const c of [432, 454, 530, 534, 535, 538]) expect(remedyId({ code: c, enhanced: null, text: '' })).toBe(`code.${c}`);
  });
});
