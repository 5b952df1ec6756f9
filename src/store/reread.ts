import type { Db } from './db.js';
import { storeError } from './errors.js';
import { rereadCauses, type CauseRules } from './reread-causes.js';

// Columns the parser fills from the line itself, read again from the stored line where an older
// mxlens is known to have filled them otherwise and the line is kept (replies always keep theirs;
// deliveries keep the line of a failed attempt). Runs before the derived columns are derived again,
// since they depend on these; the copies of a deferral's cause follow it (reread-causes.ts).
// Idempotent: a row the program would store as it is stays untouched, so a run killed half way is
// finished by the next one.

/** What the program's parser makes of one stored line (null: it does not say). */
export interface LineRules extends CauseRules {
  /** the stage and code of an Exim reply, when the line is still read by the row's pattern */
  eximReply(line: string, pattern: string): { stage: string | null; code: number | null; codeDerived: boolean } | null;
  /** whether an Exim delivery failure was our own agent's or router's doing */
  eximLocalAgent(line: string): boolean | null;
  /** words of a DNS-routing router's failure, which older versions took for our own agent's (no SQL wildcards) */
  eximDnsFailures: readonly string[];
  /** the detail of a Postfix expiry ("force-expired" for postsuper -e), when the line is one */
  postfixExpiryDetail(line: string): string | null;
  /** words of Cyrus SASL's failures that Postfix answers 454, which older versions stored as 535 (no SQL wildcards) */
  postfixSaslTemporary: readonly string[];
  /** the columns of a reply row that the line alone fills, when it is a reply line of `mta` */
  reply(line: string, mta: string): ReplyColumns | null;
  /** the relay and the detail of an Exim delivery attempt, when the line is still read by the row's pattern */
  eximDeliveryRelay(line: string, pattern: string): { relayHost: string | null; relayIp: string | null; detail: string | null } | null;
  /** the remote's reply a Postfix delivery attempt carries, when the line is still read by the row's pattern */
  postfixDeliveryReply(line: string, pattern: string): DeliveryReply | null;
}

export interface DeliveryReply {
  code: number | null;
  codeDerived: boolean;
  /** the reply's enhanced code, else the dsn */
  enhanced: string | null;
  stage: string | null;
  replyText: string | null;
}

export interface ReplyColumns {
  pattern: string;
  code: number | null;
  codeDerived: boolean;
  enhanced: string | null;
  text: string;
  stage: string | null;
  sender: string | null;
  clientHost: string | null;
  clientIp: string | null;
}

interface Row {
  id: number;
  line: string;
  pattern: string;
  stage?: string | null;
  code?: number | null;
  code_derived?: number;
  local_agent?: number;
  enhanced?: string | null;
  text?: string;
  sender?: string | null;
  client_host?: string | null;
  client_ip?: string | null;
  relay_host?: string | null;
  relay_ip?: string | null;
  detail?: string | null;
  reply_text?: string | null;
}

/** the UPDATE's parameters (id last) when `now` differs from the stored values in any column, else null */
function changed(row: Row, now: Record<string, unknown>): unknown[] | null {
  const cols = Object.keys(now);
  return cols.some((c) => row[c as keyof Row] !== now[c]) ? [...cols.map((c) => now[c]), row.id] : null;
}

interface Pass {
  select: string;
  update: string;
  apply(row: Row): unknown[] | null;
}

function passes(rules: LineRules): Pass[] {
  return [
    {
      // Exim rejections whose stage older versions could not tell (a limit's 'dropped: too many …',
      // a refused VRFY, EXPN or ETRN, a pipelining error), and the code they implied for a line that
      // states none (a refused VRFY is answered 252, ETRN 458); those the program cannot tell either
      // stay UNKNOWN, and a code the line states is never touched
      select: `SELECT id, line, pattern, stage, code, code_derived FROM replies WHERE id > ? AND mta = 'exim' AND (stage = 'UNKNOWN' OR code_derived = 1)
               ORDER BY id LIMIT ?`,
      update: `UPDATE replies SET stage = ?, code = ?, code_derived = ? WHERE id = ?`,
      apply: (row) => {
        const now = rules.eximReply(row.line, row.pattern);
        if (now === null) return null;
        const stage = row.stage === 'UNKNOWN' && now.stage !== null && now.stage !== 'UNKNOWN' ? now.stage : row.stage;
        const recode = row.code_derived === 1 && now.code !== null;
        const code = recode ? now.code : row.code;
        const derived = recode ? (now.codeDerived ? 1 : 0) : row.code_derived;
        return stage === row.stage && code === row.code && derived === row.code_derived ? null : [stage, code, derived, row.id];
      },
    },
    {
      // before migration 0006 and before local transports were told apart, every Exim row was 0;
      // until DERIVE_VERSION 14 a DNS-routing router's deferral ("R=dnslookup defer (-1): host lookup
      // did not complete") was 1. A remote's answer names its address, so only rows with none can be ours
      select: `SELECT id, line, pattern, local_agent FROM deliveries WHERE id > ? AND mta = 'exim' AND status <> 'sent'
               AND relay_ip IS NULL AND line IS NOT NULL
               AND (local_agent = 0 ${rules.eximDnsFailures.map((w) => `OR line LIKE '%${w.replace(/'/g, "''")}%'`).join(' ')}) ORDER BY id LIMIT ?`,
      update: `UPDATE deliveries SET local_agent = ? WHERE id = ?`,
      apply: (row) => {
        const now = rules.eximLocalAgent(row.line);
        if (now === null) return null;
        const flag = now ? 1 : 0;
        return flag === row.local_agent ? null : [flag, row.id];
      },
    },
    {
      // a forced expiry (postsuper -e) stored before its "force-expired" was kept
      select: `SELECT id, line, pattern FROM deliveries WHERE id > ? AND mta = 'postfix' AND status = 'expired' AND detail IS NULL
               AND line LIKE '%status=force-expired%' ORDER BY id LIMIT ?`,
      update: `UPDATE deliveries SET detail = ? WHERE id = ?`,
      apply: (row) => {
        const detail = rules.postfixExpiryDetail(row.line);
        return detail === null ? null : [detail, row.id];
      },
    },
    {
      // below DERIVE_VERSION 14 Cyrus SASL's generic failure, no memory, transient failure and server
      // unavailable were permanent refusals (535 5.7.8); Postfix answers them 454 4.7.0
      select: `SELECT id, line, pattern, code, code_derived, enhanced, text FROM replies WHERE id > ? AND mta = 'postfix'
               AND pattern = 'postfix.smtpd.sasl-failed' AND code = 535 AND code_derived = 1
               AND (${rules.postfixSaslTemporary.map((w) => `line LIKE '%authentication failed: ${w.replace(/'/g, "''")}%'`).join(' OR ')}) ORDER BY id LIMIT ?`,
      update: `UPDATE replies SET code = ?, code_derived = ?, enhanced = ?, text = ? WHERE id = ?`,
      apply: (row) => {
        const now = rules.reply(row.line, 'postfix');
        if (now === null || now.pattern !== row.pattern) return null;
        return changed(row, { code: now.code, code_derived: now.codeDerived ? 1 : 0, enhanced: now.enhanced, text: now.text });
      },
    },
    {
      // below DERIVE_VERSION 15 (this and the next two fixes came while 14 was current) 'rejected MAIL
      // from [ip]: no HELO/EHLO given' and 'rejected MAIL command U=x: too many messages in one
      // connection' were MAIL refusals whose sender was the words after MAIL ("from [ip]"): no address
      // holds a space, so only those rows are read. A client the line does not name keeps the one its
      // session gave
      select: `SELECT id, line, pattern, code, code_derived, enhanced, text, stage, sender, client_host, client_ip FROM replies
               WHERE id > ? AND mta = 'exim' AND pattern = 'exim.reject.mail' AND sender LIKE '% %' ORDER BY id LIMIT ?`,
      update: `UPDATE replies SET pattern = ?, code = ?, code_derived = ?, enhanced = ?, text = ?, stage = ?, sender = ?, client_host = ?, client_ip = ? WHERE id = ?`,
      apply: (row) => {
        const now = rules.reply(row.line, 'exim');
        if (now === null) return null;
        return changed(row, {
          pattern: now.pattern, code: now.code, code_derived: now.codeDerived ? 1 : 0, enhanced: now.enhanced, text: now.text, stage: now.stage,
          sender: now.sender, client_host: now.clientHost ?? row.client_host, client_ip: now.clientIp ?? row.client_ip,
        });
      },
    },
    {
      // below DERIVE_VERSION 15 a remote's refusal as older Exim releases logged it ("SMTP error from
      // remote mail server after MAIL FROM:<a@b>: host mx.example.net [192.0.2.7]: 550 ...") had no
      // relay, and its detail kept the host
      select: `SELECT id, line, pattern, relay_host, relay_ip, detail FROM deliveries WHERE id > ? AND mta = 'exim' AND status <> 'sent'
               AND relay_ip IS NULL AND line IS NOT NULL AND detail LIKE '%MTP error %after %: host % [%]: %' ORDER BY id LIMIT ?`,
      update: `UPDATE deliveries SET relay_host = ?, relay_ip = ?, detail = ? WHERE id = ?`,
      apply: (row) => {
        const now = rules.eximDeliveryRelay(row.line, row.pattern);
        if (now === null || now.relayIp === null) return null;
        return changed(row, { relay_host: now.relayHost, relay_ip: now.relayIp, detail: now.detail });
      },
    },
    {
      // below DERIVE_VERSION 15 error(8)'s "delivery temporarily suspended: host x[ip] said: 421 ..." kept
      // no reply: it carries the one of the failure it repeats
      select: `SELECT id, line, pattern, code, code_derived, enhanced, stage, reply_text FROM deliveries WHERE id > ? AND mta = 'postfix'
               AND status <> 'sent' AND code IS NULL AND reply_text IS NULL AND line IS NOT NULL
               AND detail LIKE 'delivery temporarily suspended: host %' ORDER BY id LIMIT ?`,
      update: `UPDATE deliveries SET code = ?, code_derived = ?, enhanced = ?, stage = ?, reply_text = ? WHERE id = ?`,
      apply: (row) => {
        const now = rules.postfixDeliveryReply(row.line, row.pattern);
        if (now === null) return null;
        return changed(row, { code: now.code, code_derived: now.codeDerived ? 1 : 0, enhanced: now.enhanced, stage: now.stage, reply_text: now.replyText });
      },
    },
  ];
}

/** Reads the known stored lines again; returns the number of rows changed. */
export function reread(db: Db, rules: LineRules, batchRows = 5000): number {
  let changed = 0;
  try {
    for (const p of passes(rules)) {
      const select = db.prepare(p.select);
      const update = db.prepare(p.update);
      let after = 0;
      const step = db.transaction((): boolean => {
        const rows = select.all(after, batchRows) as Row[];
        for (const row of rows) {
          const params = p.apply(row);
          if (params === null) continue;
          update.run(params);
          changed++;
        }
        if (rows.length > 0) after = rows.at(-1)!.id;
        return rows.length === batchRows;
      });
      while (step.immediate());
    }
    // then the copies of the deferrals' causes, from the deferrals as they now are
    changed += rereadCauses(db, rules, batchRows);
  } catch (err) {
    throw storeError(err, 'reading the stored lines again');
  }
  return changed;
}
