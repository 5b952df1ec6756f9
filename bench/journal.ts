import { closeSync, openSync, readSync, writeSync } from 'node:fs';

// The synthetic syslog log as `journalctl -o json` would export the same entries: one JSON object
// a line with the fields journald stores for a syslog message (cursor, realtime and monotonic
// stamps, identifier, pid, unit, host and the rest), so that reading journald JSON can be timed on
// the same traffic. The year and the microseconds are made up; cursors count up in one journal.

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const LINE = /^(\w{3}) +(\d+) (\d\d):(\d\d):(\d\d) (\S+) ([^[:]+)(?:\[(\d+)\])?: (.*)$/;
const SEQNUM_ID = '5c3f9e0a7d214b6c8e1f2a3b4c5d6e7f';
const BOOT_ID = '0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a';
const MACHINE_ID = '7f6e5d4c3b2a19080f1e2d3c4b5a6978';

function entry(line: string, i: number): string | null {
  const m = LINE.exec(line);
  if (m === null) return null;
  const [, mon, day, hh, mm, ss, host, ident, pid, message] = m as unknown as string[];
  const us = (Date.UTC(2026, MONTHS[mon!] ?? 0, Number(day), Number(hh), Number(mm), Number(ss)) * 1000 + (i % 1000)).toString();
  const comm = ident!.slice(ident!.lastIndexOf('/') + 1);
  const e: Record<string, string> = {
    __CURSOR: `s=${SEQNUM_ID};i=${i.toString(16)};b=${BOOT_ID};m=${(i * 1000).toString(16)};t=${BigInt(us).toString(16)};x=${(i * 7919).toString(16)}`,
    __REALTIME_TIMESTAMP: us, __MONOTONIC_TIMESTAMP: String(i * 1000), _BOOT_ID: BOOT_ID, _TRANSPORT: 'syslog', PRIORITY: '6', SYSLOG_FACILITY: '2',
    SYSLOG_IDENTIFIER: ident!,
  };
  if (pid !== undefined) {
    e.SYSLOG_PID = pid;
    e._PID = pid;
  }
  Object.assign(e, {
    _UID: '0', _GID: '0', _COMM: comm, _EXE: `/usr/lib/postfix/sbin/${comm}`, _CMDLINE: `${comm} -n smtp -t inet -u`, _CAP_EFFECTIVE: '0',
    _SYSTEMD_CGROUP: '/system.slice/postfix@-.service', _SYSTEMD_UNIT: 'postfix@-.service', _SYSTEMD_SLICE: 'system.slice', _MACHINE_ID: MACHINE_ID,
    _HOSTNAME: host!, SYSLOG_TIMESTAMP: line.slice(0, 16), MESSAGE: message!, _SOURCE_REALTIME_TIMESTAMP: us,
  });
  return JSON.stringify(e);
}

/** Writes `out` from the syslog log `src`, one entry a line it can read (others are left out). */
export function toJournal(src: string, out: string): void {
  const fin = openSync(src, 'r');
  const fout = openSync(out, 'w');
  const buf = Buffer.alloc(8 << 20);
  let rest = '';
  let i = 0;
  try {
    for (let n = readSync(fin, buf); n > 0; n = readSync(fin, buf)) {
      const lines = (rest + buf.toString('latin1', 0, n)).split('\n');
      rest = lines.pop() ?? '';
      const json: string[] = [];
      for (const l of lines) {
        const e = entry(l, ++i);
        if (e !== null) json.push(e);
      }
      writeSync(fout, `${json.join('\n')}\n`);
    }
    const last = rest === '' ? null : entry(rest, ++i);
    if (last !== null) writeSync(fout, `${last}\n`);
  } finally {
    closeSync(fin);
    closeSync(fout);
  }
}
