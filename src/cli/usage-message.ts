// yargs's validation messages, as the one line an error gets on stderr.

const INVALID = /^Invalid values:\s*Argument: (\S+), Given: (.+?), Choices: (.+)$/s;
const UNKNOWN = /^Unknown arguments?: (.+)$/s;
const MISSING = /^Missing required arguments?: (.+)$/s;
const FEW = /^Not enough non-option arguments: got (\d+), need at least (\d+)$/;

/** `argv` tells a flag yargs names without its dashes from an extra positional argument. */
export function usageLine(msg: string | null | undefined, argv: string[]): string {
  const text = (msg ?? 'bad arguments').trim();
  const bad = INVALID.exec(text);
  if (bad) return `--${bad[1]} ${bad[2]!.trim()} is not one of ${bad[3]!.replace(/\s+/g, ' ').trim()}`;
  const unknown = UNKNOWN.exec(text);
  if (unknown) {
    const items = unknown[1]!.split(', ').map((a) => a.trim());
    const dashed = (a: string) => argv.find((x) => x === `--${a}` || x.startsWith(`--${a}=`) || x === `--no-${a}`) ?? (a.length === 1 && argv.some((x) => /^-[^-]/.test(x) && x.includes(a)) ? `-${a}` : null);
    const flags = items.map(dashed).filter((f): f is string => f !== null).map((f) => f.split('=')[0]!);
    const extra = items.filter((a) => dashed(a) === null);
    const parts = [];
    if (flags.length > 0) parts.push(`unknown option${flags.length > 1 ? 's' : ''} ${flags.join(', ')}`);
    if (extra.length > 0) parts.push(`unexpected extra argument${extra.length > 1 ? 's' : ''} ${extra.map((a) => `'${a}'`).join(', ')}`);
    return parts.join('; ');
  }
  const missing = MISSING.exec(text);
  if (missing) return `${missing[1]!.split(', ').map((a) => `--${a.trim()}`).join(', ')} must be given`;
  const valueless = /^Not enough arguments following: (\S+)$/.exec(text);
  if (valueless) return `--${valueless[1]} needs a value`;
  const few = FEW.exec(text);
  if (few) {
    // an argument that starts with "--" is read as an option, as SQL that opens with a comment is
    const dashed = argv.find((a) => a.startsWith('-- ') || a.startsWith('--\n'));
    if (dashed !== undefined) return `missing argument: '${dashed.split('\n')[0]!.slice(0, 40)}…' was read as an option; put -- before an argument that starts with --`;
    return `missing argument: got ${few[1]}, need ${few[2]}`;
  }
  return text.replace(/\s*\n\s*/g, '; ');
}
