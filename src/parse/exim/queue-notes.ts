import type { MailEvent } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { QID } from './fields.js';

// Lines about one queued message that carry no SMTP reply: what the system filter did
// with it, what an administrator did to it (exim -Mg, -Mes, -Mmd, -Mar, moving it
// between named queues), problems reading a locally submitted message, and the output
// a pipe transport captured. Any bounce they cause is logged on its own "**" line.

function note(pattern: string, queueId: string | undefined, detail: string): MailEvent {
  const e: MailEvent = { kind: 'info', pattern, mta: 'exim', detail };
  if (queueId !== undefined) e.queueId = queueId;
  return e;
}

const OPT_QID = `(?:${QID} )?`;

export const queueNoteRows: PatternRow[] = [
  {
    id: 'exim.filter.cancelled',
    services: '*',
    // the filter's "fail" command, or exim -Mg by a user: the recipients are bounced next
    re: new RegExp(`^${QID} cancelled by (?:system filter: (?<text>.*)|(?<by>\\S+))$`, 's'),
    build: (g) => {
      const e = note('exim.filter.cancelled', g.queueId, g.text !== undefined ? `cancelled by system filter: ${g.text}` : `cancelled by ${g.by}`);
      e.extra = { by: g.by ?? 'system filter' };
      return e;
    },
    samples: [
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 cancelled by system filter: this message is a failure (filter fail)',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 cancelled by CALLER',
    ],
  },
  {
    id: 'exim.filter.frozen',
    services: '*',
    re: new RegExp(`^${QID} Frozen by the system filter(?:: (?<text>.*))?$`, 's'),
    build: (g) => ({
      kind: 'hold', pattern: 'exim.filter.frozen', mta: 'exim', queueId: g.queueId,
      detail: g.text !== undefined ? `frozen by the system filter: ${g.text}` : 'frozen by the system filter',
    }),
    samples: [
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 Frozen by the system filter',
      '1999-03-02 09:44:33 10HmbA-000000005vi-0000 Frozen by the system filter: subject was "should freeze this"\\nHere are two extra\\nlines of text',
    ],
  },
  {
    id: 'exim.filter.note',
    services: '*',
    re: new RegExp(`^${QID} (?<text>original recipients ignored \\(system filter\\)|Delivery deferred by system filter)$`),
    build: (g) => note('exim.filter.note', g.queueId, g.text!),
    samples: [
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 original recipients ignored (system filter)',
      '1999-03-02 09:44:33 10HmcA-000000005vi-0000 Delivery deferred by system filter',
    ],
  },
  {
    id: 'exim.filter.error',
    services: '*',
    re: new RegExp(`^${QID} Error in system filter: (?<text>.*)$`, 's'),
    build: (g) => ({ kind: 'problem', pattern: 'exim.filter.error', mta: 'exim', severity: 'error', queueId: g.queueId, detail: `system filter: ${g.text}` }),
    samples: ['1999-03-02 09:44:33 10HmaX-000000005vi-0000 Error in system filter: "non/absolute/file" is not an absolute path'],
  },
  {
    id: 'exim.admin.edit',
    services: '*',
    // exim -Mes, -Mmd, -Mar and -MG (named queues)
    re: new RegExp(
      `^${QID} (?:sender address changed to <(?<sender>[^>]*)> by (?<by1>\\S+)|address <(?<addr>[^>]*)> marked delivered by (?<by2>\\S+)` +
        `|recipient <(?<rcpt>[^>]*)> added by (?<by3>\\S+)|moved from (?<from>.+?) to (?<to>.+))$`,
    ),
    build: (g) => {
      const what = g.sender !== undefined ? 'sender changed' : g.addr !== undefined ? 'marked delivered' : g.rcpt !== undefined ? 'recipient added' : 'moved';
      const e = note('exim.admin.edit', g.queueId, g.from !== undefined ? `moved from ${g.from} to ${g.to}` : what);
      const by = g.by1 ?? g.by2 ?? g.by3;
      e.extra = { action: what, ...(by !== undefined ? { by } : {}) };
      if (g.sender !== undefined) e.sender = g.sender;
      const rcpt = g.addr ?? g.rcpt;
      if (rcpt !== undefined) e.recipient = rcpt;
      return e;
    },
    samples: [
      '1999-03-02 09:44:33 10HmaY-000000005vi-0000 sender address changed to <bad@test.ex> by CALLER',
      '1999-03-02 09:44:33 10HmbG-000000005vi-0000 address <usery@domain1> marked delivered by CALLER',
      '1999-03-02 09:44:33 10HmaY-0005vi-00 recipient <delay@2.test.again.dns> added by root',
      '1999-03-02 09:44:33 10HmbC-000000005vi-0000 moved from (alternate) input, msglog to (third) input, msglog',
    ],
  },
  {
    id: 'exim.spool-missing',
    services: '*',
    re: new RegExp(`^${QID} Spool file (?<file>\\S+) not found$`),
    build: (g) => ({ kind: 'problem', pattern: 'exim.spool-missing', mta: 'exim', severity: 'warning', queueId: g.queueId, detail: `spool file ${g.file} not found` }),
    samples: ['2017-07-30 18:51:05.712 10HmaY-000000005vi-0000 Spool file 10HmaY-000000005vi-0000-D not found'],
  },
  {
    id: 'exim.local.header-problem',
    services: '*',
    // -t submissions and header rewriting: the address in a header could not be read
    re: new RegExp(`^${QID} (?<text>qualify/rewrite: .*|no recipients found in headers)$`, 's'),
    build: (g) => note('exim.local.header-problem', g.queueId, g.text!),
    samples: [
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 qualify/rewrite: domain missing or malformed',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 no recipients found in headers',
    ],
  },
  {
    id: 'exim.local.timeout',
    services: '*',
    // receive_timeout for a message submitted on standard input
    re: new RegExp(`^${OPT_QID}timed out while reading local message$`),
    build: (g) => note('exim.local.timeout', g.queueId, 'timed out while reading local message'),
    samples: ['1999-03-02 09:44:33 timed out while reading local message', '1999-03-02 09:44:33 10HmaX-000000005vi-0000 timed out while reading local message'],
  },
  {
    id: 'exim.local.no-sender',
    services: '*',
    // a local message Exim could not take, with no one to send the error to: it is dropped
    re: new RegExp(`^${QID} Error while reading message with no usable sender address(?: \\(R=(?<ref>[^)]*)\\))?: (?<text>.*)$`, 's'),
    build: (g) => {
      const e: MailEvent = { kind: 'problem', pattern: 'exim.local.no-sender', mta: 'exim', severity: 'warning', queueId: g.queueId, detail: `message dropped, no usable sender: ${g.text}` };
      if (g.ref !== undefined) e.extra = { bounce_of: g.ref };
      return e;
    },
    // (with "rejected by non-SMTP ACL" in it, the line is a rejection: exim.reject.data)
    samples: ['1999-03-02 09:44:33 10HmaX-000000005vi-0000 Error while reading message with no usable sender address: message too big (limit set to 500)'],
  },
  {
    id: 'exim.transport-output',
    services: '*',
    // a pipe transport with log_output: what the command printed
    re: new RegExp(`^${QID} <(?<addr>[^>]*)>: (?<transport>\\S+) transport output: (?<text>.*)$`, 's'),
    build: (g) => ({ ...note('exim.transport-output', g.queueId, g.text!), recipient: g.addr!, extra: { transport: g.transport! } }),
    samples: [
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 <a@myhost.test.ex>: pipe transport output: Hi from pipe',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 <|TESTSUITE/aux-fixed/showenv>: address_pipe transport output: Test pipe script',
    ],
  },
];
