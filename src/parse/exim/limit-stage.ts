import type { Stage } from '../../model/types.js';
import { stageOf } from '../smtp-reply.js';

// "SMTP call from … dropped: too many …": Exim hit one of its command limits while reading SMTP
// commands (smtp_max_unknown_commands, smtp_accept_max_nonmail, smtp_max_synprot_errors).

// `last command was "…",  C=EHLO,MAIL,RCPT` (the syntax-error limit, with the commands so far)
const SYNPROT = /^syntax or protocol errors \(last command was "(?<last>.*)",? *(?:C=(?<cmds>[A-Z,]*))?\)$/s;

/** A command's stage, or null for one that has none (RSET, NOOP, XCLIENT, junk). */
function known(cmd: string | undefined): Stage | null {
  const s = stageOf(cmd?.trimStart());
  return s === 'UNKNOWN' ? null : s;
}

/**
 * The stage of the drop. A nonmail or syntax-error limit ends on a command with its own stage
 * ("mail from:<>", "auth", "ehlo"). An unrecognised command has none: then the stage the session
 * had reached, as far as the line tells it: its last command with a stage in Exim's C= list, else
 * HELO when the peer carries a HELO name (Exim shows one only after HELO or EHLO), else CONNECT
 * (the greeting was the last thing known to have happened; a client whose HELO name equals its
 * host name reads as one without a HELO name, so that stays CONNECT).
 */
export function limitStage(what: string, last: string | undefined, helo: string | undefined): Stage {
  const syn = SYNPROT.exec(what);
  const answered = what.startsWith('unrecognized') ? null : known(syn ? syn.groups!.last : last);
  if (answered) return answered;
  const cmds = syn?.groups!.cmds?.split(',').reverse() ?? [];
  for (const c of cmds) {
    const s = known(c);
    if (s) return s;
  }
  return helo !== undefined ? 'HELO' : 'CONNECT';
}
