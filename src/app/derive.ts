import type { DeliveryStatus, Direction, Stage, StallKind } from '../model/types.js';
import type { EncodedBatch } from '../store/encode.js';
import { normaliseReason } from '../parse/shape.js';
import { remedyId } from '../remedy/index.js';

// The columns derived from a reply's text (the masked reason and the remedy id) are filled in
// on the writer thread, which has time to spare, not on the thread that parses.
// Indexes follow the column order in store/encode.ts.

const R = { direction: 6, code: 7, enhanced: 9, text: 10, reason: 11, stage: 12, remedy: 24 } as const;
const D = { status: 13, code: 14, enhanced: 16, stage: 17, replyText: 18, detail: 19, reason: 20, remedy: 21, stallKind: 24, localAgent: 25 } as const;

// The same reply text comes back again and again (one RBL or policy text for many clients, one
// remote's wording for many recipients): masking it is a dozen regular expressions, so the last
// few thousand texts keep their masked form.
const REASONS_KEPT = 4096;
const reasons = new Map<string, string>();
function reasonOf(text: string): string {
  let r = reasons.get(text);
  if (r === undefined) {
    r = normaliseReason(text);
    if (reasons.size >= REASONS_KEPT) reasons.clear();
    reasons.set(text, r);
  }
  return r;
}

export function deriveColumns(e: EncodedBatch): void {
  for (const r of e.replies) {
    const text = r[R.text] as string;
    r[R.reason] = reasonOf(text);
    r[R.remedy] = remedyId({
      code: r[R.code] as number | null, enhanced: r[R.enhanced] as string | null, text,
      stage: r[R.stage] as Stage | null, direction: r[R.direction] as Direction,
    });
  }
  for (const d of e.deliveries) {
    const status = d[D.status] as DeliveryStatus;
    if (status === 'sent') continue;
    const text = (d[D.replyText] ?? d[D.detail] ?? '') as string;
    d[D.reason] = text === '' ? null : reasonOf(text);
    d[D.remedy] = remedyId({
      code: d[D.code] as number | null, enhanced: d[D.enhanced] as string | null, text, stage: d[D.stage] as Stage | null,
      direction: d[D.localAgent] === 1 ? 'local' : 'outbound', stallKind: (d[D.stallKind] ?? undefined) as StallKind | undefined, status,
    });
  }
}
