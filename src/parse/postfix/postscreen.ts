import type { Reply } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { splitReply, stageOf } from '../smtp-reply.js';
import { PS_PEER, client } from './common.js';

// postscreen screens clients before smtpd sees them. It writes peers as "[ip]:port" only,
// and its NOQUEUE reject separates the envelope fields with commas, unlike smtpd.

const PS = ['postscreen'] as const;

/** postscreen logs no code when it drops a connection for load; these are the replies it sends. */
const CONNECT_REPLIES: Record<string, [number, string]> = {
  'too many connections': [421, '4.7.0'],
  'all server ports busy': [421, '4.3.2'],
  'all screening ports busy': [421, '4.3.2'],
};

function connectReply(text: string): Reply {
  const r = splitReply(text, 'inbound', 'CONNECT');
  const known = CONNECT_REPLIES[text];
  if (r.code !== null || !known) return r;
  return { ...r, code: known[0], enhanced: known[1], codeDerived: true };
}

export const postscreenRows: PatternRow[] = [
  {
    id: 'postfix.postscreen.connect',
    services: PS,
    re: new RegExp(`^CONNECT from ${PS_PEER} to \\[(?<localIp>[^\\]]*)\\]:(?<localPort>\\d+)$`),
    build: (g) => ({
      kind: 'connect', pattern: 'postfix.postscreen.connect', mta: 'postfix', ...client(g),
      extra: { local_ip: g.localIp!, local_port: Number(g.localPort) },
    }),
    samples: ['Nov 28 17:55:49 mx postfix/postscreen[4821]: CONNECT from [127.0.0.1]:43190 to [127.0.0.1]:25'],
  },
  {
    id: 'postfix.postscreen.disconnect',
    services: PS,
    re: new RegExp(`^DISCONNECT ${PS_PEER}$`),
    build: (g) => ({ kind: 'disconnect', pattern: 'postfix.postscreen.disconnect', mta: 'postfix', ...client(g) }),
    samples: ['Nov 28 17:57:02 mx postfix/postscreen[4821]: DISCONNECT [127.0.0.82]:50849'],
  },
  {
    // verdicts on a client: PASS NEW/OLD, allow/deny lists (old and new names)
    id: 'postfix.postscreen.verdict',
    services: PS,
    re: new RegExp(`^(?<verdict>PASS NEW|PASS OLD|ALLOWLISTED|WHITELISTED|DENYLISTED|BLACKLISTED|ALLOWLIST VETO|WHITELIST VETO) ${PS_PEER}$`),
    build: (g) => ({ kind: 'info', pattern: 'postfix.postscreen.verdict', mta: 'postfix', ...client(g), detail: g.verdict }),
    samples: [
      'Nov 28 17:55:51 mx postfix/postscreen[4821]: PASS NEW [127.0.0.23]:53553',
      'Nov 28 17:55:54 mx postfix/postscreen[4821]: PASS OLD [127.0.0.23]:46885',
      'Nov 28 17:55:49 mx postfix/postscreen[4821]: ALLOWLISTED [127.0.0.1]:43190',
      'Nov 28 17:57:02 mx postfix/postscreen[4821]: DENYLISTED [127.0.0.92]:49691',
      'Feb 24 16:18:40 letterman postfix/postscreen[3508454]: WHITELISTED [69.171.232.147]:61236',
      'Feb 24 16:18:40 letterman postfix/postscreen[3508454]: BLACKLISTED [1.2.3.5]:5678',
    ],
  },
  {
    id: 'postfix.postscreen.dnsbl',
    services: PS,
    re: new RegExp(`^DNSBL rank (?<rank>\\d+) for ${PS_PEER}$`),
    build: (g) => ({
      kind: 'info', pattern: 'postfix.postscreen.dnsbl', mta: 'postfix', ...client(g),
      detail: 'DNSBL', extra: { dnsbl_rank: Number(g.rank) },
    }),
    samples: ['2023-03-14T00:01:16.757091+01:00 helga postfix/postscreen[3163107]: DNSBL rank 3 for [180.214.239.18]:59187'],
  },
  {
    id: 'postfix.postscreen.pregreet',
    services: PS,
    re: new RegExp(`^PREGREET (?<bytes>\\d+) after (?<after>[\\d.]+) from ${PS_PEER}: (?<detail>.*)$`),
    build: (g) => ({
      kind: 'info', pattern: 'postfix.postscreen.pregreet', mta: 'postfix', ...client(g),
      bytes: Number(g.bytes), detail: g.detail, extra: { test: 'PREGREET', after_s: Number(g.after) },
    }),
    samples: ['Nov 28 17:57:02 mx postfix/postscreen[4821]: PREGREET 20 after 0 from [127.0.0.82]:50849: EHLO bot.spam.test\\r\\n'],
  },
  {
    id: 'postfix.postscreen.hangup',
    services: PS,
    re: new RegExp(`^HANGUP after (?<after>[\\d.]+) from ${PS_PEER} in (?<detail>.*)$`),
    build: (g) => ({
      kind: 'session-end', pattern: 'postfix.postscreen.hangup', mta: 'postfix', ...client(g),
      endReason: 'hangup', detail: g.detail, extra: { after_s: Number(g.after) },
    }),
    samples: [
      'Nov 28 17:57:03 mx postfix/postscreen[4821]: HANGUP after 0.7 from [127.0.0.104]:43203 in tests before SMTP handshake',
      '2023-03-14T00:05:07.151411+01:00 helga postfix/postscreen[3163107]: HANGUP after 2.2 from [122.189.87.41]:52908 in tests after SMTP handshake',
    ],
  },
  {
    // protocol tests after the handshake: the text after "after" is the client's raw input, escaped
    id: 'postfix.postscreen.protocol-test',
    services: PS,
    re: new RegExp(
      `^(?<test>COMMAND PIPELINING|COMMAND COUNT LIMIT|COMMAND TIME LIMIT|COMMAND LENGTH LIMIT|BARE NEWLINE|NON-SMTP COMMAND) from ${PS_PEER}(?: after (?<after>.*))?$`,
    ),
    build: (g) => ({
      kind: 'info', pattern: 'postfix.postscreen.protocol-test', mta: 'postfix', ...client(g),
      detail: g.test, afterStage: g.after === undefined ? undefined : stageOf(g.after) ?? undefined,
      extra: g.after === undefined ? { test: g.test! } : { test: g.test!, after: g.after },
    }),
    samples: [
      'Jun  8 23:14:28 proxy2 postfix/postscreen[473]: COMMAND TIME LIMIT from [192.0.2.77]:3608 after CONNECT',
      'Jun  8 23:14:54 proxy2 postfix/postscreen[473]: COMMAND COUNT LIMIT from [192.0.2.26]:15592 after RCPT',
      '2023-03-14T22:37:26.908506+01:00 helga postfix/postscreen[3163107]: COMMAND PIPELINING from [45.227.254.49]:40677 after ?: \\001\\000\\b\\000\\003\\000\\000\\000',
      '2023-03-14T21:09:05.334751+01:00 helga postfix/postscreen[3163107]: BARE NEWLINE from [192.241.221.18]:46702 after MGLNDD_188.34.187.246_25',
    ],
  },
  {
    // postscreen's own SMTP engine answered DATA with "554 5.5.1 Error: no valid recipients" after
    // refusing every RCPT (those refusals have their own reject lines)
    id: 'postfix.postscreen.data-without-rcpt',
    services: PS,
    re: new RegExp(`^DATA without valid RCPT from ${PS_PEER}$`),
    build: (g) => ({ kind: 'info', pattern: 'postfix.postscreen.data-without-rcpt', mta: 'postfix', ...client(g), detail: 'DATA without valid RCPT', afterStage: 'DATA' }),
    samples: ['Nov 29 06:58:07 mx postfix/postscreen[6704]: DATA without valid RCPT from [127.0.0.122]:42985'],
  },
  {
    id: 'postfix.postscreen.reject',
    services: PS,
    re: new RegExp(
      `^NOQUEUE: reject: (?<stage>\\S+) from ${PS_PEER}: (?:(?<reply>.*); (?:from=<(?<sender>[^>]*)>, )?(?:to=<(?<recipient>[^>]*)>, )?proto=(?<proto>[^,\\s]+)(?:, helo=<(?<helo>[^>]*)>)?|(?<bare>.*))$`,
    ),
    build: (g) => ({
      kind: 'reject', pattern: 'postfix.postscreen.reject', mta: 'postfix', ...client(g),
      sender: g.sender, recipient: g.recipient, helo: g.helo, protocol: g.proto,
      reply: g.stage === 'CONNECT' ? connectReply(g.reply ?? g.bare!) : splitReply(g.reply ?? g.bare!, 'inbound', stageOf(g.stage)),
    }),
    samples: [
      'Nov 28 17:57:02 mx postfix/postscreen[4821]: NOQUEUE: reject: RCPT from [127.0.0.82]:50849: 550 5.5.1 Protocol error; from=<bot@spam.test>, to=<dave@lab.example>, proto=ESMTP, helo=<bot.spam.test>',
    ],
  },
];
