// The per-file size cap of instruction files, cut on a character boundary.

export const DEFAULT_MAX_BYTES_PER_FILE = 20_000;

/** Cuts at `max` bytes without splitting a character, and says how much was kept. */
export function truncateUtf8(bytes: Buffer, max: number): { text: string; truncated: boolean } {
  if (bytes.length <= max) return { text: bytes.toString('utf8'), truncated: false };
  let end = Math.max(0, max);
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  const kept = bytes.subarray(0, end).toString('utf8');
  return { text: `${kept}\n\n[truncated: ${end} of ${bytes.length} bytes shown]`, truncated: true };
}
