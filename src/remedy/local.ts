import type { Entry } from './types.js';

// A recipient failed or deferred by our own server with no remote involved: a Postfix agent
// (error, local, pipe...) or an Exim router. Its text is whatever our configuration says, so no
// text pattern can name it; the direction does. Text, enhanced and code entries still come first
// (relocated_maps' "User has moved", a pipe command's output).
export const localEntries: Entry[] = [
  {
    id: 'local.own-decision',
    match: { direction: 'local' },
    title: 'Refused or held back by your own configuration',
    meaning: 'No remote server was asked: one of your own delivery agents or routers failed or deferred this recipient, with a message your configuration wrote.',
    when: 'Postfix error(8) for an address a transport_maps "error:" or "retry:" entry or relocated_maps names; Exim redirect data (an alias or filter) that answers ":fail: text" or ":defer: text", or a router condition that refuses the address.',
    fix: 'Look up the text in your own configuration: Postfix transport_maps, relocated_maps and aliases; Exim the router named by R= on the line and the alias or filter file it reads. If the address should receive mail, change or remove that entry (postmap and reload for Postfix maps); if the refusal is intended, nothing needs doing: the sender has been told, or the message waits until the entry allows it.',
    refs: ['Postfix error(8), transport(5), relocated(5)', 'Exim redirect router, :fail: and :defer:'],
  },
];
