import { describe, expect, test } from 'vitest';
// Full expected events for real lines from fixtures/lab and fixtures/corpus (see fixtures/README.md).
// Lines marked in the pattern rows as message-only corpus lines carry an added syslog prefix.
import { eventOf, type Case } from './postfix-expect.js';

const cases: Case[] = [
  {
    line: "Nov 28 17:55:49 mx postfix/postscreen[4821]: CONNECT from [127.0.0.1]:43190 to [127.0.0.1]:25",
    event: {kind: "connect", pattern: "postfix.postscreen.connect", mta: "postfix", clientIp: "127.0.0.1", clientPort: 43190, extra: {local_ip: "127.0.0.1", local_port: 25}},
  },
  {
    line: "Nov 28 17:55:51 mx postfix/postscreen[4821]: PASS NEW [127.0.0.23]:53553",
    event: {kind: "info", pattern: "postfix.postscreen.verdict", mta: "postfix", clientIp: "127.0.0.23", clientPort: 53553, detail: "PASS NEW"},
  },
  {
    line: "Nov 28 17:55:54 mx postfix/postscreen[4821]: PASS OLD [127.0.0.23]:46885",
    event: {kind: "info", pattern: "postfix.postscreen.verdict", mta: "postfix", clientIp: "127.0.0.23", clientPort: 46885, detail: "PASS OLD"},
  },
  {
    line: "Nov 28 17:55:49 mx postfix/postscreen[4821]: ALLOWLISTED [127.0.0.1]:43190",
    event: {kind: "info", pattern: "postfix.postscreen.verdict", mta: "postfix", clientIp: "127.0.0.1", clientPort: 43190, detail: "ALLOWLISTED"},
  },
  {
    line: "Feb 24 16:18:40 letterman postfix/postscreen[3508454]: WHITELISTED [69.171.232.147]:61236",
    event: {kind: "info", pattern: "postfix.postscreen.verdict", mta: "postfix", clientIp: "69.171.232.147", clientPort: 61236, detail: "WHITELISTED"},
  },
  {
    line: "Nov 28 17:57:02 mx postfix/postscreen[4821]: DENYLISTED [127.0.0.92]:49691",
    event: {kind: "info", pattern: "postfix.postscreen.verdict", mta: "postfix", clientIp: "127.0.0.92", clientPort: 49691, detail: "DENYLISTED"},
  },
  {
    line: "Feb 24 16:18:40 letterman postfix/postscreen[3508454]: BLACKLISTED [1.2.3.5]:5678",
    event: {kind: "info", pattern: "postfix.postscreen.verdict", mta: "postfix", clientIp: "1.2.3.5", clientPort: 5678, detail: "BLACKLISTED"},
  },
  {
    line: "2023-03-14T00:01:16.757091+01:00 helga postfix/postscreen[3163107]: DNSBL rank 3 for [180.214.239.18]:59187",
    event: {kind: "info", pattern: "postfix.postscreen.dnsbl", mta: "postfix", clientIp: "180.214.239.18", clientPort: 59187, detail: "DNSBL", extra: {dnsbl_rank: 3}},
  },
  {
    line: "Nov 28 17:57:02 mx postfix/postscreen[4821]: PREGREET 20 after 0 from [127.0.0.82]:50849: EHLO bot.spam.test\\r\\n",
    event: {kind: "info", pattern: "postfix.postscreen.pregreet", mta: "postfix", clientIp: "127.0.0.82", clientPort: 50849, bytes: 20, detail: "EHLO bot.spam.test\\r\\n", extra: {test: "PREGREET", after_s: 0}},
  },
  {
    line: "Nov 28 17:57:03 mx postfix/postscreen[4821]: HANGUP after 0.7 from [127.0.0.104]:43203 in tests before SMTP handshake",
    event: {kind: "session-end", pattern: "postfix.postscreen.hangup", mta: "postfix", clientIp: "127.0.0.104", clientPort: 43203, endReason: "hangup", detail: "tests before SMTP handshake", extra: {after_s: 0.7}},
  },
  {
    line: "Jun  8 23:14:28 proxy2 postfix/postscreen[473]: COMMAND TIME LIMIT from [192.0.2.77]:3608 after CONNECT",
    event: {kind: "info", pattern: "postfix.postscreen.protocol-test", mta: "postfix", clientIp: "192.0.2.77", clientPort: 3608, detail: "COMMAND TIME LIMIT", afterStage: "CONNECT", extra: {test: "COMMAND TIME LIMIT", after: "CONNECT"}},
  },
  {
    line: "Jun  8 23:14:54 proxy2 postfix/postscreen[473]: COMMAND COUNT LIMIT from [192.0.2.26]:15592 after RCPT",
    event: {kind: "info", pattern: "postfix.postscreen.protocol-test", mta: "postfix", clientIp: "192.0.2.26", clientPort: 15592, detail: "COMMAND COUNT LIMIT", afterStage: "RCPT", extra: {test: "COMMAND COUNT LIMIT", after: "RCPT"}},
  },
  {
    line: "2023-03-14T22:37:26.908506+01:00 helga postfix/postscreen[3163107]: COMMAND PIPELINING from [45.227.254.49]:40677 after ?: \\001\\000\\b\\000\\003\\000\\000\\000",
    event: {kind: "info", pattern: "postfix.postscreen.protocol-test", mta: "postfix", clientIp: "45.227.254.49", clientPort: 40677, detail: "COMMAND PIPELINING", afterStage: "UNKNOWN", extra: {test: "COMMAND PIPELINING", after: "?: \\001\\000\\b\\000\\003\\000\\000\\000"}},
  },
  {
    line: "2023-03-14T21:09:05.334751+01:00 helga postfix/postscreen[3163107]: BARE NEWLINE from [192.241.221.18]:46702 after MGLNDD_188.34.187.246_25",
    event: {kind: "info", pattern: "postfix.postscreen.protocol-test", mta: "postfix", clientIp: "192.241.221.18", clientPort: 46702, detail: "BARE NEWLINE", afterStage: "UNKNOWN", extra: {test: "BARE NEWLINE", after: "MGLNDD_188.34.187.246_25"}},
  },
  {
    line: "Nov 28 17:57:02 mx postfix/postscreen[4821]: DISCONNECT [127.0.0.82]:50849",
    event: {kind: "disconnect", pattern: "postfix.postscreen.disconnect", mta: "postfix", clientIp: "127.0.0.82", clientPort: 50849},
  },
  {
    line: "Nov 28 17:57:02 mx postfix/postscreen[4821]: NOQUEUE: reject: RCPT from [127.0.0.82]:50849: 550 5.5.1 Protocol error; from=<bot@spam.test>, to=<dave@lab.example>, proto=ESMTP, helo=<bot.spam.test>",
    event: {kind: "reject", pattern: "postfix.postscreen.reject", mta: "postfix", clientIp: "127.0.0.82", clientPort: 50849, sender: "bot@spam.test", recipient: "dave@lab.example", helo: "bot.spam.test", protocol: "ESMTP", reply: {code: 550, codeDerived: false, enhanced: "5.5.1", text: "Protocol error", stage: "RCPT", direction: "inbound"}},
  },
  {
    line: "Feb 24 16:18:40 letterman postfix/postscreen[1234]: NOQUEUE: reject: CONNECT from [1.2.3.4]:5678: too many connections",
    event: {kind: "reject", pattern: "postfix.postscreen.reject", mta: "postfix", clientIp: "1.2.3.4", clientPort: 5678, reply: {code: 421, codeDerived: true, enhanced: "4.7.0", text: "too many connections", stage: "CONNECT", direction: "inbound"}},
  },
  {
    line: "Feb 24 16:18:40 letterman postfix/postscreen[1234]: NOQUEUE: reject: CONNECT from [1.2.3.4]:5678: all server ports busy",
    event: {kind: "reject", pattern: "postfix.postscreen.reject", mta: "postfix", clientIp: "1.2.3.4", clientPort: 5678, reply: {code: 421, codeDerived: true, enhanced: "4.3.2", text: "all server ports busy", stage: "CONNECT", direction: "inbound"}},
  },
];

describe('postscreen line shapes', () => {
  for (const c of cases) test(c.line, () => expect(eventOf(c.line)).toEqual(c.event));
});
