// A one-line progress bar on stderr for long runs at a terminal. Silent under cron
// (stderr not a TTY), with --quiet or --no-progress. Redraws at most every 100 ms.

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  stream: ProgressStream;
  env: NodeJS.ProcessEnv;
  now: () => number;
  quiet?: boolean;
  /** false for --no-progress */
  progress?: boolean;
  /** total bytes when every input's size is known */
  totalBytes?: number | null;
  minIntervalMs?: number;
}

export interface Progress {
  update(bytes: number, lines: number): void;
  /** more bytes to come; null when a size cannot be known (gzip, stdin): no ETA then */
  expect(bytes: number | null): void;
  /** clears the line (call on success and on failure) */
  done(): void;
}

const NOOP: Progress = { update() {}, expect() {}, done() {} };

export function progressEnabled(o: Pick<ProgressOptions, 'stream' | 'quiet' | 'progress' | 'env'>): boolean {
  return o.stream.isTTY === true && !o.quiet && o.progress !== false && o.env.TERM !== 'dumb';
}

export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '--';
  s = Math.round(s);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}:${String(sec).padStart(2, '0')}`;
}

/** Pure: the text of one frame. */
export function frame(o: {
  bytes: number; lines: number; elapsedMs: number; totalBytes: number | null; width: number; color: boolean;
}): string {
  const secs = Math.max(o.elapsedMs / 1000, 0.001);
  const rate = Math.round(o.lines / secs);
  const stats = `${humanBytes(o.bytes)}  ${rate.toLocaleString('en-US')} lines/s`;
  if (!o.totalBytes || o.totalBytes <= 0) return `mxlens: ${stats}`.slice(0, o.width);
  const ratio = Math.min(1, o.bytes / o.totalBytes);
  const eta = ratio > 0 ? (secs / ratio) * (1 - ratio) : Infinity;
  const tail = ` ${Math.floor(ratio * 100)}%  ${stats} / ${humanBytes(o.totalBytes)}  ETA ${duration(eta)}`;
  const barWidth = Math.max(10, Math.min(40, o.width - tail.length - 3));
  const fill = Math.round(ratio * barWidth);
  const bar = o.color
    ? `\x1b[32m${'█'.repeat(fill)}\x1b[2m${'░'.repeat(barWidth - fill)}\x1b[0m`
    : `${'#'.repeat(fill)}${'-'.repeat(barWidth - fill)}`;
  return `[${bar}]${tail}`;
}

export function createProgress(o: ProgressOptions): Progress {
  if (!progressEnabled(o)) return NOOP;
  const start = o.now();
  const interval = o.minIntervalMs ?? 100;
  // https://no-color.org: any non-empty value turns colour off
  const color = !o.env.NO_COLOR;
  let last = -Infinity;
  let drawn = false;
  let total: number | null = o.totalBytes ?? 0;
  let unknown = o.totalBytes === null;
  return {
    expect(bytes) {
      if (bytes === null) unknown = true;
      else total = (total ?? 0) + bytes;
    },
    update(bytes, lines) {
      const t = o.now();
      if (t - last < interval) return;
      last = t;
      const width = Math.max(20, (o.stream.columns ?? 80) - 1);
      o.stream.write(`\r\x1b[2K${frame({ bytes, lines, elapsedMs: t - start, totalBytes: unknown || !total ? null : total, width, color })}`);
      drawn = true;
    },
    done() {
      if (drawn) o.stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
