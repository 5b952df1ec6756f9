import type { Db } from './db.js';
import type { Cause, MessageState } from '../model/facts.js';
import { causeOf, causesJson, readCauses } from '../model/last-error.js';

// A deferral's cause (model/last-error.ts) is copied where it is read: into the causes an open
// message keeps (messages.causes), and into the bounce that ran out of retries or the expiry that
// ends the message (deliveries.last_error, and its local_agent and relay). When the passes of
// reread.ts correct a stored deferral (an Exim DNS router's failure once taken for our own agent's,
// a Postfix error(8) deferral once stored without the reply it repeats, an older Exim release's
// remote refusal once stored without its host), those copies still hold the deferral as it was:
// an open message would hand the old cause to a bounce read after the upgrade, and a finished
// bounce or expiry would keep grouping by it. This pass takes every copy again from the deferral
// it came from, as stored now. Runs after the row passes; idempotent, like them.

/** What the program's parser says of one stored line. */
export interface CauseRules {
  /** whether the line, read by `pattern`, is our own agent's or router's doing; null when it is no longer read so */
  ownLocalAgent(line: string, mta: string, pattern: string): boolean | null;
}

interface Source {
  id: number;
  message_row: number;
  mta: string;
  status: string;
  recipient: string | null;
  code: number | null;
  code_derived: number;
  enhanced: string | null;
  reply_text: string | null;
  detail: string | null;
  relay_host: string | null;
  relay_ip: string | null;
  local_agent: number;
  last_error: string | null;
  pattern: string;
  line: string | null;
}

/** The cause a deferral row gives, as noteCause makes it; null when it says nothing. */
function causeFrom(d: Source): Cause | null {
  const text = causeOf(d.code, d.code_derived === 1, d.enhanced, d.reply_text, d.detail);
  if (text === null) return null;
  const c: Cause = { text, local: d.local_agent === 1 };
  if (d.mta === 'exim' && (d.relay_host !== null || d.relay_ip !== null)) {
    c.relayHost = d.relay_host;
    c.relayIp = d.relay_ip;
  }
  return c;
}

/** The messages read per transaction walk: open ones that keep causes, and those with a row that took one. */
const MESSAGES = `SELECT id, state, causes FROM messages WHERE id > ?
  AND ((state IN ('open', 'held') AND causes IS NOT NULL) OR id IN (SELECT message_row FROM deliveries WHERE last_error IS NOT NULL))
  ORDER BY id LIMIT ?`;

// no index leads from a message to its rows: one walk over the failed rows, the batch's messages
// picked by a list (a range would take every other message's deferrals too); a deferral's line is
// not needed
const ROWS = `SELECT id, message_row, mta, status, recipient, code, code_derived, enhanced, reply_text, detail, relay_host, relay_ip,
  local_agent, last_error, pattern, CASE WHEN last_error IS NOT NULL THEN line END AS line FROM deliveries
  WHERE message_row IN (SELECT value FROM json_each(?)) AND (status = 'deferred' OR last_error IS NOT NULL) ORDER BY id`;

interface Updates {
  rows: unknown[][];
  messages: unknown[][];
}

/** The copies of one message's causes, taken again from its deferrals in log (row) order. */
function redo(rows: Source[], msg: { id: number; state: string; causes: string | null }, rules: CauseRules, out: Updates): void {
  let last: Cause | null = null;
  const byRcpt = new Map<string, Cause>();
  for (const d of rows) {
    if (d.status === 'deferred') {
      const c = causeFrom(d);
      if (c === null) continue;
      last = c;
      byRcpt.set(d.recipient ?? '', c);
      continue;
    }
    // a row that took a cause: an expiry takes the message's last, an Exim bounce its recipient's
    const c = d.status === 'expired' ? last : byRcpt.get(d.recipient ?? '') ?? null;
    if (c === null || d.line === null) continue;
    const own = rules.ownLocalAgent(d.line, d.mta, d.pattern);
    if (own === null) continue;
    const local = own || c.local ? 1 : 0;
    // the cause's host only where the row names none of its own (giveCause)
    const takeHost = d.relay_host === null && d.relay_ip === null && (c.relayHost != null || c.relayIp != null);
    const host = takeHost ? c.relayHost ?? null : d.relay_host;
    const ip = takeHost ? c.relayIp ?? null : d.relay_ip;
    if (c.text !== d.last_error || local !== d.local_agent || host !== d.relay_host || ip !== d.relay_ip) out.rows.push([c.text, local, host, ip, d.id]);
  }
  if ((msg.state !== 'open' && msg.state !== 'held') || msg.causes === null) return;
  const kept = readCauses(msg.causes);
  // a damaged value is left to the correlator, which reads it as none
  if (!kept.lastError && !kept.hostsTried) return;
  // a cause whose deferral is no longer stored stays as it was
  if (kept.lastError && last) kept.lastError = last;
  if (kept.lastErrors) for (const r of kept.lastErrors.keys()) kept.lastErrors.set(r, byRcpt.get(r) ?? kept.lastErrors.get(r)!);
  const json = causesJson({ ...kept, state: msg.state } as MessageState);
  if (json !== msg.causes) out.messages.push([json, msg.id]);
}

/** Takes every copy of a stored deferral's cause again; returns the number of rows changed. */
export function rereadCauses(db: Db, rules: CauseRules, batchMessages = 5000): number {
  const messages = db.prepare(MESSAGES);
  const rows = db.prepare(ROWS);
  const updRow = db.prepare(`UPDATE deliveries SET last_error = ?, local_agent = ?, relay_host = ?, relay_ip = ? WHERE id = ?`);
  const updMessage = db.prepare(`UPDATE messages SET causes = ? WHERE id = ?`);
  let after = 0;
  let changed = 0;
  const step = db.transaction((): boolean => {
    const batch = messages.all(after, batchMessages) as Array<{ id: number; state: string; causes: string | null }>;
    if (batch.length === 0) return false;
    const byMessage = new Map<number, Source[]>(batch.map((m) => [m.id, []]));
    for (const d of rows.all(JSON.stringify(batch.map((m) => m.id))) as Source[]) byMessage.get(d.message_row)!.push(d);
    const out: Updates = { rows: [], messages: [] };
    for (const m of batch) redo(byMessage.get(m.id)!, m, rules, out);
    for (const u of out.rows) updRow.run(u);
    for (const u of out.messages) updMessage.run(u);
    changed += out.rows.length + out.messages.length;
    after = batch.at(-1)!.id;
    return batch.length === batchMessages;
  });
  while (step.immediate());
  return changed;
}
