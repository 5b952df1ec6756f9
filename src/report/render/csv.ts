import type { Report } from '../types.js';
import { totalFigures } from '../thresholds.js';

// CSV (RFC 4180): the report as one table per group, and the field rules `query --format csv` shares.

// Controls that CSV quoting does not make harmless: everything in C0 and C1 but tab and LF
// (which a quoted field carries), plus DEL and the bidi overrides. Log text is chosen by
// clients, and a CSV is often just printed: ESC, BEL, an OSC title-set or a lone CR (which sends
// the cursor back over what the line printed) must not reach a terminal.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

// A text field a spreadsheet would read as a formula (=HYPERLINK(...) in a remote server's reply,
// +, - or @ leading an unparsed shape): a quote before it makes it text, as spreadsheets do themselves.
const FORMULA = /^[=+\-@\t]/;

function csvSafe(s: string): string {
  // \uNNNN above one byte ("\x202e" would read as \x20 and "2e"), as the terminal text writes them
  return s.replace(CONTROL, (c) => {
    const n = c.charCodeAt(0);
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/**
 * One field. NULL is an empty field and the empty string a quoted empty field (`""`), as
 * PostgreSQL's CSV COPY writes them, so the two stay apart.
 */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = csvSafe(typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? `x'${v.toString('hex')}'` : String(v));
  if (typeof v === 'string' && FORMULA.test(s)) s = `'${s}`;
  return s === '' || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsvRows(columns: string[], rows: unknown[][]): string {
  return [columns.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\r\n') + '\r\n';
}

export function renderReportCsv(r: Report): string {
  const cols = ['section', 'code', 'code_derived', 'enhanced', 'reason', 'direction', 'stage', 'count', 'first', 'last', 'top_peers', 'top_recipient_domains', 'remedy_id', 'remedy_title', 'example',
    // added later: at the end, so that columns read by position keep their place
    'stages', 'enhanced_derived', 'groups'];
  const rows: unknown[][] = [];
  const add = (section: string, list: Report['rejections']) => {
    for (const g of list) {
      rows.push([section, g.code, g.code_derived ? 1 : 0, g.enhanced, g.reason, g.direction, g.stage, g.count, g.first, g.last,
        g.top_clients.map((c) => `${c.value} (${c.count})`).join('; '), g.top_recipient_domains.map((c) => `${c.value} (${c.count})`).join('; '),
        g.remedy.id, g.remedy.title, g.examples[0] ?? null,
        (g.stages ?? []).map((st) => `${st.value} (${st.count})`).join('; '), g.enhanced_derived ? 1 : 0, null]);
    }
  };
  add('rejection', r.rejections);
  for (const s of r.stalled) {
    rows.push(['stall', null, 0, null, s.kind, s.direction, 'DATA', s.count, s.first, s.last, s.top_peers.map((c) => `${c.value} (${c.count})`).join('; '), null, s.remedy.id, s.remedy.title, s.examples[0] ?? null, null, null, null]);
  }
  add('bounce', r.bounces);
  add('expiry', r.expired ?? []);
  add('deferral', r.deferrals);
  // no code: the reason says what failed; the direction says whose side
  for (const g of r.tls ?? []) {
    rows.push(['tls', null, 0, null, g.reason, g.direction, null, g.count, g.first, g.last, g.top_peers.map((c) => `${c.value} (${c.count})`).join('; '), null, g.remedy.id, g.remedy.title, g.examples[0] ?? null, null, null, null]);
  }
  // one row per incomplete message listed (the report lists the oldest few; the total is in the report's totals)
  for (const m of r.incomplete?.examples ?? []) {
    rows.push(['incomplete', null, 0, null, m.queue_id, null, null, 1, m.first, m.last, m.host, null, null, null, [m.sender === null ? null : `from <${m.sender}>`, m.frozen ? 'frozen' : null].filter(Boolean).join('; ') || null, null, null, null]);
  }
  for (const u of r.unparsed) rows.push(['unparsed', null, 0, null, u.shape, null, null, u.count, null, null, u.program, null, null, null, u.example, null, null, null]);
  // added later, after the sections above so that rows read by position keep their place: warnings,
  // errors, fatal and panic lines by shape (section problem.SEVERITY, the program where unparsed has it)
  for (const p of r.problems) rows.push([`problem.${p.severity}`, null, 0, null, p.shape, null, null, p.count, p.first ?? null, p.last ?? null, p.program, null, null, null, p.example, null, null, null]);
  // what --top left out of each section: `reason` names the section, `count` the lines, `groups` the groups
  const lo = r.left_out;
  const inc = r.incomplete;
  const leftOut: Array<[string, { groups: number; lines: number } | undefined]> = [
    ['rejection.5xx', lo?.rejections['5xx']], ['rejection.4xx', lo?.rejections['4xx']], ['stall', lo?.stalled], ['bounce', lo?.bounces], ['expiry', lo?.expired],
    ['deferral', lo?.deferrals], ['tls', lo?.tls], ['incomplete', inc ? { groups: inc.count - inc.examples.length, lines: inc.count - inc.examples.length } : undefined],
    ['unparsed', lo?.unparsed], ['problem', lo?.problems],
    // unparsed lines in the totals whose shapes were not kept (one group: their shapes are not known)
    ['unparsed.unshaped', lo?.unparsed.unshaped ? { groups: 1, lines: lo.unparsed.unshaped } : undefined],
  ];
  for (const [section, more] of leftOut) {
    if (more && more.groups > 0) rows.push(['left_out', null, 0, null, section, null, null, more.lines, null, null, null, null, null, null, null, null, null, more.groups]);
  }
  // Exim's "retry time not reached" deferrals: in the deferrals total, never in a group (no host was
  // tried); `count` holds the lines, `groups` the messages, so the deferral rows add up to the total
  const skipped = r.retry_skipped;
  if (skipped && skipped.lines > 0) rows.push(['retry_skipped', null, 0, null, 'deferral', null, null, skipped.lines, null, null, null, null, null, null, null, null, null, skipped.messages]);
  // the totals, one row each: `reason` names the figure as --fail-on does, `count` holds it
  for (const [name, value] of totalFigures(r.totals)) rows.push(['total', null, 0, null, name, null, null, value, null, null, null, null, null, null, null, null, null, null]);
  return renderCsvRows(cols, rows);
}
