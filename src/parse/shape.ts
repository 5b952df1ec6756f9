// Masking for grouping. Minimal first version; the full one comes with the Postfix table work.

export function normaliseReason(text: string): string {
  return text
    .replace(/<[^>]*>/g, '<*>')
    .replace(/\[[0-9a-fA-F:.]+\]/g, '[*]')
    .replace(/\b\d+(?:\.\d+)*\b/g, 'N')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

export function maskShape(message: string): string {
  return normaliseReason(message.replace(/^[0-9A-F]{6,12}: /, 'QID: '));
}
