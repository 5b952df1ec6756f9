import type { Mta } from '../model/types.js';

// Which MTA wrote a line, from its program name. Postfix's syslog_name is free-form
// ("postfix-smo/smtps/smtpd", "mail-out/smtp"), so the daemon name decides when the
// prefix does not say "postfix".

const POSTFIX_DAEMONS = new Set([
  'smtpd', 'smtp', 'lmtp', 'qmgr', 'oqmgr', 'cleanup', 'pickup', 'local', 'virtual', 'pipe', 'error',
  'retry', 'discard', 'bounce', 'defer', 'trace', 'verify', 'postscreen', 'dnsblog', 'tlsproxy',
  'anvil', 'scache', 'master', 'postfix-script', 'postsuper', 'postdrop', 'postqueue', 'sendmail',
  'trivial-rewrite', 'rewrite', 'showq', 'flush', 'proxymap', 'proxywrite', 'tlsmgr', 'spawn',
  'postlogd', 'postlog', 'postmap', 'postalias', 'postconf', 'postmulti', 'postkick', 'postcat',
]);

const EXIM_PROGRAM = /^exim\d*(?:[-_.][\w.-]*)?$/;

const known = new Map<string, Mta | null>();

/** detectMta, remembered per program name (a file has few) */
export function mtaOfProgram(program: string, service: string): Mta | null {
  let mta = known.get(program);
  if (mta === undefined) {
    mta = detectMta(program, service);
    if (known.size > 1000) known.clear();
    known.set(program, mta);
  }
  return mta;
}

export function detectMta(program: string, service: string): Mta | null {
  if (program.startsWith('postfix')) return 'postfix';
  if (EXIM_PROGRAM.test(program)) return 'exim';
  if (program.includes('/') && POSTFIX_DAEMONS.has(service)) return 'postfix';
  return null;
}
