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
  test('a 554 greeting gets connection-stage advice, not SPF/DKIM; the same text later in the dialogue does not', () => {
    const greet = findRemedy({ code: 554, enhanced: '5.7.1', text: 'rude.lab.test No SMTP service here', stage: 'CONNECT', direction: 'outbound', status: 'deferred' });
    expect(greet.id).toBe('text.net.no-smtp-service');
    expect(greet.fix).not.toMatch(/SPF, DKIM and DMARC|SPF, DKIM or DMARC/);
    expect(greet.fix).toMatch(/MX/);
    expect(remedyId({ code: 554, enhanced: '5.7.1', text: 'Go away', stage: 'RCPT', direction: 'outbound' })).not.toBe('text.net.no-smtp-service');
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

describe('our own refusals get the receiving side\'s fix (lab: transport_maps error: and retry: entries enforced at RCPT)', () => {
  const inbound = (code: number, enhanced: string, text: string) => findRemedy({ code, enhanced, text, direction: 'inbound' });
  const outbound = (code: number, enhanced: string, text: string) => findRemedy({ code, enhanced, text, direction: 'outbound' });
  test('450 4.4.1 from our server: no "check outbound port 25", but the retry: transport', () => {
    const f = inbound(450, '4.4.1', '<ops@later.lab.test>: Recipient address rejected: lab maintenance window, try later').fix;
    expect(f).not.toMatch(/port 25|Sending side/);
    expect(f).toMatch(/retry:/);
    expect(outbound(450, '4.4.1', 'connect to mx.example[192.0.2.1]:25: No route').fix).not.toMatch(/retry: entry/);
  });
  test('550 5.1.2 from our server: the error: transport or the domain list, not "check the DNS"', () => {
    const f = inbound(550, '5.1.2', '<old@gone.lab.test>: Recipient address rejected: this domain no longer accepts mail').fix;
    expect(f).not.toMatch(/dig MX/);
    expect(f).toMatch(/error:/);
  });
  test('452 4.5.3 from our server names our recipient limit', () => {
    expect(inbound(452, '4.5.3', 'Try again').fix).toMatch(/smtpd_recipient_limit/);
  });
  test('a remote\'s temporary lookup failure is not ours to fix', () => {
    expect(outbound(451, '4.3.0', '<r451-olduser@bounce.test>: Temporary lookup failure').fix).toMatch(/Nothing to change on your side/);
  });
});

