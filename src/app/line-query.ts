import type { LineQuery } from '../remedy/describe.js';
import { Correlator } from '../model/correlate.js';
import { LineParser } from '../parse/index.js';
import { remedyId } from '../remedy/index.js';
import { encodeBatch } from '../store/encode.js';
import { deriveTls, T } from './derive-tls.js';
import { codeDerivedOf, deliveryInputsOf, deliveryQuery, replyInputsOf, replyQuery, stallInputsOf, stallQuery } from './derive.js';

// `explain` with a whole log line pasted in: the line goes through the same parser, correlation and
// derivation as `analyse`, so it gets the entry the report shows for it. Many lines hold no code
// (Exim's "rejected RCPT", a stalled session), or name the reply only by its shape.

// the year of a stamp without one changes nothing here; a fixed one keeps this free of the clock
const YEAR = 2000;

/** null when the line is not a Postfix or Exim line mxlens reads, or records no reply, failure or stall. */
export function readLine(line: string): LineQuery | null {
  const out = new LineParser({ year: YEAR }).parse(line.replace(/\r?\n$/, ''));
  if (out.type !== 'event') return null;
  const c = new Correlator({ remedyId });
  c.handle(out.rec, out.mta, out.event);
  const e = encodeBatch(c.takeBatch(), [], [], null);
  // a broken-off DATA phase is reported as a stall, whatever reply the line also carries
  const stall = e.stalls[0];
  if (stall) {
    const s = stallInputsOf(stall);
    return { query: stallQuery(s.kind, s.direction), what: 'stall', codeDerived: false };
  }
  const reply = e.replies[0];
  if (reply) {
    const query = replyQuery(replyInputsOf(reply));
    return { query, what: query.direction === 'outbound' ? 'outbound' : 'inbound', codeDerived: codeDerivedOf(reply, 'reply') };
  }
  // a failed handshake carries no reply: it gets the TLS entry its row gets
  const tls = e.tlsFailures[0];
  if (tls && e.deliveries.length === 0) {
    const [detail, direction] = [tls[T.detail] as string, tls[T.direction] as 'inbound' | 'outbound'];
    const tlsId = deriveTls(detail, (tls[T.libraryError] ?? null) as string | null, direction).remedy_id;
    return { query: { code: null, enhanced: null, text: detail, stage: null, direction }, what: 'tls', codeDerived: false, tlsId };
  }
  const failed = e.deliveries.find((d) => deliveryInputsOf(d).status !== 'sent');
  if (failed) {
    const query = deliveryQuery(deliveryInputsOf(failed));
    return { query, what: query.direction === 'local' ? 'local' : 'delivery', codeDerived: codeDerivedOf(failed, 'delivery') };
  }
  return null;
}
