import type { Remedy } from '../model/types.js';
import type { RemedyQuery } from '../model/remedy-query.js';

export type { RemedyQuery };

// Placeholder catalogue: the class-level answers only. The full catalogue replaces this module.
const CLASS: Record<string, Remedy> = {
  '4': {
    id: 'class.4xx',
    title: 'Temporary failure (4xx)',
    meaning: 'The server refused for now and expects the client to try again later.',
    when: 'Greylisting, rate limits, a busy or misconfigured server, a lookup that failed for a moment.',
    fix: 'Usually nothing: the sender retries. If the same 4xx repeats for hours, read the text and fix its cause.',
  },
  '5': {
    id: 'class.5xx',
    title: 'Permanent failure (5xx)',
    meaning: 'The server refused and will refuse again: the client must not retry unchanged.',
    when: 'Unknown recipients, policy blocks, relay denial, content rejection.',
    fix: 'Read the reply text: it names the restriction. Fix the address, the policy or the sending host, then resend.',
  },
};

export function findRemedy(q: RemedyQuery): Remedy {
  const cls = q.code !== null ? String(q.code)[0]! : q.enhanced ? q.enhanced[0]! : '5';
  return CLASS[cls] ?? CLASS['5']!;
}

export function remedyId(q: RemedyQuery): string {
  return findRemedy(q).id;
}
