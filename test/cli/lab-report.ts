import { join } from 'node:path';
import { expect } from 'vitest';
import { cli, fixture, tempDir } from '../helpers.js';
import { runCli } from './memory-io.js';
import type { Trace, TraceMessage } from '../../src/report/trace-types.js';

// The report JSON of some lab logs, read through the built binary, as the lab report tests use it.

export interface Remedy { id: string }
export interface Group {
  code: number | null; code_derived: boolean; enhanced: string | null; reason: string; stage: string | null; direction: string; count: number;
  remedy: Remedy; top_clients: Array<{ value: string; count: number }>;
}
export interface Problem { severity: string; program: string; shape: string; count: number }
export interface Report {
  totals: Record<string, unknown> & { rejected: { total: number; '4xx': number; '5xx': number } };
  rejections: Group[];
  deferrals: Group[];
  bounces: Group[];
  problems: Problem[];
  unparsed: unknown[];
  incomplete: { count: number; frozen?: number; held?: number; examples: Array<{ queue_id: string; frozen?: boolean }> };
}

/** Analyses the fixture logs into a new database and returns its whole report (`--top 100`) and the database; `cleanup` removes it. */
export function labReport(logs: string[]): { report: Report; db: string; cleanup(): void } {
  const tmp = tempDir();
  const db = join(tmp.dir, 'lab.db');
  const a = cli(['analyse', '--db', db, ...logs.map(fixture)]);
  expect(a.code, a.stderr).toBe(0);
  const r = cli(['report', '--db', db, '--format', 'json', '--top', '100']);
  expect(r.code, r.stderr).toBe(0);
  return { report: JSON.parse(r.stdout) as Report, db, cleanup: tmp.cleanup };
}

/** `mxlens trace QUEUE-ID --format json` on a lab database: the one message of that id. */
export async function traceMessage(db: string, qid: string): Promise<TraceMessage> {
  const r = await runCli(['trace', '--db', db, '--format', 'json', qid]);
  expect(r.code, r.err).toBe(0);
  const m = (JSON.parse(r.out) as Trace).messages.filter((x) => x.queue_id === qid);
  expect(m).toHaveLength(1);
  return m[0]!;
}

/** A trace event's recipient as 'address (to original)' when an alias, .forward or REDIRECT made it. */
export const recipientOf = (e: TraceMessage['events'][number]): string => `${e.recipient ?? ''}${e.orig_recipient ? ` (to ${e.orig_recipient})` : ''}`;

export const findGroups = (groups: Group[], code: number | null, reason: RegExp): Group[] => groups.filter((g) => g.code === code && reason.test(g.reason));
