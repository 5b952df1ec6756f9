import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { fixture } from '../helpers.js';
import { EXIM_PART, LineAssembler, eximLogKindOf } from '../../src/parse/assemble.js';
import { LineParser } from '../../src/parse/index.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function assemble(lines: string[], asm = new LineAssembler()): string[] {
  const out: string[] = [];
  for (const l of lines) out.push(...asm.push(l));
  out.push(...asm.flush());
  return out;
}

describe('LineAssembler: pass-through', () => {
  test('the short cut gives what push gives, on every fixture line', () => {
    // two assemblers fed the same lines: one takes the short cut whenever it is offered
    const files = ['lab', 'corpus/postfix', 'corpus/exim'].flatMap((d) =>
      readdirSync(fixture(d)).filter((f) => f.endsWith('.log')).map((f) => fixture(`${d}/${f}`)));
    let shortcuts = 0;
    for (const f of files) {
      const plain = new LineAssembler({ eximLog: eximLogKindOf(f) });
      const quick = new LineAssembler({ eximLog: eximLogKindOf(f) });
      const a: string[] = [];
      const b: string[] = [];
      for (const line of readFileSync(f, 'utf8').split('\n')) {
        a.push(...plain.push(line));
        const alone = quick.passThrough(line);
        if (alone === null) b.push(...quick.push(line));
        else {
          shortcuts++;
          b.push(alone);
        }
      }
      a.push(...plain.flush());
      b.push(...quick.flush());
      expect(b, f).toEqual(a);
    }
    expect(shortcuts).toBeGreaterThan(10_000);
  });

  test('syslog lines come out at once, unchanged', () => {
    const asm = new LineAssembler();
    const line = 'Nov 28 17:59:33 vm postfix/smtpd[7163]: connect from localhost[127.0.0.1]';
    expect(asm.push(line)).toEqual([line]);
    expect(asm.pendingLines).toBe(0);
  });

  test("an Exim native line waits for the next line, which shows whether the entry goes on", () => {
    const asm = new LineAssembler();
    const a = '2026-11-28 18:12:54 1xXMus-00043V-1M Completed';
    const b = '2026-11-28 18:12:55 no host name found for IP address 127.0.0.32';
    expect(asm.push(a)).toEqual([]);
    expect(asm.pendingLines).toBe(1);
    expect(asm.push(b)).toEqual([a]);
    expect(asm.flush()).toEqual([b]);
    expect(asm.pendingLines).toBe(0);
  });

  test('indented continuation lines join their entry (paniclog configuration error)', () => {
    const out = assemble([
      '1999-03-02 09:44:33 Exim configuration error in line 12 of TESTSUITE/test-config:',
      '  missing quote at end of string value for hold_domains',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 no recipients found in headers',
    ], new LineAssembler({ eximLog: 'panic' }));
    expect(out).toHaveLength(2);
    const ev = new LineParser({ year: 2026 }).parse(out[0]!);
    expect(ev.type === 'event' && ev.event).toEqual({
      kind: 'problem', pattern: 'exim.paniclog', mta: 'exim', severity: 'panic',
      detail: 'Exim configuration error in line 12 of TESTSUITE/test-config: missing quote at end of string value for hold_domains',
      extra: { origin: 'paniclog' },
    });
    const second = new LineParser({ year: 2026 }).parse(out[1]!);
    expect(second.type === 'event' && second.event).toMatchObject({ kind: 'problem', severity: 'panic', queueId: '10HmaX-000000005vi-0000' });
  });
});

describe('LineAssembler: limits', () => {
  test('an endless run of indented lines is cut into entries of bounded size', () => {
    const asm = new LineAssembler();
    const out: string[] = [];
    out.push(...asm.push('2026-11-28 18:12:54 Warning: purging the environment.'));
    for (let i = 0; i < 1200; i++) out.push(...asm.push(' Suggested action: use keep_environment.'));
    out.push(...asm.flush());
    expect(out.length).toBeGreaterThan(1);
    expect(Math.max(...out.map((l) => l.split('\n').length))).toBeLessThanOrEqual(500);
    expect(out.join('\n').split('\n')).toHaveLength(1201);
  });
});

describe('LineAssembler: Exim [n/m] syslog splits', () => {
  // A real mainlog line as Exim hands it to syslog when it is longer than its limit:
  // the parts carry "[1/2] ", "[2/2] " after the tag; the Exim stamp stays in part 1.
  const whole =
    '1xXMvU-0004Cw-1v ** r550-xyz@bounce.test R=lab_manual T=lab_2526 H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after RCPT TO:<r550-xyz@bounce.test>: 550 5.1.1 <r550-xyz@bounce.test>: Recipient address rejected: User unknown';
  const cut = 90;
  const part1 = `Nov 28 18:13:32 mx exim[4242]: [1/2] 2026-11-28 18:13:32 ${whole.slice(0, cut)}`;
  const part2 = `Nov 28 18:13:33 mx exim[4242]: [2/2] ${whole.slice(cut)}`;
  const other = 'Nov 28 18:13:32 mx postfix/smtpd[7163]: connect from localhost[127.0.0.1]';

  test('the parts are joined into the original line, other lines are not delayed', () => {
    const asm = new LineAssembler();
    expect(asm.push(part1)).toEqual([]);
    expect(asm.pendingLines).toBe(1);
    expect(asm.push(other)).toEqual([other]);
    const out = asm.push(part2);
    expect(out).toEqual([`Nov 28 18:13:32 mx exim[4242]: 2026-11-28 18:13:32 ${whole}`]);
    expect(asm.pendingLines).toBe(0);
  });

  test('the joined line parses as the bounce it is, with Exim\'s own time', () => {
    const [line] = assemble([part1, part2]);
    const out = new LineParser({ year: 2026 }).parse(line!);
    expect(out.type).toBe('event');
    if (out.type !== 'event') return;
    expect(iso(out.rec.ts)).toBe('2026-11-28T18:13:32.000Z');
    expect(out.rec).toMatchObject({ host: 'mx', program: 'exim', pid: 4242 });
    expect(out.event).toMatchObject({
      kind: 'delivery', status: 'bounced', queueId: '1xXMvU-0004Cw-1v', recipient: 'r550-xyz@bounce.test',
      reply: { code: 550, enhanced: '5.1.1', stage: 'RCPT', direction: 'outbound' },
    });
  });

  test('a backslash part ended at a newline of the original', () => {
    const out = assemble([
      'Nov 28 18:13:32 mx exim[7]: [1\\2] Exim configuration error in line 12 of /etc/exim4/exim4.conf:',
      'Nov 28 18:13:32 mx exim[7]: [2/2]   missing quote at end of string value for hold_domains',
    ]);
    expect(out).toEqual([
      'Nov 28 18:13:32 mx exim[7]: Exim configuration error in line 12 of /etc/exim4/exim4.conf:\n  missing quote at end of string value for hold_domains',
    ]);
  });

  test('a run cut short is given back as it is at the end, never lost', () => {
    expect(assemble([part1])).toEqual([`Nov 28 18:13:32 mx exim[4242]: 2026-11-28 18:13:32 ${whole.slice(0, cut)}`]);
  });
});

describe('LineAssembler: rejectlog entries', () => {
  // fixtures/lab/exim-rejectlog.log, the "rejected after DATA" entry with its header dump
  const entry = [
    '2026-11-28 18:13:31 1xXMvT-0004CY-0R H=(mail.partner.test) [127.0.0.32] F=<j.smith@partner.test> rejected after DATA: Message content rejected: spam subject',
    'Envelope-from: <j.smith@partner.test>',
    'Envelope-to: <dave@lab.example>',
    'P Received: from [127.0.0.32] (helo=mail.partner.test)',
    '\tby mx.lab.example with esmtp (Exim 4.96)',
    '\t(envelope-from <j.smith@partner.test>)',
    '\tid 1xXMvT-0004CY-0R',
    '\tfor dave@lab.example;',
    '\tSat, 28 Nov 2026 18:13:31 +0000',
    '  Date: Sat, 28 Nov 2026 18:13:31 +0000',
    'T To: dave@lab.example',
    'F From: j.smith@partner.test',
    '  Subject: Cheap VIAGRA for you',
    'I Message-Id: <20261128181331.016153@vm>',
    '  X-Mailer: swaks v20201014.0 jetmore.org/john/code/swaks/',
  ];
  const next = '2026-11-28 18:13:31 1xXMvT-0004Cc-20 H=(mail.partner.test) [127.0.0.32] F=<j.smith@partner.test> temporarily rejected after DATA: 451 4.3.0 Temporary local problem - please try later';

  test('the whole entry becomes one logical line', () => {
    const out = assemble([...entry, next]);
    expect(out).toHaveLength(2);
    expect(out[0]!.split(EXIM_PART)[0]).toBe(entry[0]);
    expect(out[0]!.split(EXIM_PART)).toHaveLength(entry.length + 1);
  });

  test('it parses as the rejection, marked as the rejectlog copy, with the envelope', () => {
    const [line] = assemble(entry);
    const out = new LineParser({ year: 2026 }).parse(line!);
    expect(out.type === 'event' && out.event).toEqual({
      kind: 'reject', pattern: 'exim.reject.data', mta: 'exim', queueId: '1xXMvT-0004CY-0R',
      helo: 'mail.partner.test', clientIp: '127.0.0.32', sender: 'j.smith@partner.test',
      messageId: '20261128181331.016153@vm',
      reply: { code: 550, codeDerived: true, enhanced: null, text: 'Message content rejected: spam subject', stage: 'END-OF-DATA', direction: 'inbound' },
      extra: { origin: 'rejectlog', envelope_from: '<j.smith@partner.test>', envelope_to: '<dave@lab.example>' },
    });
  });

  test('a file named rejectlog marks every entry, also those without headers', () => {
    expect(eximLogKindOf('/var/log/exim4/rejectlog.1')).toBe('reject');
    expect(eximLogKindOf('exim-paniclog.log')).toBe('panic');
    expect(eximLogKindOf('mail.log')).toBeNull();
    const [line] = assemble([next], new LineAssembler({ eximLog: 'reject' }));
    const out = new LineParser({ year: 2026 }).parse(line!);
    expect(out.type === 'event' && out.event.extra).toEqual({ origin: 'rejectlog' });
    expect(out.type === 'event' && out.event.reply?.code).toBe(451);
  });
});
