import { describe, expect, test } from 'vitest';
import { remedyId, findRemedy } from '../../src/remedy/index.js';
import { textCases } from './text-cases.js';

describe('a real reply text picks its entry', () => {
  for (const c of textCases) {
    test(`${c.id} <- ${c.code ?? '-'} ${c.enhanced ?? '-'} ${c.text.slice(0, 70)}`, () => {
      expect(remedyId(c)).toBe(c.id);
      expect(findRemedy(c).id).toBe(c.id);
    });
  }
});

describe('direction picks the fix for the reader', () => {
  const base = { code: 554, enhanced: '5.7.1', text: '<victim@remote.example>: Relay access denied' };
  test('inbound: the receiving admin adjusts the restriction', () => {
    expect(findRemedy({ ...base, direction: 'inbound' }).fix).toMatch(/Your server refused to relay/);
  });
  test('outbound: the sender checks where it sends', () => {
    expect(findRemedy({ ...base, direction: 'outbound' }).fix).toMatch(/will not relay for you/);
  });
  test('a stall kind wins over any text', () => {
    expect(remedyId({ code: 550, enhanced: '5.1.1', text: 'User unknown', stallKind: 'inbound.lost-after-data' })).toBe('stall.inbound.lost-after-data');
  });
});

describe('an Exim line gets Exim advice', () => {
  const exim = (code: number, text: string) => findRemedy({ code, enhanced: null, text, direction: 'inbound' });
  test('host lookup failed: the ACL condition verify = reverse_host_lookup, not only Postfix parameters', () => {
    expect(exim(451, 'host lookup failed (failed to find host name from IP address)').fix).toMatch(/verify = reverse_host_lookup/);
  });
  test('a sender ACL rejection: the Exim knob next to check_sender_access', () => {
    const f = exim(550, 'Sender blacklisted by lab policy').fix;
    expect(f).toMatch(/check_sender_access/);
    expect(f).toMatch(/Exim.*senders/);
  });
  test('an ACL defer is a deliberate policy deferral, not a local failure', () => {
    const r = exim(451, 'Service temporarily unavailable, try again later');
    expect(r.meaning).toMatch(/defer/);
    expect(r.fix).not.toMatch(/warning: or fatal:/);
    // any other 451 from our server: Exim's ACL defer is named next to Postfix's local failures
    expect(exim(451, 'Recipient deferred').fix).toMatch(/ACL defer/);
  });
  test('synchronization error: smtp_enforce_sync, and too many unknown commands: smtp_max_unknown_commands', () => {
    expect(exim(554, 'SMTP synchronization error').fix).toMatch(/smtp_enforce_sync/);
    expect(exim(500, 'Too many unrecognized commands').fix).toMatch(/smtp_max_unknown_commands/);
  });
});

