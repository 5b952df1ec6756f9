import type { Db } from '../store/db.js';
import { DNS_FAILURE_PHRASES } from '../parse/exim/message.js';
import { CYRUS_TEMPORARY } from '../parse/postfix/misc.js';
import { deriveVersion, rederive, type RederiveOptions, type RederiveResult } from '../store/rederive.js';
import { reread, type LineRules } from '../store/reread.js';
import { LineParser } from '../parse/index.js';
import { DERIVE_VERSION, deriveDelivery, deriveReply, deriveStall } from './derive.js';
import { deriveTls } from './derive-tls.js';

// Stored rows whose reason and remedy_id were derived by other rules than this program's (an
// upgrade, or a downgrade) are derived again, with the very functions the writer uses for new rows,
// so old and new rows group together. Runs under the analyse lock, before any line is read.

/** The parser's reading of one stored line; only fields that need no other line are taken from it. */
export function lineRules(): LineRules {
  const parser = new LineParser();
  const eventOf = (line: string, mta = 'exim') => {
    const out = parser.parse(line);
    return out.type === 'event' && out.mta === mta ? out.event : null;
  };
  return {
    eximReply: (line, pattern) => {
      const ev = eventOf(line);
      return ev?.pattern === pattern && ev.reply ? { stage: ev.reply.stage ?? null, code: ev.reply.code ?? null, codeDerived: ev.reply.codeDerived } : null;
    },
    eximLocalAgent: (line) => {
      const ev = eventOf(line);
      return ev?.kind === 'delivery' ? ev.localAgent === true : null;
    },
    eximDnsFailures: DNS_FAILURE_PHRASES,
    ownLocalAgent: (line, mta, pattern) => {
      const ev = eventOf(line, mta);
      return ev?.pattern === pattern ? ev.localAgent === true : null;
    },
    postfixExpiryDetail: (line) => {
      const ev = eventOf(line, 'postfix');
      return ev?.kind === 'expired' ? ev.detail ?? null : null;
    },
    postfixSaslTemporary: CYRUS_TEMPORARY,
    reply: (line, mta) => {
      const ev = eventOf(line, mta);
      const r = ev?.reply;
      if (!ev || !r) return null;
      return {
        pattern: ev.pattern, code: r.code ?? null, codeDerived: r.codeDerived, enhanced: r.enhanced ?? null, text: r.text, stage: r.stage ?? null,
        sender: ev.sender ?? null, clientHost: ev.clientHost ?? null, clientIp: ev.clientIp ?? null,
      };
    },
    eximDeliveryRelay: (line, pattern) => {
      const ev = eventOf(line);
      return ev?.kind === 'delivery' && ev.pattern === pattern ? { relayHost: ev.relayHost ?? null, relayIp: ev.relayIp ?? null, detail: ev.detail ?? null } : null;
    },
    postfixDeliveryReply: (line, pattern) => {
      const ev = eventOf(line, 'postfix');
      if (ev?.kind !== 'delivery' || ev.pattern !== pattern) return null;
      // as the writer stores a failed attempt (model/correlate-messages.ts)
      const r = ev.reply;
      return { code: r?.code ?? null, codeDerived: r?.codeDerived ?? false, enhanced: r?.enhanced ?? ev.dsn ?? null, stage: r?.stage ?? null, replyText: r?.text ?? null };
    },
  };
}

/** null when the database's rows already follow this program's rules (nothing is written). */
export function rederiveIfNeeded(db: Db, opts: RederiveOptions = {}): RederiveResult | null {
  if (deriveVersion(db) === DERIVE_VERSION) return null;
  // the derived columns depend on these: read them first
  reread(db, lineRules(), opts.batchRows);
  return rederive(db, DERIVE_VERSION, {
    reply: deriveReply,
    delivery: deriveDelivery,
    stall: (s) => deriveStall(s.kind, s.direction),
    tls: (t) => deriveTls(t.detail, t.library_error, t.direction),
  }, opts);
}
