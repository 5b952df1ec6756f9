import { describe, expect, test } from 'vitest';
import { createProgress, frame, progressEnabled } from '../../src/cli/progress.js';

function tty(isTTY = true) {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 100, write: (s: string) => out.push(s) } };
}

describe('progress bar', () => {
  const enabled = [
    { name: 'a terminal', isTTY: true, quiet: false, progress: true, env: {}, want: true },
    { name: 'not a terminal (cron)', isTTY: false, quiet: false, progress: true, env: {}, want: false },
    { name: '--quiet', isTTY: true, quiet: true, progress: true, env: {}, want: false },
    { name: '--no-progress', isTTY: true, quiet: false, progress: false, env: {}, want: false },
    { name: 'TERM=dumb', isTTY: true, quiet: false, progress: true, env: { TERM: 'dumb' }, want: false },
  ];
  for (const c of enabled) {
    test(`enabled on ${c.name}: ${c.want}`, () => {
      expect(progressEnabled({ stream: { isTTY: c.isTTY, write: () => 0 }, quiet: c.quiet, progress: c.progress, env: c.env })).toBe(c.want);
    });
  }

  test('frame with a known size shows percent, rate and ETA', () => {
    const f = frame({ bytes: 512 * 1024, lines: 5000, elapsedMs: 2000, totalBytes: 1024 * 1024, width: 100, color: false });
    expect(f).toMatch(/^\[#+-+\] 50%  512\.0 KiB  2,500 lines\/s \/ 1\.0 MiB  ETA 0:02$/);
  });

  test('frame without a size shows bytes and rate only', () => {
    expect(frame({ bytes: 100, lines: 10, elapsedMs: 1000, totalBytes: null, width: 100, color: false })).toBe('mxlens: 100 B  10 lines/s');
  });

  test('NO_COLOR removes escape colours but keeps line control', () => {
    let t = 0;
    const a = tty();
    const p = createProgress({ stream: a.stream, env: { NO_COLOR: '1' }, now: () => t, totalBytes: 100 });
    t = 200;
    p.update(50, 5);
    expect(a.out.join('')).not.toMatch(/\x1b\[3\dm/);
    const b = tty();
    const q = createProgress({ stream: b.stream, env: {}, now: () => t, totalBytes: 100 });
    t = 400;
    q.update(50, 5);
    expect(b.out.join('')).toMatch(/\x1b\[32m/);
  });

  test('redraws are throttled and the line is cleared at the end', () => {
    let t = 0;
    const a = tty();
    const p = createProgress({ stream: a.stream, env: {}, now: () => t, totalBytes: null });
    for (let i = 0; i < 100; i++) {
      t += 5; // 100 updates over 500 ms
      p.update(i * 10, i);
    }
    expect(a.out.length).toBeGreaterThanOrEqual(4);
    expect(a.out.length).toBeLessThanOrEqual(6);
    p.done();
    expect(a.out.at(-1)).toBe('\r\x1b[2K');
  });

  test('expected sizes add up to an ETA; one unknown size (gzip, stdin) removes it', () => {
    let t = 0;
    const a = tty();
    const p = createProgress({ stream: a.stream, env: { NO_COLOR: '1' }, now: () => t });
    p.expect(600);
    p.expect(400);
    t = 1000;
    p.update(500, 10);
    expect(a.out.at(-1)).toMatch(/50% .* \/ 1000 B  ETA 0:01$/);
    p.expect(null);
    t = 2000;
    p.update(700, 20);
    expect(a.out.at(-1)).not.toMatch(/ETA/);
  });

  test('nothing is written when disabled', () => {
    const a = tty(false);
    const p = createProgress({ stream: a.stream, env: {}, now: () => 1e6, totalBytes: 10 });
    p.update(5, 5);
    p.done();
    expect(a.out).toEqual([]);
  });
});
