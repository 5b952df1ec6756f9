import type { Trace, TraceEvent, TraceMessage, TraceSession, TraceSessionBlock } from '../trace-types.js';
import { termSafe } from './escape.js';
import { localStamp, type UtcOffset } from './clock.js';
import { wrap } from './text.js';
import { traceLabels, type TraceLabels } from './trace-labels.js';

// `mxlens trace` for a terminal: each message with the connection it came on and every row of its
// story in time order; then the connections that carried no message found; then rows tied to neither.

export interface TraceTextOptions {
  utcOffset?: UtcOffset;
  /** print each event's log line where the database keeps it */
  lines?: boolean;
  /** language of the words around the data (en, vi) */
  lang?: string;
}

const IND = '      ';

/** an address in <>; a local user an Exim alias delivered to ("dave") as logged */
const mailbox = (a: string): string => (a.includes('@') || a === '' ? `<${a}>` : a);

class TraceText {
  private readonly L: TraceLabels;

  constructor(
    private readonly t: Trace,
    private readonly o: TraceTextOptions,
  ) {
    this.L = traceLabels(o.lang);
  }

  private when(iso: string | null): string {
    return localStamp(iso, this.o.utcOffset);
  }

  private event(e: TraceEvent): string {
    const L = this.L;
    const code = e.code === null ? '' : ` ${e.code}${e.code_derived ? '*' : ''}`;
    const head = [
      `  ${this.when(e.at)}  ${e.type === 'tls' ? L.tlsFailure : e.type === 'stall' ? L.stalled354(e.what) : e.what}${code}${e.enhanced ? ` ${e.enhanced}` : ''}`,
      e.stage ? `${L.at} ${e.stage}` : '',
      e.recipient ? `${mailbox(e.recipient)}${e.orig_recipient ? ` (${L.originally} ${mailbox(e.orig_recipient)})` : ''}` : '',
      e.peer ? `${e.direction === 'inbound' ? L.peer.from : e.type === 'delivery' ? L.peer.via : L.peer.with} ${e.peer}` : '',
      // a queue action is one short line: "held  placed on hold"
      e.type === 'note' ? e.text : '',
    ]
      .filter(Boolean)
      .join('  ');
    const out = [termSafe(head)];
    if (e.text !== '' && e.type !== 'note') out.push(wrap(e.text, IND));
    if (e.stall_kind) out.push(`${IND}${L.stalledAfter354} (${termSafe(e.stall_kind)})`);
    if (e.library_error) out.push(wrap(`${L.why}: ${e.library_error}`, IND));
    if (e.last_error) out.push(wrap(`${L.lastError}: ${e.last_error}`, IND));
    if (e.remedy) out.push(wrap(`${L.whatToDo}: ${e.remedy.title} [${e.remedy.id}]`, IND));
    if (this.o.lines && e.line) out.push(`${IND}${L.line}: ${termSafe(e.line)}`);
    return out.join('\n');
  }

  private connection(s: TraceSession): string {
    const L = this.L;
    const proc = `${s.program}${s.pid === null ? '' : `[${s.pid}]`}`;
    const end = s.end_reason === null ? L.stillOpen : `${s.end_reason}${s.end_stage ? ` ${L.after} ${s.end_stage}` : ''}`;
    const client = `${s.client ?? L.clientUnknown}${s.helo === null ? '' : ` (helo ${s.helo})`}`;
    const parts = [`${client} ${L.to} ${s.host === '' ? '' : `${s.host} `}${proc}, ${this.when(s.start)} .. ${s.end === null ? '?' : this.when(s.end)}, ${end}`];
    if (s.counters) parts.push(s.counters);
    if (s.stalled) parts.push(L.stalledAfter354);
    return termSafe(parts.join('; '));
  }

  private message(m: TraceMessage): string {
    const L = this.L;
    const facts = [
      m.sender === null ? null : L.from(m.sender),
      m.size === null ? null : L.bytes(m.size),
      m.nrcpt === null ? null : L.recipients(m.nrcpt),
      m.message_id === null ? null : `message-id <${m.message_id}>`,
      m.origin === null ? null : L.origin(m.origin),
    ].filter((x): x is string => x !== null);
    const out = [
      termSafe(L.message(m.queue_id, m.host, m.mta, m.state, `${this.when(m.first)} .. ${this.when(m.last)}`)),
      ...(facts.length > 0 ? [wrap(facts.join(', '), '  ')] : []),
    ];
    if (m.parent) out.push(termSafe(`  ${L.parent[m.parent.is]} ${m.parent.queue_id}`));
    for (const c of m.children) out.push(termSafe(`  ${L.child[c.is]} ${c.queue_id} ${L.traceIt}`));
    if (m.session) out.push(`  ${L.connectionOf}: ${this.connection(m.session)}`);
    else if (m.client) out.push(termSafe(`  ${L.clientOf}: ${m.client}`));
    out.push(...m.events.map((e) => this.event(e)));
    // a notice that could not be delivered reaches nobody unless the MTA is told to pass it on
    if (m.sender === '' && m.mta === 'postfix' && m.events.some((e) => e.type === 'delivery' && e.what === 'bounced')) out.push(wrap(L.doubleBounce, '  '));
    return out.join('\n');
  }

  private session(s: TraceSessionBlock): string {
    const carried = s.carried ? [termSafe(`  ${this.L.alsoCarried(s.carried.join(', '))}`)] : [];
    return [`${this.L.connection} ${this.connection(s)}`, ...carried, ...s.events.map((e) => this.event(e))].join('\n');
  }

  render(): string {
    const { t, L } = this;
    const w = t.window;
    const scope = w.from || w.to ? `${w.from ? this.when(w.from) : '…'} .. ${w.to ? this.when(w.to) : '…'}` : L.everything;
    const out = [termSafe(`mxlens trace ${t.terms.join(' ')} (${scope})`), ''];
    if (t.messages.length + t.sessions.length + t.other.length === 0) {
      out.push(L.nothing, '');
      return out.join('\n');
    }
    if (t.left_out.messages > 0) out.push(L.olderMessages(t.left_out.messages), '');
    for (const m of t.messages) out.push(this.message(m), '');
    if (t.left_out.sessions > 0) out.push(L.olderConnections(t.left_out.sessions), '');
    for (const s of t.sessions) out.push(this.session(s), '');
    if (t.other.length > 0) {
      const more = t.left_out.other > 0 ? [`  ${L.olderRows(t.left_out.other)}`] : [];
      out.push(L.otherRows, ...more, ...t.other.map((e) => this.event(e)), '');
    }
    if (some(t, (e) => e.code_derived)) out.push(L.impliedCode);
    if (some(t, (e) => e.remedy !== null)) out.push(L.explainHint, '');
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
