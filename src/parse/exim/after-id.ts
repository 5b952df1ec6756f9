import type { LogRecord, MailEvent } from '../../model/types.js';
import { rowById, type Groups, type PatternRow } from '../table.js';
import { messageRows } from './message.js';

// Half of a busy mainlog is "<id> <= ...", "<id> => ..." (or another delivery flag) and
// "<id> Completed". Their rows are the first three of the table, and the few characters after
// the id settle which of them matches: for those lines the groups are read here, by hand, and
// the row's own build makes the event, so neither the dispatch nor a pattern runs. Anything
// this cannot settle (an odd sender, "Completed QT=...") returns null and takes the usual way.
// test/parse/exim-after-id.test.ts holds this to the rule it stands for (first matching row).

const row = (id: string): PatternRow => rowById(messageRows, id);
export const RECEIVED = row('exim.received');
export const DELIVERY = row('exim.delivery');
export const COMPLETED = row('exim.completed');

// the sender: a run of what \S takes (a search here costs less than a loop over the characters)
const NON_SPACE = /\S+/y;

/**
 * "=>", "->", ">>", "*>", "==", "**" from their two character codes, else null. The flag is
 * one of these constants rather than a slice of the line: no new string per line, and the
 * status table finds it at once.
 */
function deliveryFlag(a: number, b: number): string | null {
  if (b === 62) return a === 61 ? '=>' : a === 45 ? '->' : a === 62 ? '>>' : a === 42 ? '*>' : null;
  if (a === 61 && b === 61) return '==';
  if (a === 42 && b === 42) return '**';
  return null;
}

/**
 * The event of the first row that matches `msg`, when `msg` is one of the three shapes above;
 * `at` is where the text after "<message id> " starts (afterId, so > 0). Null: not settled here.
 */
export function afterIdShortcut(msg: string, at: number, rec: LogRecord): MailEvent | null {
  const a = msg.charCodeAt(at);
  const b = msg.charCodeAt(at + 1);
  const n = msg.length;
  const flag = msg.charCodeAt(at + 2) === 32 ? deliveryFlag(a, b) : null;
  if (flag !== null) {
    // /^QID (?<flag>=>|...) (?<rest>.*)$/s takes every such line
    const g: Groups = { queueId: msg.slice(0, at - 1), flag, rest: msg.slice(at + 3) };
    return DELIVERY.build(g, rec);
  }
  if (b === 61 && (a === 60 || a === 40) && msg.charCodeAt(at + 2) === 32) {
    // /^QID (?<flag><=|\(=) (?<sender>"…"@\S+|\S+)(?: (?<rest>.*))?$/s: the sender runs to the first
    // white space, which must be a plain space or the end (anything else fails the pattern);
    // a quoted local part ("john doe"@example.org) is the row's to read
    const from = at + 3;
    if (msg.charCodeAt(from) === 34) return null;
    NON_SPACE.lastIndex = from;
    if (!NON_SPACE.test(msg)) return null;
    const k = NON_SPACE.lastIndex;
    if (k < n && msg.charCodeAt(k) !== 32) return null;
    const g: Groups = {
      queueId: msg.slice(0, at - 1), flag: a === 60 ? '<=' : '(=', sender: msg.slice(from, k),
      rest: k < n ? msg.slice(k + 1) : undefined,
    };
    return RECEIVED.build(g, rec);
  }
  if (a === 67 && n === at + 9 && msg.startsWith('Completed', at)) {
    return COMPLETED.build({ queueId: msg.slice(0, at - 1), qt: undefined }, rec);
  }
  return null;
}
