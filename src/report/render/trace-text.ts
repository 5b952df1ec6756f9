import type { Trace, TraceEvent, TraceMessage, TraceSession, TraceSessionBlock } from '../trace-types.js';
import { termSafe } from './escape.js';
import { localStamp, type UtcOffset } from './clock.js';
import { wrap } from './text.js';

// `mxlens trace` for a terminal: each message with the connection it came on and every row of its
// story in time order; then the connections that carried no message found; then rows tied to neither.

export interface TraceTextOptions {
  utcOffset?: UtcOffset;
  /** print each event's log line where the database keeps it */
  lines?: boolean;
}

const IND = '      ';

const DOUBLE_BOUNCE =
  'note: this notice bounced itself (a double bounce). Postfix drops it without a line unless notify_classes includes 2bounce; then the postmaster gets a copy, from double-bounce@ (2bounce_notice_recipient).';

const PARENT = { notice: 'the bounce or delay notice of', copy: 'requeued copy of', forward: 'forwarded copy of' } as const;
const CHILD = { notice: 'bounce or delay notice sent', copy: 'requeued', forward: 'forwarded' } as const;

/** an address in <>; a local user an Exim alias delivered to ("dave") as logged */
const mailbox = (a: string): string => (a.includes('@') || a === '' ? `<${a}>` : a);

class TraceText {
  constructor(
    private readonly t: Trace,
    private readonly o: TraceTextOptions,
  ) {}

  private when(iso: string | null): string {
    return localStamp(iso, this.o.utcOffset);
  }

  private event(e: TraceEvent): string {
    const code = e.code === null ? '' : ` ${e.code}${e.code_derived ? '*' : ''}`;
    const head = [
      `  ${this.when(e.at)}  ${e.type === 'tls' ? 'TLS failure' : e.type === 'stall' ? `stalled 354 (${e.what})` : e.what}${code}${e.enhanced ? ` ${e.enhanced}` : ''}`,
      e.stage ? `at ${e.stage}` : '',
      e.recipient ? `${mailbox(e.recipient)}${e.orig_recipient ? ` (originally ${mailbox(e.orig_recipient)})` : ''}` : '',
      e.peer ? `${e.direction === 'inbound' ? 'from' : e.type === 'delivery' ? 'via' : 'with'} ${e.peer}` : '',
      // a queue action is one short line: "held  placed on hold"
      e.type === 'note' ? e.text : '',
    ]
      .filter(Boolean)
      .join('  ');
    const out = [termSafe(head)];
    if (e.text !== '' && e.type !== 'note') out.push(wrap(e.text, IND));
    if (e.stall_kind) out.push(`${IND}stalled after 354 (${termSafe(e.stall_kind)})`);
    if (e.library_error) out.push(wrap(`why: ${e.library_error}`, IND));
    if (e.last_error) out.push(wrap(`last error: ${e.last_error}`, IND));
    if (e.remedy) out.push(wrap(`what to do: ${e.remedy.title} [${e.remedy.id}]`, IND));
    if (this.o.lines && e.line) out.push(`${IND}line: ${termSafe(e.line)}`);
    return out.join('\n');
  }

  private connection(s: TraceSession): string {
    const proc = `${s.program}${s.pid === null ? '' : `[${s.pid}]`}`;
    const end = s.end_reason === null ? 'still open' : `${s.end_reason}${s.end_stage ? ` after ${s.end_stage}` : ''}`;
    const client = `${s.client ?? 'client unknown'}${s.helo === null ? '' : ` (helo ${s.helo})`}`;
    const parts = [`${client} to ${s.host === '' ? '' : `${s.host} `}${proc}, ${this.when(s.start)} .. ${s.end === null ? '?' : this.when(s.end)}, ${end}`];
    if (s.counters) parts.push(s.counters);
    if (s.stalled) parts.push('stalled after 354');
    return termSafe(parts.join('; '));
  }

  private message(m: TraceMessage): string {
    const facts = [
      m.sender === null ? null : `from <${m.sender}>`,
      m.size === null ? null : `${m.size} bytes`,
      m.nrcpt === null ? null : `${m.nrcpt} recipient${m.nrcpt === 1 ? '' : 's'}`,
      m.message_id === null ? null : `message-id <${m.message_id}>`,
      m.origin === null ? null : `origin ${m.origin}`,
    ].filter((x): x is string => x !== null);
    const out = [
      termSafe(`MESSAGE ${m.queue_id}${m.host === '' ? '' : ` on ${m.host}`} (${m.mta}): ${m.state}, ${this.when(m.first)} .. ${this.when(m.last)}`),
      ...(facts.length > 0 ? [wrap(facts.join(', '), '  ')] : []),
    ];
    if (m.parent) out.push(termSafe(`  ${PARENT[m.parent.is]} message ${m.parent.queue_id}`));
    for (const c of m.children) out.push(termSafe(`  ${CHILD[c.is]} as message ${c.queue_id} (trace it for its story)`));
    if (m.session) out.push(`  connection: ${this.connection(m.session)}`);
    else if (m.client) out.push(termSafe(`  client: ${m.client}`));
    out.push(...m.events.map((e) => this.event(e)));
    // a notice that could not be delivered reaches nobody unless the MTA is told to pass it on
    if (m.sender === '' && m.mta === 'postfix' && m.events.some((e) => e.type === 'delivery' && e.what === 'bounced')) out.push(wrap(DOUBLE_BOUNCE, '  '));
    return out.join('\n');
  }

  private session(s: TraceSessionBlock): string {
    const carried = s.carried ? [termSafe(`  (also carried ${s.carried.join(', ')}, above; these rows belong to none of them)`)] : [];
    return [`CONNECTION ${this.connection(s)}`, ...carried, ...s.events.map((e) => this.event(e))].join('\n');
  }

  render(): string {
    const t = this.t;
    const w = t.window;
    const scope = w.from || w.to ? `${w.from ? this.when(w.from) : '…'} .. ${w.to ? this.when(w.to) : '…'}` : 'everything in the database';
    const out = [termSafe(`mxlens trace ${t.terms.join(' ')} (${scope})`), ''];
    if (t.messages.length + t.sessions.length + t.other.length === 0) {
      out.push('Nothing stored matches: no message, connection or reply.', '');
      return out.join('\n');
    }
    if (t.left_out.messages > 0) out.push(`${t.left_out.messages} older message(s) found are not shown (--limit)`, '');
    for (const m of t.messages) out.push(this.message(m), '');
    if (t.left_out.sessions > 0) out.push(`${t.left_out.sessions} older connection(s) found are not shown (--limit)`, '');
    for (const s of t.sessions) out.push(this.session(s), '');
    if (t.other.length > 0) {
      const more = t.left_out.other > 0 ? [`  ${t.left_out.other} older row(s) found are not shown (--limit)`] : [];
      out.push('OTHER ROWS (stored with no message or connection)', ...more, ...t.other.map((e) => this.event(e)), '');
    }
    if (some(t, (e) => e.code_derived)) out.push('* the log line names no code: it is the one its shape implies (--lines shows the line as logged).');
    if (some(t, (e) => e.remedy !== null)) out.push('mxlens explain ID prints what an entry in brackets means and how to fix it.', '');
    return out.join('\n');
  }
}

function some(t: Trace, test: (e: TraceEvent) => boolean): boolean {
  const any = (es: TraceEvent[]): boolean => es.some(test);
  return any(t.other) || t.messages.some((m) => any(m.events)) || t.sessions.some((s) => any(s.events));
}

export function renderTraceText(t: Trace, o: TraceTextOptions = {}): string {
  return new TraceText(t, o).render();
}
