import { describe, expect, test } from 'vitest';
import { explainDifferences } from '../../scripts/pflogsumm-rules.js';

// The comparison with pflogsumm accepts a gap only when these counts explain it, so they must
// find exactly the lines pflogsumm skips. Expected figures were checked by hand against the files.

describe('lines pflogsumm counts differently', () => {
  test('second-instance syslog names and smtpd milter rejects', async () => {
    const hits = await explainDifferences('fixtures/corpus/postfix/fail2ban-postfix.log');
    // postfix-incoming/smtpd (2) and postfix-smo/submission/smtpd (1); postfix/smtps/smtpd is read by pflogsumm
    expect(hits.get('syslog-name-reject')).toBe(3);
    expect(hits.get('smtpd-milter-reject')).toBe(1);
    // failed SMTP AUTH: 13 answered 535 5.7.8, one 454 4.7.0 (the SASL back end was lost)
    expect(hits.get('smtpd-sasl-failed')).toBe(14);
    // a connection rate and a message rate limit
    expect(hits.get('smtpd-anvil-limit')).toBe(2);
    expect(hits.get('syslog-name-received')).toBe(0);
  });

  test('clients turned away by anvil limits (the second lab)', async () => {
    const hits = await explainDifferences('fixtures/lab2/lab2-postfix.log');
    // connection rate (2), connection count (1), message rate (1), recipient rate (1)
    expect(hits.get('smtpd-anvil-limit')).toBe(5);
    expect(hits.get('smtpd-sasl-failed')).toBe(5);
  });

  test('a content filter re-injection level and local forwarding', async () => {
    const hits = await explainDifferences('fixtures/corpus/postfix/pixelpark-postfix-logsums.log');
    // postfix/10025/smtpd client= lines: pflogsumm takes the command to be "10025/smtpd"
    expect(hits.get('syslog-name-received')).toBe(11);
    expect(hits.get('forwarded')).toBe(3);
    expect(hits.get('syslog-name-delivered')).toBe(0);
  });

  test('queue ids aligned with extra spaces, and a forward among them', async () => {
    const hits = await explainDifferences('fixtures/corpus/postfix/mailgraph-postfix.log');
    // "postfix/smtpd[4672]:   3A452D963D: client=...": pflogsumm's smtpd rule wants one space
    expect(hits.get('padded-received')).toBe(3);
    expect(hits.get('forwarded')).toBe(1);
  });

  test('a client= line repeated after its message left the queue is a new message', async () => {
    const hits = await explainDifferences('fixtures/corpus/postfix/infohtreasure-mailog2.log');
    expect(hits.get('repeated-client')).toBe(0);
  });

  test('the lab log has only its four smtpd milter rejects and one message over the size limit', async () => {
    const hits = await explainDifferences('fixtures/lab/postfix-syslog-rfc3339.log');
    // smtpd's "queue file size limit exceeded" (answered 552 5.3.4); cleanup's line in the same words is not one
    expect(Object.fromEntries([...hits].filter(([, n]) => n > 0))).toEqual({ 'smtpd-milter-reject': 4, 'smtpd-size-limit': 1 });
  });
});
