import { describe, expect, test } from 'vitest';
import { catalogue, byId, findAllRemedies, findRemedy, remedyId, resolveLang, viewOf } from '../../src/remedy/index.js';
import { vi } from '../../src/remedy/i18n/index.js';
import type { StallKind } from '../../src/model/types.js';
import { textCases } from './text-cases.js';

const RFC_CODES = [211, 214, 220, 221, 250, 251, 252, 354, 421, 450, 451, 452, 455, 500, 501, 502, 503, 504, 521, 550, 551, 552, 553, 554, 555, 556];
const STALL_KINDS: StallKind[] = [
  'inbound.lost-after-data', 'inbound.timeout-after-data', 'inbound.lost-after-bdat', 'inbound.timeout-after-bdat',
  'outbound.timeout-message-body', 'outbound.lost-message-body', 'outbound.timeout-end-of-data', 'outbound.lost-end-of-data',
  'outbound.closed-data-block',
];
// The IANA registry of enhanced status codes (RFC 3463, 3886, 4468, 4954, 5248, 6531, 6710, 7293, 7372, 7505, 8617, 8689, and later).
const IANA = [
  'X.0.0', 'X.1.0', 'X.1.1', 'X.1.2', 'X.1.3', 'X.1.4', 'X.1.5', 'X.1.6', 'X.1.7', 'X.1.8', 'X.1.9', 'X.1.10',
  'X.2.0', 'X.2.1', 'X.2.2', 'X.2.3', 'X.2.4', 'X.3.0', 'X.3.1', 'X.3.2', 'X.3.3', 'X.3.4', 'X.3.5', 'X.3.6',
  'X.4.0', 'X.4.1', 'X.4.2', 'X.4.3', 'X.4.4', 'X.4.5', 'X.4.6', 'X.4.7', 'X.5.0', 'X.5.1', 'X.5.2', 'X.5.3', 'X.5.4', 'X.5.5', 'X.5.6',
  'X.6.0', 'X.6.1', 'X.6.2', 'X.6.3', 'X.6.4', 'X.6.5', 'X.6.6', 'X.6.7', 'X.6.8', 'X.6.9', 'X.6.10',
  ...Array.from({ length: 31 }, (_, n) => `X.7.${n}`),
];

describe('catalogue entries', () => {
  test('ids are unique', () => {
    expect(new Set(catalogue.map((e) => e.id)).size).toBe(catalogue.length);
  });
  for (const e of catalogue) {
    test(`${e.id} has every English field and references`, () => {
      for (const f of ['title', 'meaning', 'when', 'fix'] as const) expect(e[f].trim().length, f).toBeGreaterThan(3);
      expect(e.refs.length).toBeGreaterThan(0);
      expect(Object.keys(e.match).length).toBeGreaterThan(0);
    });
  }
  test('every RFC 5321 / RFC 7504 basic code has its own entry', () => {
    for (const c of RFC_CODES) expect(remedyId({ code: c, enhanced: null, text: '' })).toBe(`code.${c}`);
  });
  test('every IANA enhanced code resolves to its own entry in class 4 and 5', () => {
    for (const x of IANA) {
      for (const cls of ['4', '5']) {
        const code = `${cls}${x.slice(1)}`;
        const id = remedyId({ code: null, enhanced: code, text: '' });
        expect([`enh.${x}`, `enh.${code}`], code).toContain(id);
      }
    }
  });
  test('an entry that answers a temporary (4.x.x) reply never tells the reader to give up on the address', () => {
    // a class-4 reply asks for a retry: "stop mailing" or "resending will fail" belongs to class 5 only
    const giveUp = /stop mailing|do not retry|resending will fail|will fail again|remove (?:it|the address)/i;
    for (const x of IANA) {
      const e = findAllRemedies({ code: null, enhanced: `4${x.slice(1)}`, text: '' })[0]!;
      for (const t of [e.meaning, e.fix, e.fixInbound ?? '', e.fixOutbound ?? '']) expect(t, `4${x.slice(1)} ${e.id}`).not.toMatch(giveUp);
    }
  });
  test('450 4.2.1 is a temporary mailbox status (Gmail: per-recipient rate), 550 5.2.1 a disabled mailbox', () => {
    const gmail = { code: 450, enhanced: '4.2.1', text: 'The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.', direction: 'outbound' as const };
    const t = findRemedy(gmail);
    expect(t.id).toBe('enh.4.2.1');
    expect(t.fix).not.toMatch(/stop mailing|disabled/i);
    expect(t.fix).toMatch(/retr/i);
    expect(remedyId({ code: 550, enhanced: '5.2.1', text: '' })).toBe('enh.X.2.1');
  });
  test('a failure detail in a success reply is no failure: 2.6.0 and 2.7.0 fall to the basic code, 2.1.5 keeps its entry', () => {
    expect(remedyId({ code: 250, enhanced: '2.6.0', text: 'Ok' })).toBe('code.250');
    expect(remedyId({ code: 235, enhanced: '2.7.0', text: 'Authentication successful' })).toBe('code.235');
    expect(remedyId({ code: 250, enhanced: '2.1.5', text: 'Ok' })).toBe('enh.X.1.5');
    expect(remedyId({ code: 554, enhanced: '5.6.0', text: 'Mail message is malformed. Not accepted.' })).toBe('enh.X.6.0');
  });
  test('an address or a host name in the text decides nothing, whatever reply came first', () => {
    const unknown = (who: string) => ({ code: 550, enhanced: '5.1.1', text: `<${who}@remote.example>: Recipient address rejected: User unknown`, direction: 'outbound' as const });
    const timeout = (host: string) => ({ code: null, enhanced: '4.4.1', text: `connect to ${host}[192.0.2.10]:25: Connection timed out`, direction: 'outbound' as const, status: 'deferred' as const });
    for (const order of [['fred', 'dmarc', 'spam', 'virus'], ['virus', 'spam', 'dmarc', 'fred']]) {
      expect(order.map((w) => remedyId(unknown(w)))).toEqual(order.map(() => 'text.user-unknown'));
    }
    for (const order of [['mx.example.net', 'mx.ess.barracudanetworks.com', 'spamhaus-mx.example'], ['spamhaus-mx.example', 'mx.ess.barracudanetworks.com', 'mx.example.net']]) {
      expect(order.map((h) => remedyId(timeout(h)))).toEqual(order.map(() => 'text.net.connection-timeout'));
    }
  });
  test('Exim names a host before its address with a space: that name decides nothing either', () => {
    // the line Exim writes for a host it could not reach, before the deferral that names no host
    const q = (host: string) => ({ code: null, enhanced: null, text: `H=${host} [209.222.82.252] Connection timed out`, direction: 'outbound' as const, status: 'deferred' as const });
    expect(remedyId(q('mx.ess.barracudanetworks.com'))).toBe(remedyId(q('mx.example.net')));
    expect(remedyId(q('mx.ess.barracudanetworks.com'))).not.toBe('text.blocklist.barracuda');
  });
  test('no text pattern names a number of five digits or more (the memo key reads such numbers as one)', () => {
    for (const e of catalogue) if (e.match.text) expect(e.match.text.source, e.id).not.toMatch(/\d{5}/);
  });
  test('every stall kind has its entry', () => {
    for (const k of STALL_KINDS) expect(remedyId({ code: null, enhanced: null, text: '', stallKind: k })).toBe(`stall.${k}`);
  });
  test('every text and stall entry has at least one real reply in the case table', () => {
    const covered = new Set(textCases.map((c) => c.id));
    // TLS handshake entries answer log lines, not replies: tls-cases.test.ts covers them
    const missing = catalogue.filter((e) => !e.match.tls && (e.match.text || e.match.stallKind || e.id.startsWith('text.')) && !covered.has(e.id)).map((e) => e.id);
    expect(missing).toEqual([]);
  });
});

describe('the memoised winner', () => {
  test('equals the first of all applicable entries, for every case and again on a second call', () => {
    for (const c of textCases) {
      expect(remedyId(c)).toBe(findAllRemedies(c)[0]!.id);
      expect(remedyId({ ...c })).toBe(findAllRemedies(c)[0]!.id);
    }
  });
  test('addresses and numbers do not change the answer; the code and direction do', () => {
    const t = (n: number) => `<u${n}@example.com>: Recipient address rejected: Greylisted, please try again in ${n} seconds`;
    expect(remedyId({ code: 450, enhanced: '4.7.1', text: t(300) })).toBe(remedyId({ code: 450, enhanced: '4.7.1', text: t(60) }));
    const relay = { code: 554, enhanced: '5.7.1', text: 'Relay access denied' };
    expect(findRemedy({ ...relay, direction: 'inbound' }).fix).not.toBe(findRemedy({ ...relay, direction: 'outbound' }).fix);
  });
});

describe('fallbacks', () => {
  test('an unknown detail falls back to its class and subject', () => {
    expect(remedyId({ code: null, enhanced: '5.1.99', text: '' })).toBe('class.5.1');
    expect(remedyId({ code: 599, enhanced: null, text: 'Main code' })).toBe('class.5xx');
    expect(remedyId({ code: 499, enhanced: null, text: '' })).toBe('class.4xx');
  });
  test('a deferral with no code at all falls back to the temporary class', () => {
    expect(remedyId({ code: null, enhanced: null, text: 'Mailbox migration in progress', status: 'deferred' })).toBe('class.4xx');
    expect(remedyId({ code: null, enhanced: null, text: 'User has left the company', status: 'bounced' })).toBe('class.5xx');
  });
  test('a permanent class fallback never tells the sender to wait for a retry, a temporary one never to resend', () => {
    for (const subject of ['0', '1', '2', '3', '4', '5', '6', '7']) {
      for (const lang of ['en', 'vi'] as const) {
        const permanent = viewOf(byId.get(`class.5.${subject}`)!, lang).fix;
        const temporary = viewOf(byId.get(`class.4.${subject}`)!, lang).fix;
        expect(permanent, `class.5.${subject} ${lang}`).not.toMatch(/\bretry\b|thử lại/i);
        expect(temporary, `class.4.${subject} ${lang}`).not.toMatch(/returned|send it again|trả về|gửi lại/i);
      }
    }
  });
  test('nothing at all still gives an answer', () => {
    expect(findRemedy({ code: null, enhanced: null, text: '' }).id).toMatch(/^class\./);
    expect(findRemedy({ code: null, enhanced: 'garbage', text: '\u0000' }).id).toMatch(/^class\./);
  });
});

describe('Vietnamese', () => {
  test('names only existing ids', () => {
    expect(Object.keys(vi).filter((id) => !byId.has(id))).toEqual([]);
  });
  test('covers every basic code, stall and class entry', () => {
    const need = catalogue.filter((e) => /^(code|stall|class)\./.test(e.id)).map((e) => e.id);
    expect(need.filter((id) => !vi[id])).toEqual([]);
  });
  test('covers every text entry', () => {
    expect(catalogue.filter((e) => e.id.startsWith('text.') && !vi[e.id]).map((e) => e.id)).toEqual([]);
  });
  for (const [id, t] of Object.entries(vi)) {
    test(`${id}: complete, with the same direction variants as English`, () => {
      const en = byId.get(id)!;
      for (const f of ['title', 'meaning', 'when', 'fix'] as const) expect(t[f].trim().length, f).toBeGreaterThan(3);
      expect(Boolean(t.fixInbound), 'fixInbound').toBe(Boolean(en.fixInbound));
      expect(Boolean(t.fixOutbound), 'fixOutbound').toBe(Boolean(en.fixOutbound));
    });
  }
  test('every entry is translated', () => {
    expect(catalogue.filter((e) => !vi[e.id]).map((e) => e.id)).toEqual([]);
  });
  test('a missing translation falls back to English, marked', () => {
    const untranslated = { ...byId.get('code.551')!, id: 'test.untranslated' };
    const v = viewOf(untranslated, 'vi');
    expect(v).toMatchObject({ id: 'test.untranslated', title: untranslated.title, lang: 'en', fallback: true });
  });
  test('a translated entry comes back in Vietnamese', () => {
    const v = findRemedy({ code: 551, enhanced: null, text: '' }, 'vi');
    expect(v).toMatchObject({ id: 'code.551', lang: 'vi', title: vi['code.551']!.title });
    expect(v.fallback).toBeUndefined();
  });
});

describe('resolveLang', () => {
  const cases: Array<[string | undefined, Record<string, string>, string]> = [
    ['vi', {}, 'vi'],
    ['en', { LANG: 'vi_VN.UTF-8' }, 'en'],
    [undefined, { LANG: 'vi_VN.UTF-8' }, 'vi'],
    [undefined, { LC_ALL: 'en_US.UTF-8', LANG: 'vi_VN.UTF-8' }, 'en'],
    [undefined, { LC_ALL: 'vi_VN', LANG: 'C' }, 'vi'],
    [undefined, { LANG: 'C.UTF-8' }, 'en'],
    [undefined, { LC_ALL: '', LANG: 'vi' }, 'vi'],
    [undefined, {}, 'en'],
  ];
  for (const [flag, env, want] of cases) {
    test(`${flag ?? '-'} ${JSON.stringify(env)} -> ${want}`, () => expect(resolveLang(flag, env)).toBe(want));
  }
});
