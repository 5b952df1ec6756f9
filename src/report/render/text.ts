import type { IncompleteMessage, LeftOut, Ranked, RemedyView, Report, ReplyGroup, StallGroup } from '../types.js';
import { isTemporary, leftOutNote } from './left-out.js';
import { termSafe } from './escape.js';

// The terminal report: what happened, then each group with what to do about it.

const WIDTH = 100;

function wrap(text: string, indent: string, width = WIDTH): string {
  const words = termSafe(text).split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.length + w.length + 1 > width && line.trim().length > 0) {
      out.push(line.trimEnd());
      line = indent;
    }
    line += (line.trim().length > 0 ? ' ' : '') + w;
  }
  if (line.trim().length > 0) out.push(line.trimEnd());
  return out.join('\n');
}

const short = (iso: string | null): string => (iso === null ? '?' : iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z'));

function ranked(label: string, list: Ranked[]): string | null {
  if (list.length === 0) return null;
  return wrap(`${label}: ${list.map((r) => `${r.value} (${r.count})`).join(', ')}`, '      ');
}

function remedyBlock(r: RemedyView): string {
  const head = `    What to do: ${termSafe(r.title)}  [${termSafe(r.id)}${r.fallback ? ', English: no translation yet' : ''}]`;
  return [head, wrap(`Meaning: ${r.meaning}`, '      '), wrap(`When: ${r.when}`, '      '), wrap(`Fix: ${r.fix}`, '      ')].join('\n');
}

function codeLabel(g: ReplyGroup): string {
  const code = g.code === null ? '---' : `${g.code}${g.code_derived ? '*' : ''}`;
  return `${code} ${g.enhanced ?? ''}`.trimEnd();
}

function replyGroup(g: ReplyGroup, i: number, peerLabel: string): string {
  const several = (g.stages?.length ?? 0) > 1;
  const stage = several ? ` at ${g.stages!.map((st) => `${termSafe(st.value)} (${st.count})`).join(', ')}` : g.stage ? ` at ${g.stage}` : '';
  const lines = [
    `  ${i + 1}. ${codeLabel(g)}  x${g.count}  ${g.direction}${stage}  ${short(g.first)} .. ${short(g.last)}`,
    wrap(g.reason || '(no text)', '      '),
    ranked(peerLabel, g.top_clients),
    ranked('recipient domains', g.top_recipient_domains),
    ...g.examples.map((e) => `      e.g. ${termSafe(e)}`),
    remedyBlock(g.remedy),
  ];
  return lines.filter((l): l is string => l !== null).join('\n');
}

function stallGroup(s: StallGroup, i: number): string {
  const lines = [
    `  ${i + 1}. ${termSafe(s.kind)}  x${s.count}  ${s.direction}  ${short(s.first)} .. ${short(s.last)}`,
    ranked(s.direction === 'inbound' ? 'clients' : 'remote servers', s.top_peers),
    ...s.examples.map((e) => `      e.g. ${termSafe(e)}`),
    remedyBlock(s.remedy),
  ];
  return lines.filter((l): l is string => l !== null).join('\n');
}

function incompleteLines(r: Report): string[] {
  const inc = r.incomplete;
  if (!inc || inc.count === 0) return [];
  const one = (m: IncompleteMessage) => `  ${m.host ? `${termSafe(m.host)} ` : ''}${termSafe(m.queue_id)}  ${short(m.first)} .. ${short(m.last)}  from <${termSafe(m.sender ?? '')}>`;
  const more = inc.count - inc.examples.length;
  return [[`  ${inc.count} message${inc.count === 1 ? '' : 's'}, oldest first:`, ...inc.examples.map(one), ...(more > 0 ? [`  ... and ${more} more`] : [])].join('\n')];
}

function section(title: string, body: string[], empty: string, more?: LeftOut, tail: string[] = [], sep = '\n\n'): string {
  const note = leftOutNote(body.length, more);
  const all = [body.length === 0 ? `  ${empty}` : body.join(sep), ...(note ? [`  ${note}`] : []), ...tail];
  return `${title}\n${all.join(sep)}`;
}

function retrySkipped(r: Report): string[] {
  const s = r.retry_skipped;
  if (!s || s.lines === 0) return [];
  return [wrap(`+ ${s.lines} skipped retr${s.lines === 1 ? 'y' : 'ies'} on ${s.messages} message${s.messages === 1 ? '' : 's'}: "retry time not reached", no host was tried (counted in the totals, not listed above)`, '  ')];
}

export function renderText(r: Report): string {
  const t = r.totals;
  const window = r.window.from || r.window.to ? `${short(r.window.from ?? null)} .. ${short(r.window.to ?? null)}` : 'everything in the database';
  const out = [
    `mxlens report (${window})`,
    '',
    'TOTALS',
    `  lines ${t.lines}: parsed ${t.parsed}, unparsed ${t.unparsed}, other programs ${t.foreign}`,
    `  sessions ${t.sessions}, messages ${t.messages}, received ${t.received}, incomplete ${t.incomplete ?? 0}`,
    `  delivered ${t.delivered}, deferred ${t.deferred} (${t.deferrals} deferrals), bounced ${t.bounced}, expired ${t.expired}`,
    `  rejected ${t.rejected.total} (5xx ${t.rejected['5xx']}, 4xx ${t.rejected['4xx']}), stalled 354 sessions ${t.stalled_354}`,
    '',
    section('REJECTIONS, PERMANENT (5xx: our server refused for good; * = code implied by the log line)',
      r.rejections.filter((g) => !isTemporary(g)).map((g, i) => replyGroup(g, i, 'clients')), 'none', r.left_out?.rejections['5xx']),
    '',
    section('REJECTIONS, TEMPORARY (4xx: our server asked the client to try again later)',
      r.rejections.filter(isTemporary).map((g, i) => replyGroup(g, i, 'clients')), 'none', r.left_out?.rejections['4xx']),
    '',
    section('STALLED 354 SESSIONS (DATA accepted, message never completed)', r.stalled.map(stallGroup), 'none'),
    '',
    section('BOUNCES (delivery failed for good)', r.bounces.map((g, i) => replyGroup(g, i, 'remote servers')), 'none', r.left_out?.bounces),
    '',
    section('DEFERRALS (delivery will be retried)', r.deferrals.map((g, i) => replyGroup(g, i, 'remote servers')), 'none', r.left_out?.deferrals, retrySkipped(r)),
    '',
    section('INCOMPLETE MESSAGES (no Completed/removed line in the window; mail still queued for retry counts too)', incompleteLines(r), 'none'),
    '',
    section(
      'PROBLEMS (warning, fatal, panic)',
      r.problems.map((p) => `  ${p.count} x ${termSafe(p.severity)} ${termSafe(p.program)}: ${termSafe(p.shape)}`),
      'none',
      r.left_out?.problems,
    ),
    '',
    section(
      'UNPARSED LINES (not understood yet; kept by shape)',
      r.unparsed.map((u) => `  ${u.count} x ${termSafe(u.program)}: ${termSafe(u.shape)}\n      e.g. ${termSafe(u.example)}`),
      'none',
      r.left_out?.unparsed,
    ),
    '',
  ];
  return out.join('\n');
}
