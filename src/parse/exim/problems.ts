import type { MailEvent } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { QID } from './fields.js';

// Exim complaining about its own configuration or environment: failed expansions,
// bad option values, TLS credentials it cannot load, transports that cannot run.
// They go to the report's problems section; none of them is a reply to a client.

const OPT_QID = `(?:${QID} )?`;

function problem(pattern: string, severity: 'error' | 'warning', detail: string, queueId?: string): MailEvent {
  const e: MailEvent = { kind: 'problem', pattern, mta: 'exim', severity, detail: detail.replace(/\s+/g, ' ').trim() };
  if (queueId !== undefined) e.queueId = queueId;
  return e;
}

export const problemRows: PatternRow[] = [
  {
    id: 'exim.dnslist-defer',
    services: '*',
    // a blocklist lookup that timed out or failed (log_selector dnslist_defer, on by default): the
    // ACL went on as dnslists' defer_* setting says ("assumed not in list" lets the client through)
    re: /^(?<text>DNS list lookup defer \(probably timeout\) for \S+: (?:assumed in list|assumed not in list|returned DEFER))$/,
    build: (g) => problem('exim.dnslist-defer', 'warning', g.text!),
    samples: [
      // Exim's test suite (test/stderr/0312), as its main log writes it
      '1999-03-02 09:44:33 DNS list lookup defer (probably timeout) for 1.0.0.V4NET.test.again.dns: returned DEFER',
    ],
  },
  {
    id: 'exim.transport-failure',
    services: '*',
    // a delivery subprocess that could not run or report back
    re: new RegExp(
      `^${QID} (?<text>unable to set gid=\\S+ or uid=\\S+ .*|failed to read delivery status for .*|\\S+ transport process returned non-zero status .*` +
        `|User \\S+ set for \\S+ transport is on the never_users list|re-exec of exim .* failed: .*|Child mail process returned status .*)$`,
      's',
    ),
    build: (g) => problem('exim.transport-failure', 'error', g.text!, g.queueId),
    samples: [
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 appendfile transport process returned non-zero status 0x0100: exit code 1',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 unable to set gid=CALLER_GID or uid=CALLER_UID (euid=EXIM_UID): local delivery to CALLER <CALLER@test.ex> transport=local_delivery',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 failed to read delivery status for CALLER@test.ex from delivery subprocess',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 User 0 set for t3 transport is on the never_users list',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 re-exec of exim (TESTSUITE/eximdir/exim/junk) with -odi failed: Not a directory',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 Child mail process returned status 1',
    ],
  },
  {
    id: 'exim.expansion-failed',
    services: '*',
    // an option whose string expansion failed while handling a message or a connection
    re: new RegExp(
      `^${OPT_QID}(?<text>Failed to expand return path ".*" in \\S+ transport: .*|home directory ".*" failed to expand for \\S+ transport: .*` +
        `|[Ff]ailed to expand (?:dkim_timestamps|event_action \\S+ in \\S+|bounce_message_file|warn_message_file): .*` +
        `|failed to expand ".*" while checking a list: .*|Expansion of ".*" \\(\\w+\\) failed: .*|expansion of tls_\\w+ failed)$`,
      's',
    ),
    build: (g) => problem('exim.expansion-failed', 'error', g.text!, g.queueId),
    samples: [
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 Failed to expand return path "${if" in bad_return transport: condition name expected, but found ""',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 home directory "${if rhubarb" failed to expand for exp_fail transport: unknown condition "rhubarb"',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 failed to expand dkim_timestamps: unknown variable in "${bogus}"',
      "2017-07-30 18:51:05.712 10HmaZ-000000005vi-0000 Failed to expand bounce_message_file: '$acl_m_unset'",
      '1999-03-02 09:44:33 failed to expand "${lookup{xxx}lsearch{/non/exist}}" while checking a list: failed to open /non/exist for linear search: No such file or directory',
      '1999-03-02 09:44:33 [1240] Expansion of "${if != {$received_port}{PORT_D4} {my banner}fail}" (smtp_banner) failed: "if" failed and "fail" requested',
      '1999-03-02 09:44:33 expansion of tls_privatekey failed',
    ],
  },
  {
    id: 'exim.file-problem',
    services: '*',
    // files Exim refuses (tainted names, relative paths) or cannot open
    re: new RegExp(
      `^${OPT_QID}(?<text>Tainted filename(?: for search)?: '.*'|Tainted filename '.*'|tainted search query is not properly quoted .*` +
        `|failed to open \\S+ when checking \\w+: .*|Failed to open \\S+ for (?:error|warning) message texts: .*` +
        `|(?:bounce|warn)_message_file is not (?:absolute|untainted) after expansion: .*)$`,
      's',
    ),
    build: (g) => problem('exim.file-problem', 'error', g.text!, g.queueId),
    samples: [
      "1999-03-02 09:44:33 10HmaX-000000005vi-0000 Tainted filename '/dest3'",
      "1999-03-02 09:44:33 10HmaX-000000005vi-0000 Tainted filename for search: 'TESTSUITE/tainted@test.ex'",
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 failed to open /dest3 when checking local_parts: Permission denied (euid=uuuu egid=EXIM_GID)',
      '2017-07-30 18:51:05.712 10HmaX-000000005vi-0000 Failed to open TESTSUITE/aux-fixed/0608.nonexist.tmpl for error message texts: No such file or directory',
      "2017-07-30 18:51:05.712 10HmaY-000000005vi-0000 bounce_message_file is not absolute after expansion: 'relative_file_path'",
    ],
  },
  {
    id: 'exim.config-warning',
    services: '*',
    // option values and ACL contents Exim could not use as written
    re: new RegExp(
      `^(?<text>invalid (?:value for )?message_size_limit: .*|configured error code starts with incorrect digit .*` +
        `|ACL "\\w+" with "\\w+" setting found in a non-message \\(.*\\) ACL: .*|"\\w+" verb not allowed in .* ACL` +
        `|ACL for (?:QUIT|not-QUIT) returned ERROR: .*|EHLO/HELO response must not contain newlines: .*` +
        `|WARNING: deprecated Diffie-Hellman parameter '[^']*' used|Daemon cannot be run when mua_wrapper is set)$`,
      's',
    ),
    build: (g) => problem('exim.config-warning', /^(?:configured|EHLO|WARNING|ACL ")/.test(g.text!) ? 'warning' : 'error', g.text!),
    samples: [
      '1999-03-02 09:44:33 invalid message_size_limit: absolute value of integer "8796093022208M" is too large (overflow)',
      '1999-03-02 09:44:33 configured error code starts with incorrect digit (expected 5) in "299 Wrong code"',
      '1999-03-02 09:44:33 ACL "warn" with "message" setting found in a non-message (EHLO or HELO) ACL: cannot specify header lines here: message ignored',
      '1999-03-02 09:44:33 "discard" verb not allowed in EHLO or HELO ACL',
      '1999-03-02 09:44:33 EHLO/HELO response must not contain newlines: message truncated: 250 Two\\nlines',
      "1999-03-02 09:44:33 WARNING: deprecated Diffie-Hellman parameter 'ike24' used",
      '1999-03-02 09:44:33 Daemon cannot be run when mua_wrapper is set',
    ],
  },
  {
    id: 'exim.tls-setup',
    services: '*',
    // the TLS library refused our own certificate or key; the client then sees a TLS error
    re: /^\((?<call>SSL_CTX_\w+|gnutls_\w+) file=(?<file>[^)]*)\): (?<text>.*)$/s,
    build: (g) => ({ ...problem('exim.tls-setup', 'error', `${g.call}: ${g.text}`), extra: { file: g.file! } }),
    samples: ['1999-03-02 09:44:33 (SSL_CTX_use_PrivateKey_file file=TESTSUITE/aux-fixed/cert2): error:05800074:x509 certificate routines::key values mismatch'],
  },
  {
    id: 'exim.spool-space',
    services: '*',
    // check_spool_space / check_log_space: incoming messages are refused with 452 meanwhile
    re: /^(?<what>spool directory|log directory) space check failed: (?<text>.*)$/,
    build: (g) => problem('exim.spool-space', 'warning', `${g.what} space check failed: ${g.text}`),
    samples: ['1999-03-02 09:44:33 spool directory space check failed: space=xxxxx inodes=xxxxx'],
  },
  {
    id: 'exim.bind-failed',
    services: '*',
    re: new RegExp(`^${OPT_QID}bind of (?<addr>\\S+) failed$`),
    build: (g) => problem('exim.bind-failed', 'warning', `bind of ${g.addr} failed`, g.queueId),
    samples: ['1999-03-02 09:44:33 bind of [1.1.1.1]:10001 failed'],
  },
  {
    id: 'exim.scanner-error',
    services: '*',
    // a malware scanner failed and the ACL said defer_ok: the message went on unscanned
    re: new RegExp(`^${QID} internal scanner error \\(ignored\\): (?<text>.*)$`, 's'),
    build: (g) => problem('exim.scanner-error', 'warning', `malware scanner error (ignored): ${g.text}`, g.queueId),
    samples: ['1999-03-02 09:44:33 10HmbC-000000005vi-0000 internal scanner error (ignored): /bin/error\t[E]0.0\tError 42110 The\\ file\\ is\\ a\\ decompression\\ bomb'],
  },
];
