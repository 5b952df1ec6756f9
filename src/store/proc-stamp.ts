import { readFileSync } from 'node:fs';

// Linux only, from /proc: who a pid belongs to now. A pid is reused once its process has died (after
// an OOM kill, after a reboot), so a pid alone cannot tell a live lock from a stale one. The start
// of a process in clock ticks since boot, with the id of that boot, names one process for good.
// Without /proc every function here returns null and callers fall back to the pid alone.

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Start of a process in clock ticks since boot (field 22 of /proc/PID/stat). */
export function startTicks(pid: number): number | null {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // field 2 is the command name in parentheses and may hold spaces and ')': count from the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[22 - 3]);
  return Number.isSafeInteger(ticks) ? ticks : null;
}

/** Changes at every boot. */
export function bootId(): string | null {
  return read('/proc/sys/kernel/random/boot_id')?.trim() || null;
}

/** The boot time (`btime` of /proc/stat), ms since the epoch, on today's clock. */
export function bootTimeMs(): number | null {
  const m = /^btime (\d+)$/m.exec(read('/proc/stat') ?? '');
  return m ? Number(m[1]) * 1000 : null;
}

/** The arguments of a running process, or null when they cannot be read. */
export function commandLine(pid: number): string[] | null {
  const text = read(`/proc/${pid}/cmdline`);
  return text === null ? null : text.split('\0').filter((a) => a !== '');
}

// USER_HZ, the unit of /proc/PID/stat times: 100 on every mainstream Linux architecture
// (`getconf CLK_TCK`); startMs checks it against this process's own start before relying on it
export const TICKS_PER_SECOND = 100;

/** Start of a process on today's wall clock, or null when /proc cannot say or this machine's clock disagrees. */
export function startMs(pid: number): number | null {
  const boot = bootTimeMs();
  const ticks = startTicks(pid);
  const own = startTicks(process.pid);
  if (boot === null || ticks === null || own === null) return null;
  // our own start computed the same way must match what node knows: otherwise the tick rate
  // differs or the clock was stepped since boot, and a comparison with a stored time means nothing
  const mine = boot + (own * 1000) / TICKS_PER_SECOND;
  if (Math.abs(mine - (Date.now() - process.uptime() * 1000)) > 2000) return null;
  return boot + (ticks * 1000) / TICKS_PER_SECOND;
}
