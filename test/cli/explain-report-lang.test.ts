import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fixture, tempDir } from '../helpers.js';
import { runCli } from './memory-io.js';

// The report carries the catalogue's remedy for every group, in the language asked for.
describe('report remedies and --lang', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  const db = join(t.dir, 'm.db');

  test('every rejection group of the lab log has a specific remedy, in Vietnamese on request', async () => {
    expect((await runCli(['analyse', '--db', db, '--quiet', '--year', '2026', fixture('lab/postfix-maillog_file.log')])).code).toBe(0);
    const en = JSON.parse((await runCli(['report', '--db', db, '--format', 'json', '--top', '50'])).out);
    expect(en.rejections.length).toBeGreaterThan(5);
    for (const g of en.rejections) expect(g.remedy.id, g.reason).not.toMatch(/^class\./);
    const vi = JSON.parse((await runCli(['report', '--db', db, '--format', 'json', '--top', '50'], { LANG: 'vi_VN.UTF-8' })).out);
    expect(vi.rejections.map((g: { remedy: { id: string } }) => g.remedy.id)).toEqual(en.rejections.map((g: { remedy: { id: string } }) => g.remedy.id));
    for (const g of vi.rejections) expect(g.remedy).toMatchObject({ lang: 'vi' });
    const relay = en.rejections.find((g: { remedy: { id: string } }) => g.remedy.id === 'text.relay-denied');
    expect(relay.remedy.fix).toMatch(/Your server refused to relay/);
  });
});
