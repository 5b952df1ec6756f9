import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';
import { built, mxlens, tempDir } from './helpers.js';

// rsyslog with $RepeatedMsgReduction on (Ubuntu's rsyslog.conf sets it) writes a message that a
// process logs again right away once, then "message repeated N times: [ ...]". The fixture is a real
// Postfix 3.7 and rsyslog 8.2302 run (fixtures/README.md): one session that sent a refused RCPT four
// times, an unknown recipient three times and one good recipient; smtpd counted "rcpt=1/8".

const LOG = 'fixtures/repeats/postfix-rsyslog-repeats.log';
const t = tempDir('repeats');
afterAll(() => t.cleanup());

describe('rsyslog\'s repeat notices', () => {
  test('the notice is read as its message, standing for as many lines', () => {
    const p = new LineParser({ year: 2026 });
    const out = p.parse('Nov 29 19:48:09 vm postfix/smtpd[27869]: message repeated 2 times: [ NOQUEUE: reject: RCPT from unknown[127.0.0.45]: 550 5.1.1 <nosuchuser@lab.example>: Recipient address rejected: User unknown in local recipient table; from=<someone@outside.test> to=<nosuchuser@lab.example> proto=ESMTP helo=<bot.outside.test>]');
    expect(out.type).toBe('event');
    if (out.type !== 'event') return;
    expect(out.repeat).toBe(2);
    expect(out.event).toMatchObject({ recipient: 'nosuchuser@lab.example', reply: { code: 550, enhanced: '5.1.1', stage: 'RCPT' } });
    // a message that only mentions repeats is itself
    const plain = p.parse('Nov 29 19:48:09 vm postfix/smtpd[27869]: message repeated 2 times');
    expect(plain.type === 'event' ? plain.repeat : plain.type).not.toBe(2);
  });

  test.skipIf(!built)('every refusal the session got is counted, as smtpd counted them, and each example line is shown once', () => {
    const db = join(t.dir, 'r.db');
    const a = mxlens(['analyse', LOG, '--db', db, '--year', '2026']);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    const d = new Database(db, { readonly: true });
    try {
      const q = (sql: string): unknown => d.prepare(sql).pluck().get();
      expect(q(`SELECT count(*) FROM replies WHERE kind = 'reject'`)).toBe(7);
      expect(q('SELECT rejects FROM sessions')).toBe(7);
      expect(q('SELECT counters FROM sessions')).toContain('rcpt=1/8');
      expect(q('SELECT sum(unparsed) FROM line_stats')).toBe(0);
    } finally {
      d.close();
    }
    const r = mxlens(['report', '--db', db, '--format', 'json']);
    expect(r.status).toBe(0);
    const groups = (JSON.parse(r.stdout) as { rejections: Array<{ code: number; count: number; examples: string[] }> }).rejections;
    expect(groups.map((g) => [g.code, g.count])).toEqual([[554, 4], [550, 3]]);
    for (const g of groups) {
      expect(g.examples).toHaveLength(2);
      expect(new Set(g.examples).size).toBe(2);
      expect(g.examples[1]).toMatch(/message repeated \d times: \[/);
    }
  });
});
