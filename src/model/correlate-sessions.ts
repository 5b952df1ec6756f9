import type { LogRecord, MailEvent, Mta } from './types.js';
import type { SessionState } from './facts.js';
import { clockAt, type CorrelateState } from './correlate-state.js';

// The session side of correlation: SMTP sessions opened, closed and found stalled, keyed by
// host + program + pid.

/** Open states older than this (by log time) are dropped from memory; their rows stay. */
// No SMTP session lasts an hour of log time (Postfix's smtpd_timeout is at most minutes per command).
export const SESSION_TTL_MS = 3600_000;

/**
 * How long a postscreen session that ended with PASS stays findable by its client address and
 * port. postscreen cannot always hand the connection to smtpd after a PASS (deep protocol tests,
 * or a client that already hung up): then it goes on talking to the client (4xx to RCPT), may log
 * HANGUP, and logs DISCONNECT later. Those lines belong to the session that passed, not to a new
 * one. A handed-off client is never named by postscreen again, so this only costs memory for a few
 * minutes. The PASS names the end and leaves the session open, as a HANGUP does: it is stored
 * open, so a resumed run reads it back with the other open sessions, and its DISCONNECT (or this
 * much silence) closes it. (Closing it at the PASS and reading back rows that ended with PASS did
 * not tell one a later HANGUP had renamed, or one its DISCONNECT had closed, from the others.)
 */
export const PASS_LINGER_MS = 600_000;

/**
 * Postfix sessions are keyed by host + program + pid; one postscreen process screens many clients
 * at once, so its sessions are keyed by client address and port instead. Exim sessions are keyed
 * by the client's address, never by the process: Exim's daemon logs "SMTP connection from" and the
 * process it starts for the client logs the rest, so two pids share one connection (with log_selector
 * +pid, and always through syslog). The port, when +incoming_port logs one, is on every line of the
 * session and keeps two connections from one address at once apart. Also used to find open
 * sessions again when a run resumes.
 */
export function sessionKeyOf(host: string, mta: Mta, program: string, pid: number | null, clientIp: string | null, clientPort: number | null): string {
  if (mta === 'exim' || pid === null || isPostscreen(program)) {
    return `${host}\u0001${program}\u0001${clientIp ?? ''}${clientPort === null ? '' : `:${clientPort}`}`;
  }
  return `${host}\u0001${program}\u0001${pid}`;
}

/**
 * Whether two connections at once can share a key: one keyed by the client's address alone (an Exim
 * log without +incoming_port, a line with no pid). Then a connection that opens under the key of one
 * still open does not prove that one over: it waits among the displaced (see openFor).
 */
export function sharedKey(mta: Mta, program: string, pid: number | null, clientPort: number | null): boolean {
  return clientPort === null && (mta === 'exim' || pid === null) && !isPostscreen(program);
}

function sessionKey(rec: LogRecord, ev: MailEvent): string {
  return sessionKeyOf(rec.host, ev.mta, rec.program, rec.pid, ev.clientIp ?? null, ev.clientPort ?? null);
}

/**
 * The open session under key, unless it has been silent longer than any session lasts (by its
 * host's clock, clockAt): then it ended unseen, whether or not a sweep got to it first (outcomes
 * must not depend on when sweeps run, only on the log).
 */
function live(st: CorrelateState, key: string, ts: number | null): SessionState | undefined {
  const s = st.sessions.get(key);
  if (s === undefined) return undefined;
  const now = clockAt(st, s.host, ts);
  if (now !== null && s.seenClock !== null && now - s.seenClock > ttlOf(s)) {
    if (s.endTs === null) expire(st, s);
    st.sessions.delete(key);
    return undefined;
  }
  return s;
}

/** An open session that ended with PASS is a postscreen PASS lingering (see PASS_LINGER_MS). */
function ttlOf(s: SessionState): number {
  return s.endReason === 'pass' ? PASS_LINGER_MS : SESSION_TTL_MS;
}

function isPostscreen(program: string): boolean {
  return program === 'postscreen' || program.endsWith('/postscreen');
}

/**
 * A session leaves memory for good (silent too long, or its key taken by another connection). One
 * that a line of its own ended (Exim's "no MAIL", "lost", a data timeout, which no closing line
 * follows) ended there: it is stored with that end, so no later run reads it back as open (such
 * sessions piled up, a fifth of an Exim log's, and each run read them all back). One that nothing
 * ended is unterminated.
 */
export function expire(st: CorrelateState, s: SessionState): void {
  if (s.endReason === null) s.endReason = 'unterminated';
  else s.endTs ??= s.seenTs;
  st.batch.sessions.add(s);
}

/**
 * The open session a line belongs to, marked as seen at the line's time; it takes the line's HELO
 * name, and the process an Exim message id names.
 */
export function sessionOf(st: CorrelateState, rec: LogRecord, ev: MailEvent): SessionState | null {
  const proc = processOf(rec, ev);
  const s = openFor(st, sessionKey(rec, ev), rec.ts, ev.helo, proc);
  if (s === undefined) return null;
  const now = clockAt(st, rec.host, rec.ts);
  if (now !== null && (rec.ts !== s.seenTs || now !== s.seenClock)) {
    s.seenTs = rec.ts;
    s.seenClock = now;
    st.batch.sessions.add(s);
  }
  if (ev.helo !== undefined) noteHelo(st, s, ev);
  if (proc !== undefined && s.proc == null) {
    s.proc = proc;
    st.batch.sessions.add(s);
  }
  return s;
}

/**
 * The process serving the Exim connection a line is of, as a decimal pid. With log_selector +pid
 * (and always through syslog, whose tag names it) every line of a connection but the daemon's
 * "SMTP connection from" names it. Without, a message id does: its middle part is the pid of the
 * process that received the message, in base 62. Exim serves each connection with a process of its
 * own, so two lines naming two processes are of two connections.
 */
function processOf(rec: LogRecord, ev: MailEvent): string | undefined {
  if (ev.mta !== 'exim') return undefined;
  if (rec.pid !== null) return String(rec.pid);
  const id = ev.queueId;
  if (id === undefined) return undefined;
  const a = id.indexOf('-');
  const b = id.lastIndexOf('-');
  return a > 0 && b > a + 1 ? base62(id, a + 1, b) : undefined;
}

/** id[from, to) read in Exim's base 62 (0-9, A-Z, a-z), as a decimal string; the text itself when it is not */
function base62(id: string, from: number, to: number): string {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = id.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : c >= 97 && c <= 122 ? c - 61 : -1;
    if (d < 0) return id.slice(from, to);
    n = n * 62 + d;
  }
  return Number.isSafeInteger(n) ? String(n) : id.slice(from, to);
}

/**
 * The open connection under `key` a line belongs to. Most keys hold one. A shared key (see sharedKey)
 * may hold several at once, the latest opened live and the others displaced: there the line's HELO
 * name (Exim writes "H=(helo) [ip]" on most lines of a connection) and the process its message id
 * names tell them apart (fit). The live one keeps a line that fits it as well as any other; else the
 * one that fits best, the latest of equals, becomes the live one. When the live one has closed, the
 * displaced one that fits best takes its place, the latest of equals.
 */
function openFor(st: CorrelateState, key: string, ts: number | null, helo: string | undefined, proc: string | undefined): SessionState | undefined {
  const s = live(st, key, ts);
  // nearly always: no connection displaced anywhere
  const list = st.displaced.size === 0 ? undefined : st.displaced.get(key);
  if (list === undefined) return s;
  let best = s === undefined ? -Infinity : fit(s, helo, proc);
  let pick = -1;
  for (let i = list.length - 1; i >= 0; i--) {
    const d = list[i]!;
    if (!revivable(d, ts, clockAt(st, d.host, ts))) continue;
    const f = fit(d, helo, proc);
    if (f > best) {
      best = f;
      pick = i;
    }
  }
  if (pick < 0) return s;
  const d = list.splice(pick, 1)[0]!;
  if (list.length === 0) st.displaced.delete(key);
  d.endReason = null;
  if (s !== undefined && s.endTs === null) {
    const open = s.endReason === null;
    expire(st, s);
    if (open) displace(st, s);
  }
  st.sessions.set(key, d);
  st.batch.sessions.add(d);
  return d;
}

/**
 * How well connection `c` fits a line with this HELO name and process: -1 when it has another name or
 * another process (no line of it could say so), else one point for the same name and two for the same
 * process (a name is shared by a sender's parallel connections, a process never).
 */
function fit(c: SessionState, helo: string | undefined, proc: string | undefined): number {
  let n = 0;
  if (proc !== undefined && c.proc != null) {
    if (c.proc !== proc) return -1;
    n += 2;
  }
  if (helo !== undefined && helo !== '' && c.helo != null) {
    if (c.helo !== helo) return -1;
    n += 1;
  }
  return n;
}

/** a displaced connection a line at `ts` may still belong to: seen before it, and silent for less than a session's lifetime by its host's clock (`now`) */
function revivable(d: SessionState, ts: number | null, now: number | null): boolean {
  return ts !== null && now !== null && d.seenTs !== null && d.seenClock !== null && ts >= d.seenTs && now - d.seenClock <= SESSION_TTL_MS;
}

export function openSession(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent): SessionState {
  const key = sessionKey(rec, ev);
  // the same process took a new client without a disconnect line: the old one ended unseen; or,
  // under a shared key, another connection from the same address opened while it goes on
  const old = live(st, key, rec.ts);
  if (old && old.endTs === null) {
    const open = old.endReason === null;
    expire(st, old);
    if (open && sharedKey(mta, rec.program, rec.pid, ev.clientPort ?? null)) displace(st, old);
  }
  const s: SessionState = {
    rowId: st.ids.session++, stored: false, key, host: rec.host, mta, program: rec.program, pid: rec.pid,
    clientHost: ev.clientHost ?? null, clientIp: ev.clientIp ?? null, clientPort: ev.clientPort ?? null, helo: ev.helo ?? null, startTs: rec.ts, endTs: null,
    counters: null, endReason: null, endStage: null, stalled: 0, rejects: 0, messages: 0, seenTs: rec.ts,
    seenClock: clockAt(st, rec.host, rec.ts),
  };
  st.sessions.set(key, s);
  st.batch.sessions.add(s);
  return s;
}

/** Keeps a session ended as unterminated by another connection under its shared key (see sharedKey). */
export function displace(st: CorrelateState, s: SessionState): void {
  const list = st.displaced.get(s.key);
  if (list === undefined) st.displaced.set(s.key, [s]);
  else list.push(s);
}

export function closeSession(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent, reason: string): void {
  const key = sessionKey(rec, ev);
  // under a shared key, a closing line that finds no open connection closes one an overlapping one displaced (openFor)
  const s = openFor(st, key, rec.ts, ev.helo, processOf(rec, ev)) ?? openSession(st, rec, mta, ev);
  s.endTs = rec.ts;
  s.counters = ev.counters ?? s.counters;
  s.endReason ??= reason;
  s.seenTs = rec.ts;
  s.seenClock = clockAt(st, rec.host, rec.ts);
  noteHelo(st, s, ev);
  st.sessions.delete(key);
  st.batch.sessions.add(s);
}

/**
 * postscreen's own part of a connection ends with PASS (handed to smtpd, or kept talking when it
 * cannot hand off) or with DISCONNECT. A HANGUP is always followed by DISCONNECT (postscreen
 * concludes a hung-up client like any other, with the connection marked not to be handed off):
 * the HANGUP names the end, the DISCONNECT closes the session, so one connection is one session.
 */
export function postscreenEnd(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent): void {
  const s = sessionOf(st, rec, ev) ?? openSession(st, rec, mta, ev);
  s.endReason = ev.endReason ?? 'hangup';
  st.batch.sessions.add(s);
}

/**
 * PASS: ends postscreen's part, unless a HANGUP already did (then DISCONNECT follows). The session
 * stays open: more of the connection may follow (see PASS_LINGER_MS).
 */
export function postscreenPass(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent): void {
  const s = sessionOf(st, rec, ev) ?? openSession(st, rec, mta, ev);
  if (s.endReason !== null) return;
  s.endReason = 'pass';
  noteHelo(st, s, ev);
  st.batch.sessions.add(s);
}

/**
 * The HELO name a line gives: Postfix logs it only on refusals and warnings, Exim on most lines
 * of a connection (H=name (helo) [ip]). The connection keeps the latest.
 */
export function noteHelo(st: CorrelateState, s: SessionState, ev: MailEvent): void {
  if (ev.helo === undefined || ev.helo === '' || s.helo === ev.helo) return;
  s.helo = ev.helo;
  st.batch.sessions.add(s);
}

export function endSession(st: CorrelateState, rec: LogRecord, ev: MailEvent): void {
  const s = sessionOf(st, rec, ev);
  if (!s) return;
  noteHelo(st, s, ev);
  s.endReason = ev.endReason ?? 'lost';
  s.endStage = ev.afterStage ?? null;
  s.seenTs = rec.ts;
  s.seenClock = clockAt(st, rec.host, rec.ts);
  st.batch.sessions.add(s);
}

/** A stalled transfer: its row, and the session it ended when one is known. */
export function addStall(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent, s: SessionState | null): void {
  const kind = ev.stallKind ?? 'inbound.lost-after-data';
  const direction = kind.startsWith('outbound') ? 'outbound' : 'inbound';
  if (s) {
    s.stalled = 1;
    s.endReason = ev.endReason ?? (kind.includes('timeout') ? 'timeout' : 'lost');
    s.endStage = ev.afterStage ?? 'DATA';
    st.batch.sessions.add(s);
  }
  st.batch.stalls.push({
    ts: rec.ts, host: rec.host, mta, program: rec.program, direction, kind, session: s, queueId: ev.queueId ?? null,
    peerHost: direction === 'inbound' ? ev.clientHost ?? s?.clientHost ?? null : ev.relayHost ?? null,
    peerIp: direction === 'inbound' ? ev.clientIp ?? s?.clientIp ?? null : ev.relayIp ?? null,
    bytes: ev.bytes ?? null,
    remedyId: st.deps.remedyId({ code: null, enhanced: null, text: '', stallKind: ev.stallKind, direction }),
    pattern: ev.pattern, line: rec.raw,
  });
}

/** Forgets sessions silent for longer than any session lasts, as of log time `now`. */
export function evictSessions(st: CorrelateState, nowOf: (host: string) => number | undefined): void {
  for (const [k, s] of st.sessions) {
    const now = nowOf(s.host);
    if (now !== undefined && s.seenClock !== null && now - s.seenClock > ttlOf(s)) {
      if (s.endTs === null) expire(st, s);
      st.sessions.delete(k);
    }
  }
  // past reviving (openFor): the same bound as a run that reads them back (store/sources.ts)
  for (const [k, list] of st.displaced) {
    const now = nowOf(list[0]!.host);
    if (now === undefined) continue;
    const keep = list.filter((s) => s.seenClock !== null && now - s.seenClock <= SESSION_TTL_MS);
    if (keep.length === 0) st.displaced.delete(k);
    else if (keep.length < list.length) st.displaced.set(k, keep);
  }
}
