import type { LogRecord, MailEvent, Mta } from './types.js';
import type { NoteRow } from './facts.js';
import type { CorrelateState } from './correlate-state.js';
import { heard, openMessage } from './correlate-messages.js';

// What happened to a message in the queue besides its delivery attempts (message_notes): put on
// hold or frozen, released or thawed, requeued or deleted by the administrator. trace shows them
// between the attempts, so that "why did it wait two days?" has its answer in the story.

type What = NoteRow['what'];

const SKIPPED = /Message is frozen$/;

/** The note a line makes, or null (most lines make none). */
function noteOf(rec: LogRecord, mta: Mta, ev: MailEvent): What | null {
  switch (ev.kind) {
    case 'hold':
      return mta === 'exim' ? 'frozen' : 'held';
    case 'info':
      if (ev.pattern === 'exim.unfrozen') return 'thawed';
      if (ev.pattern !== 'postfix.postsuper.message') return null;
      return ev.detail === 'placed on hold' ? 'held' : ev.detail === 'released from hold' ? 'released' : null;
    case 'removed':
      if (ev.pattern === 'exim.removed') return 'deleted';
      // qmgr's "removed" is the normal end of a message; postsuper's is the administrator's doing
      if (rec.service !== 'postsuper') return null;
      return ev.detail === 'requeued' ? 'requeued' : 'deleted';
    default:
      return null;
  }
}

/**
 * Keeps the note of a queue action, tied to the message when it was read. postsuper's hold and
 * release move a Postfix message in and out of 'held', as cleanup's HOLD action does. A line about
 * a message not read makes no message of its own: it is kept under its queue id only.
 */
export function addNote(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent): void {
  if (!ev.queueId) return;
  const what = noteOf(rec, mta, ev);
  if (what === null) return;
  const m = openMessage(st, rec.host, ev.queueId) ?? null;
  if (m) {
    // each queue run that skips a frozen message says so ("Message is frozen"): the freeze is enough
    if (what === 'frozen' && m.frozen === true && SKIPPED.test(rec.message)) return;
    if (what === 'frozen') m.frozen = true;
    else if (what === 'thawed') m.frozen = false;
    else if (what === 'held' && m.state === 'open') m.state = 'held';
    else if (what === 'released' && m.state === 'held') m.state = 'open';
    heard(st, m, rec);
    st.batch.messages.add(m);
  }
  st.batch.notes.push({
    ts: rec.ts, host: rec.host, mta, program: rec.program, queueId: ev.queueId, message: m, what, detail: ev.detail ?? null, line: rec.raw,
  });
}
