import type { Entry } from './types.js';

// The last resort: by class (first digit) and, when an enhanced code is present, by RFC 3463 subject.

export const classEntries: Entry[] = [
  { id: 'class.2xx', match: { class: '2' }, title: 'Success (2xx)', meaning: 'The command succeeded.', when: 'Throughout a normal session.', fix: 'Nothing to fix.', refs: ['RFC 5321 §4.2.1'] },
  { id: 'class.3xx', match: { class: '3' }, title: 'Intermediate (3xx)', meaning: 'The server accepted the command and waits for more input (the message after DATA, the next AUTH step).', when: 'After DATA (354) and during AUTH (334).', fix: 'Nothing to fix; if the session breaks right after it, see the stalled-354 entries.', refs: ['RFC 5321 §4.2.1'] },
  { id: 'class.4xx', match: { class: '4' }, title: 'Temporary failure (4xx)', meaning: 'The server refused for now and expects the client to try again later.', when: 'Greylisting, rate limits, a busy or misconfigured server, a lookup that failed for a moment.', fix: 'Usually nothing: the sender retries. If the same 4xx repeats for hours, read the text and fix its cause.', refs: ['RFC 5321 §4.2.1'] },
  { id: 'class.5xx', match: { class: '5' }, title: 'Permanent failure (5xx)', meaning: 'The server refused and will refuse again: the client must not retry unchanged.', when: 'Unknown recipients, policy blocks, relay denial, content rejection.', fix: 'Read the reply text: it names the restriction. Fix the address, the policy or the sending host, then resend.', refs: ['RFC 5321 §4.2.1'] },
];

// [name, meaning, fix, whether the fix ends with what the sender does: that depends on the class]
const SUBJECTS: Record<string, [string, string, string, boolean?]> = {
  '0': ['other', 'A failure with no more precise category.', 'Read the text; the code says nothing more.'],
  '1': ['addressing', 'Something is wrong with an address (sender or recipient).', 'Check the spelling, the domain and the syntax of the addresses.'],
  '2': ['mailbox', 'The recipient mailbox exists but cannot take the message (disabled, full, limits).', 'The recipient or their admin must act (free space, enable the mailbox again, raise the limit).', true],
  '3': ['mail system', 'The destination mail system has a problem (storage, configuration, capabilities).', 'The receiving admin must check the server.', true],
  '4': ['network and routing', 'The message could not be routed or the connection failed.', 'Check DNS and connectivity to the destination.'],
  '5': ['protocol', 'The SMTP dialogue itself went wrong.', 'Check the client for protocol errors; a transcript helps.'],
  '6': ['content or media', 'The message content or its encoding was not acceptable.', 'Change the content or encoding.'],
  '7': ['security or policy', 'A security or policy rule refused the message.', 'Find the policy named in the text (reputation, authentication, access rules) and fix that cause.'],
};

// a 4xx is retried by the sending server; a 5xx came back to the sender, and only a new send gets through
const SENDER: Record<'4' | '5', string> = {
  '4': 'Senders retry by themselves meanwhile.',
  '5': 'The message was returned: the sender must send it again once that is done.',
};

for (const cls of ['4', '5'] as const) {
  for (const [subject, [name, meaning, fix, sender]] of Object.entries(SUBJECTS)) {
    classEntries.push({
      id: `class.${cls}.${subject}`,
      match: { class: cls, subject },
      title: `${cls === '4' ? 'Temporary' : 'Permanent'} ${name} failure (${cls}.${subject}.x)`,
      meaning: `${meaning} ${cls === '4' ? 'The failure is temporary: a retry may succeed.' : 'The failure is permanent: do not retry unchanged.'}`,
      when: `With enhanced status codes ${cls}.${subject}.x that this catalogue does not list by name.`,
      fix: sender ? `${fix} ${SENDER[cls]}` : fix,
      refs: ['RFC 3463 §3'],
    });
  }
}

/** Subject names, for the "category" line of explain and compare. */
export const subjectNames: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SUBJECTS).map(([k, v]) => [k, v[0]]),
);
