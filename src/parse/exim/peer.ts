import type { MailEvent } from '../../model/types.js';
import { angle, parseFields, parseHost } from './fields.js';

// The client side of an inbound line: "H=name (helo) [ip]:port I=... X=... U=... F=<sender>"
// before the verb, or "name (helo) [ip]" after "connection from".

/** Copies the H=/F=/U=/X=/A= fields in `pre` onto the event. */
export function withPeer(ev: MailEvent, pre: string | undefined): MailEvent {
  if (!pre) return ev;
  const f = parseFields(pre);
  if (f.host) {
    if (f.host.host !== undefined) ev.clientHost = f.host.host;
    if (f.host.helo !== undefined) ev.helo = f.host.helo;
    if (f.host.ip !== undefined) ev.clientIp = f.host.ip;
    if (f.host.port !== undefined) ev.clientPort = f.host.port;
  }
  const v = f.values;
  if (v.F !== undefined && ev.sender === undefined) ev.sender = angle(v.F)!;
  // a new extra only when there is something to add (most peers carry only H= and F=)
  let extra: Record<string, string | number> | undefined;
  if (v.U !== undefined || v.A !== undefined || v.X !== undefined || v.I !== undefined) {
    extra = { ...ev.extra };
    if (v.U !== undefined) extra.user = v.U;
    if (v.A !== undefined) extra.auth = v.A;
    if (v.X !== undefined) extra.tls = v.X;
    if (v.I !== undefined) extra.interface = v.I;
  }
  if (v.P !== undefined) ev.protocol = v.P;
  if (extra !== undefined) ev.extra = extra;
  return ev;
}

/** "name (helo) [ip]:port" written after "from" (no H=). */
export function withHost(ev: MailEvent, spec: string | undefined): MailEvent {
  if (!spec) return ev;
  const s = spec.startsWith('H=') ? spec.slice(2) : spec;
  const h = parseHost(s);
  if (!h) return ev;
  if (h.spec.host !== undefined) ev.clientHost = h.spec.host;
  if (h.spec.helo !== undefined) ev.helo = h.spec.helo;
  if (h.spec.ip !== undefined) ev.clientIp = h.spec.ip;
  if (h.spec.port !== undefined) ev.clientPort = h.spec.port;
  return ev;
}
