import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyse } from '../../src/app/analyse.js';
import { cli, fixture, scalar, tempDir } from '../helpers.js';
import { parseFields } from '../../src/parse/exim/fields.js';

// The lab's Exim scenarios run again with log_selector = +all (fixtures/exim-all/, same seed, so
// the same clients, addresses and refusals): every line gets a pid, milliseconds, ports, our own
// address, delivery and queue times, and Exim adds lines of its own (+arguments). An administrator
// who turns them on must get the report the default fields give.
// The two runs are two real runs: how often a deferred message was retried depends on timing,
// so deferral counts are compared by group, not by number.

interface Group { code: number | null; enhanced: string | null; reason: string; direction: string; count: number; remedy: { id: string } }
interface Stall { kind: string; direction: string; count: number }
interface Report {
  totals: Record<string, unknown>;
  rejections: Group[];
  deferrals: Group[];
  bounces: Group[];
  stalled: Stall[];
  unparsed: unknown[];
}

const tmp = tempDir();
afterAll(() => tmp.cleanup());
// long after the fixtures were written: no file counts as still being written
const now = () => Date.parse('2027-01-01T00:00:00Z');

async function report(name: string, files: string[]): Promise<{ db: string; r: Report }> {
  const db = join(tmp.dir, `${name}.db`);
  await analyse({ db, inputs: files, now, year: 2026 });
  const out = cli(['report', '--db', db, '--format', 'json', '--top', '100']);
  expect(out.code, out.stderr).toBe(0);
  return { db, r: JSON.parse(out.stdout) as Report };
}

const key = (g: Group) => `${g.direction} ${g.code} ${g.enhanced} ${g.reason} -> ${g.remedy.id}`;
const keys = (gs: Group[]) => gs.map(key).sort();
const counted = (gs: Group[]) => gs.map((g) => `${key(g)} x${g.count}`).sort();

describe('Exim with log_selector = +all', () => {
  let plain: { db: string; r: Report };
  let all: { db: string; r: Report };
  beforeAll(async () => {
    plain = await report('plain', [fixture('lab/exim-mainlog.log'), fixture('lab/exim-rejectlog.log')]);
    all = await report('all', [fixture('exim-all/exim-mainlog.log'), fixture('exim-all/exim-rejectlog.log')]);
  });

  test('every line is read, the process-start lines of +arguments included', () => {
    expect(all.r.totals.unparsed).toBe(0);
    expect(all.r.unparsed).toEqual([]);
    expect(scalar(all.db, "SELECT count(*) FROM line_stats WHERE mta = 'exim'")).toBeGreaterThan(0);
  });

  test('the same totals as the default fields give', () => {
    for (const k of ['sessions', 'messages', 'received', 'delivered', 'bounced', 'rejected', 'incomplete']) {
      expect(all.r.totals[k], k).toEqual(plain.r.totals[k]);
    }
  });

  test('the same groups: neither DT= nor our own address (I=) ends up in a reason', () => {
    expect(counted(all.r.rejections)).toEqual(counted(plain.r.rejections));
    // how a message that kept failing was finally given up (retry timeout, or all hosts failing
    // for long) and how many attempts broke off after the 354 depend on when the queue runs came
    const untimed = (k: string) => !/retry|failing for a long time|-> stall\.outbound/.test(k);
    expect(counted(all.r.bounces).filter(untimed)).toEqual(counted(plain.r.bounces).filter(untimed));
    expect(keys(all.r.deferrals).filter(untimed)).toEqual(keys(plain.r.deferrals).filter(untimed));
    for (const g of [...all.r.deferrals, ...all.r.bounces]) expect(g.reason).not.toMatch(/ DT=| I=\[/);
    const stalls = (r: Report, direction: string) => r.stalled.filter((s) => s.direction === direction);
    const inbound = (r: Report) => stalls(r, 'inbound').map((s) => `${s.kind} x${s.count}`).sort();
    expect(inbound(all.r)).toEqual(inbound(plain.r));
    // the remote lab server broke off at the same points; which attempts reached it depends on timing
    expect(stalls(all.r, 'outbound').map((s) => s.kind)).toEqual(expect.arrayContaining(stalls(plain.r, 'outbound').map((s) => s.kind)));
  });

  test('one connection is one session although the daemon and the process it starts log it under two pids', () => {
    const per = (db: string) => scalar(db, "SELECT count(*) || '/' || sum(messages) || '/' || sum(rejects) || '/' || sum(end_reason = 'unterminated') FROM sessions");
    expect(per(all.db)).toBe(per(plain.db));
    // every message that came in over SMTP is tied to its connection
    expect(scalar(all.db, "SELECT count(*) FROM messages WHERE origin = 'smtp' AND session_id IS NULL")).toBe(0);
  });

  test('arrivals keep their size, Message-ID and recipients past the bare L- flag and the sender of +received_sender', () => {
    expect(scalar(all.db, 'SELECT count(*) FROM messages WHERE nrcpt IS NULL')).toBe(0);
    expect(scalar(all.db, "SELECT count(*) FROM messages WHERE origin = 'smtp' AND (size IS NULL OR message_id IS NULL)")).toBe(0);
    // the remote's confirmation after the bare L of an outbound delivery
    expect(scalar(all.db, "SELECT count(*) FROM deliveries WHERE status = 'sent' AND relay_ip IS NOT NULL AND code IS NULL")).toBe(0);
  });

  test('through syslog, with the pid in the tag, a connection is one session too', async () => {
    // the +all mainlog as Exim writes it with log_file_path = syslog: the pid moves into the tag
    const lines = readFileSync(fixture('exim-all/exim-mainlog.log'), 'utf8').trimEnd().split('\n');
    const syslog = lines.map((l) => {
      const m = /^2026-11-(\d\d) (\d\d:\d\d:\d\d)\.\d{3} \[(\d+)\] (.*)$/s.exec(l);
      if (!m) throw new Error(`not a +all line: ${l}`);
      return `Nov ${m[1]} ${m[2]} mx exim[${m[3]}]: ${m[4]}`;
    });
    const file = join(tmp.dir, 'syslog.log');
    writeFileSync(file, syslog.join('\n') + '\n');
    const db = join(tmp.dir, 'syslog.db');
    await analyse({ db, inputs: [file], now, year: 2026 });
    const ownLog = join(tmp.dir, 'main-only.db');
    await analyse({ db: ownLog, inputs: [fixture('exim-all/exim-mainlog.log')], now, year: 2026 });
    const per = (d: string) => scalar(d, "SELECT count(*) || '/' || sum(messages) || '/' || sum(rejects) || '/' || sum(stalled) FROM sessions");
    expect(per(db)).toBe(per(ownLog));
  });
});

describe('Exim with its default log_selector', () => {
  // the same scenarios again with no log_selector in the configuration (fixtures/exim-default/):
  // no connection lines, no subjects, no recipients on the arrival line
  test('the same refusals, messages and deliveries; the report says why it counts no sessions', async () => {
    const plain = await report('plain-again', [fixture('lab/exim-mainlog.log'), fixture('lab/exim-rejectlog.log')]);
    const dflt = await report('default', [fixture('exim-default/exim-mainlog.log'), fixture('exim-default/exim-rejectlog.log')]);
    expect(dflt.r.totals.unparsed).toBe(0);
    expect(counted(dflt.r.rejections)).toEqual(counted(plain.r.rejections));
    for (const k of ['messages', 'received', 'delivered', 'bounced', 'rejected']) expect(dflt.r.totals[k], k).toEqual(plain.r.totals[k]);
    const inbound = (r: Report) => r.stalled.filter((s) => s.direction === 'inbound').map((s) => `${s.kind} x${s.count}`).sort();
    expect(inbound(dflt.r)).toEqual(inbound(plain.r));
    expect(dflt.r.totals.sessions).toBe(0);
    expect(dflt.r.totals.sessions_unlogged).toBe(true);
    expect(plain.r.totals.sessions_unlogged).toBeUndefined();
    // a reject log alone never holds connection lines, whatever the log_selector: no advice to change it
    const rejectOnly = await report('reject-only', [fixture('lab/exim-rejectlog.log')]);
    expect(rejectOnly.r.totals.rejected.total).toBeGreaterThan(0);
    expect(rejectOnly.r.totals.sessions_unlogged).toBeUndefined();
    const text = cli(['report', '--db', dflt.db, '--top', '1']);
    expect(text.stdout.replace(/\s+/g, ' ')).toContain('add +smtp_connection to log_selector');
    // the markdown and HTML reports say it too, under the same totals
    const md = cli(['report', '--db', dflt.db, '--top', '1', '--format', 'md']).stdout;
    expect(md).toContain('add +smtp\\_connection to log\\_selector');
    const html = cli(['report', '--db', dflt.db, '--top', '1', '--format', 'html']).stdout;
    expect(html).toContain('<p>(Exim logged no connection lines, so its sessions are not counted: add +smtp_connection');
    expect(cli(['report', '--db', plain.db, '--top', '1', '--format', 'html']).stdout).not.toContain('Exim logged no connection lines');
  });
});

describe('Exim fields without a value', () => {
  test('K, L, L-, L*, DS, PRDR, TFO are read past; id*= is the Message-ID', () => {
    const f = parseFields('H=(a.example) [192.0.2.1]:4000 I=[198.51.100.1]:25 P=esmtps L- K PRDR DS TFO* S=468 id*=E1x@b.example T="hi" for c@d.example');
    expect(f.values.S).toBe('468');
    expect(f.values.id).toBe('E1x@b.example');
    expect(f.values.T).toBe('hi');
    expect(f.tail).toBe('for c@d.example');
    // a word that only starts like a flag ends the fields, as any other word does
    expect(parseFields('R=r T=t Lost connection').tail).toBe('Lost connection');
    expect(parseFields('R=r T=t L C="250 OK"').values.C).toBe('250 OK');
  });
});
