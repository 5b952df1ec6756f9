// Moves every stamp of a log to another time, printed in the local time of TZ: the same lines,
// logged at another moment (fixtures/dst/ are lab logs moved to the night the clocks go back).
//   TZ=Europe/Berlin node dist/scripts/restamp.js IN OUT FROM TO
// FROM is a stamp of IN as "YYYY-MM-DDTHH:MM:SS" (year-less stamps are read in FROM's year);
// TO is the instant it moves to (ISO with a zone). Every other stamp keeps its distance from FROM.
// Stamps: traditional syslog ("Nov 28 17:55:46") and Exim's own ("2026-11-28 18:12:52"), no zone.
import { readFileSync, writeFileSync } from 'node:fs';

const [inp, out, from, to] = process.argv.slice(2);
if (!inp || !out || !from || !to) {
  process.stderr.write('usage: restamp IN OUT FROM TO\n');
  process.exit(64);
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TRADITIONAL = /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d)/;
const EXIM = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/;
const two = (n: number): string => String(n).padStart(2, '0');
// stamps are compared as if they were UTC: only their distances matter
const anchor = Date.parse(`${from}Z`);
const year = Number(from.slice(0, 4));
const target = Date.parse(to);
const moved = (asUtc: number): Date => new Date(target + (asUtc - anchor));

const lines = readFileSync(inp, 'utf8').split('\n').map((line) => {
  let m = TRADITIONAL.exec(line);
  if (m) {
    const d = moved(Date.UTC(year, MONTHS.indexOf(m[1]!), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])));
    return `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}${line.slice(m[0].length)}`;
  }
  m = EXIM.exec(line);
  if (m) {
    const d = moved(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}${line.slice(m[0].length)}`;
  }
  return line;
});
writeFileSync(out, lines.join('\n'));
