// Character tests for the hand-written readers that stand in for regular expressions on every line.

/** JavaScript's \s: what (\S+) and [^\s] exclude */
export function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export const isDigit = (c: number): boolean => c >= 48 && c <= 57;
