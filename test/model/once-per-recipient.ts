// One failure logged once per recipient: Exim logs a deferral per recipient and Postfix a status
// per recipient, so one broken TLS session, or one stalled transfer, is one row (the open message
// keeps a mark that says "already counted"). Lines from fixtures/lab3/lab3-exim-mainlog.log and
// fixtures/lab/postfix-maillog_file.log; each further recipient's line is the first's with its
// address changed (and nrcpt says 3).

const exim = (rcpt: string): string =>
  `2026-11-29 13:21:27 1xXeqN-000557-1W == ${rcpt} R=lab_manual T=lab_2544 defer (-37) H=127.0.0.1 [127.0.0.1]: TLS session: (certificate verification failed): certificate invalid`;
const postfix = (rcpt: string): string =>
  `Nov 28 17:57:14 mx postfix/smtp[6020]: 258C61602C8: to=<${rcpt}>, relay=127.0.0.1[127.0.0.1]:2531, delay=8.2, delays=0.06/0/0.04/8.1, dsn=4.4.2, status=deferred (conversation with 127.0.0.1[127.0.0.1] timed out while sending message body)`;

/** the Postfix line as rsyslog's RFC 3339 template stamps it (Debian 12, Ubuntu 24.04): each recipient's own microsecond */
const postfix3339 = (stamp: string, rcpt: string): string => postfix(rcpt).replace(/^Nov 28 17:57:14 /, `2026-11-28T${stamp}+00:00 `);
/** the Exim line with log_selector +millisec */
const eximMs = (ms: string, rcpt: string): string => exim(rcpt).replace(/^(\S+ \S+)/, `$1.${ms}`);

export const ONCE_PER_RECIPIENT: Record<string, string[]> = {
  'Exim TLS session failure (-37)': [
    '2026-11-29 13:21:27 1xXeqN-000557-1W <= erin@lab.example H=(client.lab.test) [127.0.0.1] P=esmtp S=459 id=x@lab.example',
    exim('heidi@tlsverify.test'), exim('ivan@tlsverify.test'), exim('judy@tlsverify.test'),
  ],
  'Postfix stalled delivery': [
    'Nov 28 17:57:06 mx postfix/qmgr[4814]: 258C61602C8: from=<dave@lab.example>, size=7284815, nrcpt=3 (queue active)',
    postfix('stall-x@slow.test'), postfix('stall-y@slow.test'), postfix('stall-z@slow.test'),
  ],
  // the gaps between recipients' lines of one attempt in fixtures/lab/postfix-syslog-rfc3339.log are 0.2-3.6 ms;
  // the third line falls into the next second
  'Postfix stalled delivery, RFC 3339 stamps milliseconds apart': [
    '2026-11-28T17:57:06.101010+00:00 mx postfix/qmgr[4814]: 258C61602C8: from=<dave@lab.example>, size=7284815, nrcpt=3 (queue active)',
    postfix3339('17:57:14.996644', 'stall-x@slow.test'), postfix3339('17:57:14.999232', 'stall-y@slow.test'), postfix3339('17:57:15.002901', 'stall-z@slow.test'),
  ],
  'Exim TLS session failure (-37), +millisec': [
    '2026-11-29 13:21:27.101 1xXeqN-000557-1W <= erin@lab.example H=(client.lab.test) [127.0.0.1] P=esmtp S=459 id=x@lab.example',
    eximMs('412', 'heidi@tlsverify.test'), eximMs('415', 'ivan@tlsverify.test'), eximMs('419', 'judy@tlsverify.test'),
  ],
};
