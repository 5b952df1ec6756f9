import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runCli } from './memory-io.js';

const RFC_CODES = ['211', '214', '220', '221', '250', '251', '252', '354', '421', '450', '451', '452', '455', '500', '501', '502', '503', '504', '521', '550', '551', '552', '553', '554', '555', '556'];

describe('mxlens explain', () => {
  for (const c of RFC_CODES) {
    test(`explain ${c}`, async () => {
      const r = await runCli(['explain', c]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`[code.${c}]`);
      expect(r.out).toMatch(/Meaning\n {2}\S/);
      expect(r.err).toBe('');
    });
  }

  test('an enhanced code', async () => {
    const r = await runCli(['explain', '5.1.6']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('[enh.X.1.6]');
  });

  test('a failure detail given with class 2 is a known code that means success', async () => {
    const r = await runCli(['explain', '2.6.0']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('[class.2xx]');
    expect(r.out).not.toContain('[enh.X.6.0]');
  });

  test('code and enhanced code: the enhanced entry first, then the basic code', async () => {
    const r = await runCli(['explain', '550 5.7.26']);
    expect(r.code).toBe(0);
    expect(r.out.indexOf('[enh.X.7.26]')).toBeGreaterThan(-1);
    expect(r.out.indexOf('[enh.X.7.26]')).toBeLessThan(r.out.indexOf('[code.550]'));
  });

  test('a pasted log line: text match, enhanced entry, basic code, most specific first', async () => {
    const line = 'Nov 28 17:55:54 mx postfix/smtpd[4822]: NOQUEUE: reject: RCPT from unknown[127.0.0.23]: 550 5.1.1 <info2@lab.example>: Recipient address rejected: User unknown in local recipient table; from=<noreply@shop.test> to=<info2@lab.example> proto=ESMTP helo=<mail.partner.test>';
    const r = await runCli(['explain', line, '--format', 'json']);
    expect(r.code).toBe(0);
    const x = JSON.parse(r.out) as { code: number; enhanced: string; entries: Array<{ id: string }> };
    expect(x.code).toBe(550);
    expect(x.enhanced).toBe('5.1.1');
    expect(x.entries.map((e) => e.id)).toEqual(['text.postfix.user-unknown', 'enh.X.1.1', 'code.550']);
  });

  test('a temporary mailbox status is not a disabled mailbox', async () => {
    const r = await runCli(['explain', '452 4.2.1']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('[enh.4.2.1]');
    expect(r.out).not.toMatch(/stop mailing/);
  });

  test('a pasted stall line without any code', async () => {
    const r = await runCli(['explain', 'Nov 28 17:56:07 mx postfix/smtpd[4822]: lost connection after DATA (36673 bytes) from unknown[127.0.0.23]']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('[stall.inbound.lost-after-data]');
  });

  test('several words are one reply', async () => {
    const r = await runCli(['explain', '550', '5.1.1', 'User', 'unknown', '--format', 'json']);
    expect(JSON.parse(r.out).entries[0].id).toBe('text.user-unknown');
  });

  test('--lang vi, and LANG from the environment', async () => {
    const a = await runCli(['explain', '551', '--lang', 'vi']);
    expect(a.out).toContain('Ý nghĩa');
    expect(a.out).toContain('Cách khắc phục');
    const b = await runCli(['explain', '551'], { LANG: 'vi_VN.UTF-8' });
    expect(b.out).toBe(a.out);
    const c = await runCli(['explain', '551', '--lang', 'en'], { LANG: 'vi_VN.UTF-8' });
    expect(c.out).toContain('How to fix it');
  });

  test('--lang vi: every entry of every code comes back in Vietnamese', async () => {
    for (const c of [...RFC_CODES, '5.6.6', '4.7.28', '5.7.606']) {
      const r = await runCli(['explain', c, '--lang', 'vi', '--format', 'json']);
      for (const e of JSON.parse(r.out).entries) expect(e, `${c} ${e.id}`).toMatchObject({ lang: 'vi' });
    }
  });

  test('a reply code whose enhanced code has another class is flagged (RFC 3463)', async () => {
    const r = await runCli(['explain', '550 4.1.1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Note: the enhanced code 4\.1\.1 is class 4 but the reply code 550 is class 5/);
    // "the sending server" reads as the server that sent the mail: it is the one that answered
    expect(r.out.replace(/\s+/g, ' ')).toContain('the server that sent this reply contradicts itself');
    expect(r.out).not.toMatch(/sending server/);
    const j = JSON.parse((await runCli(['explain', '550 4.1.1', '--format', 'json'])).out);
    expect(j.notes).toHaveLength(1);
    expect((await runCli(['explain', '550 5.1.1', '--format', 'json'])).out).not.toContain('"notes"');
  });

  for (const [code, id] of [['599', 'class.5xx'], ['5.9.9', 'class.5xx'], ['5.9.99', 'class.5xx'], ['4.1.99', 'class.4.1'], ['299', 'class.2xx']]) {
    test(`a well-formed code without an entry (${code}) falls back to its class, said so, exit 0`, async () => {
      const r = await runCli(['explain', code]);
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toContain(`[${id}]`);
      expect(r.out).toMatch(/Note: \S+ (?:has no entry of its own|is not in the IANA registry)/);
      const vi = await runCli(['explain', code, '--lang', 'vi']);
      expect(vi.out).toMatch(/Lưu ý: /);
    });
  }

  test('two codes are not silently read as one reply: usage error pointing at compare', async () => {
    for (const args of [['explain', '550', '551'], ['explain', '5.1.1 5.1.2']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.err).toMatch(/mxlens compare/);
    }
    expect((await runCli(['explain', '550', '5.1.1'])).code).toBe(0);
  });

  test('an empty code is a usage error (64), like a missing one', async () => {
    for (const args of [['explain', ''], ['explain', '  '], ['compare', '354', '']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });

  test('a code pair copied from tab-separated output (query --format table, a spreadsheet) is one reply', async () => {
    const r = await runCli(['explain', '550\t5.1.1', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ code: 550, enhanced: '5.1.1' });
  });

  test('a remedy id as a report or trace prints it in brackets: that entry alone, in the asked language', async () => {
    for (const arg of ['text.relay-denied', '[text.relay-denied]']) {
      const r = await runCli(['explain', arg, '--format', 'json']);
      expect(r.code, r.err).toBe(0);
      const x = JSON.parse(r.out) as { code: number | null; entries: Array<{ id: string }> };
      expect(x.code).toBeNull();
      expect(x.entries.map((e) => e.id)).toEqual(['text.relay-denied']);
    }
    const vi = await runCli(['explain', 'tls.wrong-version', '--lang', 'vi']);
    expect(vi.code).toBe(0);
    expect(vi.out).toContain('[tls.wrong-version]');
    expect(vi.out).toContain('Ý nghĩa');
    // an id that is not in the catalogue is still garbage
    expect((await runCli(['explain', 'text.no-such-entry'])).code).toBe(65);
  });

  for (const bad of ['999', '6.1.1', 'hello', '12345', '<script>', '1.2.3']) {
    test(`garbage ${JSON.stringify(bad)} -> one stderr line, exit 65`, async () => {
      const r = await runCli(['explain', bad]);
      expect(r.code).toBe(65);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/no SMTP reply code or known reason/);
    });
  }
});

// Golden files: set UPDATE_GOLDEN=1 to rewrite them after a reviewed change.
function golden(name: string, actual: string): void {
  const path = new URL(`../golden/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('mxlens compare', () => {
  for (const lang of ['en', 'vi']) {
    test(`compare 354 551 --lang ${lang} (golden)`, async () => {
      const r = await runCli(['compare', '354', '551', '--lang', lang]);
      expect(r.code).toBe(0);
      golden(`compare-354-551.${lang}.txt`, r.out);
    });
    test(`compare 354 551 --format json --lang ${lang} (golden)`, async () => {
      const r = await runCli(['compare', '354', '551', '--format', 'json', '--lang', lang]);
      expect(r.code).toBe(0);
      golden(`compare-354-551.${lang}.json`, r.out);
    });
  }

  test('numbered key differences and which one to act on', async () => {
    const r = await runCli(['compare', '450', '550']);
    expect(r.out).toMatch(/Key differences\n1\. .*\n(?:.*\n)*4\. /);
    expect(r.out).toMatch(/Both report a failure: .*starting with the permanent one/);
    expect((await runCli(['compare', '550', '5.1.1'])).out).not.toMatch(/starting with the permanent one/);
  });

  test('the key differences add to the Meaning and When blocks instead of repeating them', async () => {
    for (const [a, b] of [['354', '551'], ['450', '550'], ['550', '5.1.1']]) {
      for (const lang of ['en', 'vi']) {
        const c = JSON.parse((await runCli(['compare', a, b, '--format', 'json', '--lang', lang])).out);
        const blocks = [c.a, c.b].flatMap((x: { entries: Array<{ meaning: string; when: string }> }) => [x.entries[0]!.meaning, x.entries[0]!.when]);
        for (const d of c.differences as string[]) for (const t of blocks) expect(d, `${a} ${b} ${lang}`).not.toContain(t.slice(0, 40));
      }
    }
  });

  test('two codes of the same class are not contrasted with "while"', async () => {
    const same = JSON.parse((await runCli(['compare', '550', '551', '--format', 'json'])).out);
    expect(same.summary).toBe('550 and 551 are both 5xx Permanent Negative Completion replies.');
    expect(same.differences.join(' ')).not.toMatch(/\bwhile\b/);
    const other = JSON.parse((await runCli(['compare', '450', '550', '--format', 'json'])).out);
    expect(other.summary).toMatch(/while/);
  });

  test('a reply code and an enhanced status code are each called what they are', async () => {
    const en = JSON.parse((await runCli(['compare', '550', '5.1.1', '--format', 'json'])).out);
    expect(en.summary).toBe(
      '550 is a basic reply code of class 5xx (Permanent Negative Completion); 5.1.1 is an RFC 3463 enhanced status code of class 5.X.X (Permanent Failure): both say it is a permanent failure.',
    );
    expect(en.summary).not.toMatch(/\bwhile\b|replies/);
    const vi = JSON.parse((await runCli(['compare', '550', '5.1.1', '--format', 'json', '--lang', 'vi'])).out);
    expect(vi.summary).toBe(
      '550 là mã trả lời cơ bản thuộc lớp 5xx (Thất bại vĩnh viễn); 5.1.1 là mã trạng thái mở rộng theo RFC 3463, thuộc lớp 5.X.X (Lỗi vĩnh viễn): cả hai đều báo lỗi vĩnh viễn.',
    );
    const two = JSON.parse((await runCli(['compare', '5.1.1', '4.2.2', '--format', 'json'])).out);
    expect(two.summary).toBe('5.1.1 is a 5.X.X Permanent Failure enhanced status code, while 4.2.2 is a 4.X.X Persistent Transient Failure enhanced status code.');
    expect((await runCli(['explain', '5.1.1'])).out).toMatch(/^5\.1\.1\n {2}5\.X\.X Permanent Failure · category: addressing \(X\.1\.X\)\n/);
  });

  test('a reply compared with itself is refused (64) and points at explain', async () => {
    for (const [a, b] of [['550', '550'], ['5.1.1', '5.1.1'], ['550 5.1.1', '550  5.1.1']]) {
      const r = await runCli(['compare', a!, b!]);
      expect(r.code, `${a} ${b}`).toBe(64);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/same reply: nothing to compare\. To read about it: mxlens explain /);
    }
    // the same code with different texts is a real comparison, and the two sides are told apart
    const texts = await runCli(['compare', '550', '550 User unknown']);
    expect(texts.code).toBe(0);
    expect(texts.out).toMatch(/^SMTP 550 vs 550 User unknown\n/);
  });

  test('a side with no code (a reason, a TLS failure) is given no class and no retry behaviour', async () => {
    const r = await runCli(['compare', 'Connection refused', 'Mailbox full', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const c = JSON.parse(r.out) as { summary: string; differences: string[]; act_on: string };
    expect(c.summary).toBe('Connection refused carries no reply code: its class is not known, only what its text says. Mailbox full carries no reply code: its class is not known, only what its text says.');
    expect(c.differences.join(' ')).not.toMatch(/5xx|Permanent|must not retry/);
    expect(c.act_on).toMatch(/no reply code/);
    const mixed = JSON.parse((await runCli(['compare', '550', 'Mailbox full', '--format', 'json'])).out) as { summary: string };
    expect(mixed.summary).toBe('Mailbox full carries no reply code: its class is not known, only what its text says.');
  });

  test('garbage on either side -> exit 65', async () => {
    const r = await runCli(['compare', '354', 'nonsense']);
    expect(r.code).toBe(65);
    expect(r.err).toMatch(/nonsense/);
  });

  test('a missing argument is a usage error', async () => {
    const r = await runCli(['compare', '354']);
    expect(r.code).toBe(64);
  });
});
