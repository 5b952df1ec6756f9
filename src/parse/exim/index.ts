import type { LogRecord, MailEvent } from '../../model/types.js';
import { compileTable, type CompiledTable, type PatternRow } from '../table.js';
import { EXIM_PART, PANICLOG_TAG, REJECTLOG_TAG } from '../assemble.js';
import { QID } from './fields.js';
import { messageRows } from './message.js';
import { rejectRows } from './reject.js';
import { limitRejectRows } from './reject-limits.js';
import { sessionRows } from './session.js';
import { miscRows } from './misc.js';
import { noteRows } from './notes.js';
import { queueNoteRows } from './queue-notes.js';
import { smtpNoteRows } from './smtp-notes.js';
import { problemRows } from './problems.js';
import { afterId, buildDispatch, candidates, nextAfter, worthTrying } from './dispatch.js';
import { afterIdShortcut } from './after-id.js';
import { connectionShortcut } from './connection.js';
import { hostLineShortcut, noMailShortcut } from './host-lines.js';

/** Every Exim line shape, in matching order (the per-message flags first: they are most lines). */
export const eximRows: readonly PatternRow[] = [
  ...messageRows, ...rejectRows, ...limitRejectRows, ...sessionRows, ...miscRows, ...noteRows, ...queueNoteRows, ...smtpNoteRows, ...problemRows,
];

compileTable(eximRows); // checks the ids are unique

// A line tries only the rows that can start the way it does (see dispatch.ts), in table order.
const dispatch = buildDispatch(eximRows);

const rows: CompiledTable = {
  match(rec) {
    const msg = rec.message;
    const at = afterId(msg);
    // the commonest shapes are settled by hand (after-id.ts, host-lines.ts; connection.ts in eximTable.match); null: not settled
    const c = msg.charCodeAt(0);
    const ev = at > 0 ? afterIdShortcut(msg, at, rec)
      : c === 72 ? hostLineShortcut(msg, rec) : c === 110 ? noMailShortcut(msg, rec) : null;
    if (ev !== null) return ev;
    const list = candidates(dispatch, msg, at);
    for (let i = 0; i < list.length;) {
      const cand = list[i]!;
      if (!worthTrying(dispatch, cand, msg)) {
        i = nextAfter(dispatch, cand, i);
        continue;
      }
      const g = cand.read(msg);
      if (g !== null) return cand.row.build(g, rec);
      i++;
    }
    return null;
  },
  firstRow(rec) {
    const msg = rec.message;
    const at = afterId(msg);
    for (const cand of candidates(dispatch, msg, at)) {
      if (worthTrying(dispatch, cand, msg) && cand.row.re.test(msg)) return cand.row;
    }
    return null;
  },
};

const ENVELOPE = /^Envelope-(from|to): (.*)$/;
const HEADER_MSGID = /^I Message-I[Dd]: <?([^>\s]*)>?/;
const LEADING_ID = new RegExp(`^${QID} `);

/**
 * An entry the assembler built ("line \0 rejectlog \0 Envelope-from: ... \0 header..."
 * or "line \0 paniclog"). Rejectlog entries parse like their mainlog twin and are marked
 * extra.origin = 'rejectlog' so they are not counted twice; paniclog entries are problems.
 */
function assembled(rec: LogRecord, cut: number): MailEvent | null {
  const parts = rec.message.slice(cut + 1).split(EXIM_PART);
  const head = rec.message.slice(0, cut);
  const tag = parts[0];
  if (tag === PANICLOG_TAG) {
    const id = LEADING_ID.exec(head);
    const detail = (id ? head.slice(id[0].length) : head).replace(/\n\s*/g, ' ');
    const ev: MailEvent = { kind: 'problem', pattern: 'exim.paniclog', mta: 'exim', severity: 'panic', detail };
    if (id) ev.queueId = id.groups!.queueId!;
    ev.extra = { origin: 'paniclog' };
    return ev;
  }
  const ev = match({ ...rec, message: head });
  if (ev === null || tag !== REJECTLOG_TAG) return ev;
  const extra: Record<string, string | number> = { ...ev.extra, origin: 'rejectlog' };
  for (const p of parts.slice(1)) {
    const e = ENVELOPE.exec(p);
    if (e) {
      const key = e[1] === 'from' ? 'envelope_from' : 'envelope_to';
      extra[key] = extra[key] === undefined ? e[2]! : `${extra[key]} ${e[2]}`;
      continue;
    }
    const m = HEADER_MSGID.exec(p);
    if (m && ev.messageId === undefined) ev.messageId = m[1]!;
  }
  ev.extra = extra;
  return ev;
}

function match(rec: LogRecord): MailEvent | null {
  const nl = rec.message.indexOf('\n');
  if (nl < 0) return rows.match(rec);
  // a reject log entry Exim sent to syslog, in parts joined again at their newlines: read as the
  // entry its own rejectlog file holds
  if (rec.message.startsWith('Envelope-', nl + 1)) {
    const parts = rec.message.slice(nl + 1).split('\n');
    return assembled({ ...rec, message: [rec.message.slice(0, nl), REJECTLOG_TAG, ...parts].join(EXIM_PART) }, nl);
  }
  // an entry continued on indented lines: the first line has the shape, the rest is detail
  const ev = rows.match({ ...rec, message: rec.message.slice(0, nl) });
  if (ev !== null) ev.extra = { ...ev.extra, continuation: rec.message.slice(nl + 1).replace(/\n\s*/g, ' ').trim() };
  return ev;
}

export const eximTable: CompiledTable = {
  match(rec) {
    // a plain connect or QUIT line holds no assembled part and no line break: its shortcut comes
    // before the two searches for them
    if (rec.message.charCodeAt(0) === 83) {
      const ev = connectionShortcut(rec.message);
      if (ev !== null) return ev;
    }
    const cut = rec.message.indexOf(EXIM_PART);
    return cut < 0 ? match(rec) : assembled(rec, cut);
  },
  firstRow(rec) {
    const cut = rec.message.indexOf(EXIM_PART);
    const nl = rec.message.indexOf('\n');
    const end = Math.min(cut < 0 ? Infinity : cut, nl < 0 ? Infinity : nl);
    return rows.firstRow(end === Infinity ? rec : { ...rec, message: rec.message.slice(0, end) });
  },
};
