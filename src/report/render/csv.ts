import type { Report } from '../types.js';
import { renderCsv } from './table.js';

// One row per group, every section in one table, for spreadsheets.

export function renderReportCsv(r: Report): string {
  const cols = ['section', 'code', 'code_derived', 'enhanced', 'reason', 'direction', 'stage', 'count', 'first', 'last', 'top_peers', 'top_recipient_domains', 'remedy_id', 'remedy_title', 'example'];
  const rows: unknown[][] = [];
  const add = (section: string, list: Report['rejections']) => {
    for (const g of list) {
      rows.push([section, g.code, g.code_derived ? 1 : 0, g.enhanced, g.reason, g.direction, g.stage, g.count, g.first, g.last,
        g.top_clients.map((c) => `${c.value} (${c.count})`).join('; '), g.top_recipient_domains.map((c) => `${c.value} (${c.count})`).join('; '),
        g.remedy.id, g.remedy.title, g.examples[0] ?? null]);
    }
  };
  add('rejection', r.rejections);
  for (const s of r.stalled) {
    rows.push(['stall', null, 0, null, s.kind, s.direction, 'DATA', s.count, s.first, s.last, s.top_peers.map((c) => `${c.value} (${c.count})`).join('; '), null, s.remedy.id, s.remedy.title, s.examples[0] ?? null]);
  }
  add('bounce', r.bounces);
  add('deferral', r.deferrals);
  // one row per incomplete message listed (the report lists the oldest few; the total is in the report's totals)
  for (const m of r.incomplete?.examples ?? []) {
    rows.push(['incomplete', null, 0, null, m.queue_id, null, null, 1, m.first, m.last, m.host, null, null, null, m.sender === null ? null : `from <${m.sender}>`]);
  }
  for (const u of r.unparsed) rows.push(['unparsed', null, 0, null, u.shape, null, null, u.count, null, null, u.program, null, null, null, u.example]);
  return renderCsv(cols, rows);
}
