import { describe, expect, test } from 'vitest';
import { analysed } from './split-helpers.js';

// A mail queue of more than 100,000 messages (a backscatter flood, a dead relay): a run must
// carry every one of them over to the next. One left behind was stored a second time by its
// next line, and its first row stayed open for good.

const N = 100_050;
const qid = (i: number): string => (0x100000 + i).toString(16).toUpperCase().padStart(10, '0');

describe('a queue larger than any bound', () => {
  test('the oldest queued message, removed in the next run, is one row, as in one run', () => {
    const queued: string[] = [];
    for (let i = 0; i < N; i++) {
      queued.push(`Nov 28 10:${String(Math.floor(i / 2000) % 60).padStart(2, '0')}:00 mx postfix/qmgr[102]: ${qid(i)}: from=<bounce${i}@mx.example>, size=1234, nrcpt=1 (queue active)`);
    }
    const later = [
      `Nov 28 12:00:00 mx postfix/smtp[103]: ${qid(0)}: to=<user0@dead.example>, relay=none, delay=7200, delays=0/0/7200/0, dsn=4.4.1, status=deferred (connect to dead.example[192.0.2.1]:25: Connection timed out)`,
      `Nov 28 12:00:01 mx postfix/qmgr[102]: ${qid(0)}: removed`,
    ];
    const one = analysed([...queued, ...later]);
    const two = analysed(queued, later);
    const rows = (d: Record<string, string[]>) => d.messages.filter((m) => m.includes(`"queue_id":"${qid(0)}"`));
    expect(rows(two)).toEqual(rows(one));
    expect(rows(two)).toHaveLength(1);
    expect(two.messages.length).toBe(N);
  });

  test('a message the queue manager never saw is abandoned after a day, also when the day passes in a later run that reads no line of it', () => {
    const first = [
      'Nov 28 10:00:00 mx postfix/smtpd[200]: 4A1B2C3D4E: client=a.example[192.0.2.1]',
      'Nov 28 10:00:01 mx postfix/cleanup[201]: 4A1B2C3D4E: message-id=<x@a.example>',
    ];
    const dayLater = ['Nov 29 11:00:00 mx postfix/qmgr[102]: 5B1B2C3D4E: removed'];
    const state = (d: Record<string, string[]>) => d.messages.map((m) => (JSON.parse(m) as { state: string }).state);
    expect(state(analysed([...first, ...dayLater]))).toEqual(['abandoned']);
    expect(state(analysed(first, dayLater))).toEqual(['abandoned']);
  });
});
