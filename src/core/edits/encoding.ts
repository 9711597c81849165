// The byte encodings of files the agent reads and edits. Models see text; files are bytes. A file
// is decoded once into a string that stands for its exact bytes, and written back in the same
// encoding, so every byte outside the edited text stays as it was. Detected: UTF-8 (with or
// without BOM), UTF-16 LE/BE with a BOM, and anything else as Windows-1252, whose decoder maps all
// 256 byte values to distinct characters (Latin-1 files included), so nothing turns into U+FFFD.

export type FileEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'windows1252';

export interface DecodedFile {
  /** The whole file; a BOM is kept as U+FEFF at the start, so encoding the text gives the same bytes. */
  text: string;
  encoding: FileEncoding;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const strictUtf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
const strictUtf16be = new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true });
/**
 * Windows-1252's characters for bytes 0x80-0x9F (WHATWG's index; the five bytes it leaves undefined
 * map to the C1 control of the same number). Every other byte is the code point of the same number.
 * Spelled out because Node's own windows-1252 decoder reads these bytes as Latin-1 in some versions.
 */
const C1_CHARS = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const CP1252_CHARS = Uint16Array.from({ length: 256 }, (_, b) => (b >= 0x80 && b < 0xa0 ? C1_CHARS[b - 0x80] : b));
/** Character -> byte. */
const CP1252_BYTES = new Map<number, number>(Array.from(CP1252_CHARS, (ch, b) => [ch, b]));

function decodeCp1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const slice = bytes.subarray(i, i + CHUNK);
    parts.push(String.fromCharCode(...Array.from(slice, (b) => CP1252_CHARS[b])));
  }
  return parts.join('');
}

export const ENCODING_NAMES: Record<FileEncoding, string> = {
  utf8: 'UTF-8',
  utf16le: 'UTF-16 LE',
  utf16be: 'UTF-16 BE',
  windows1252: 'Windows-1252 (Latin-1)',
};

export function decodeFile(bytes: Uint8Array): DecodedFile {
  const attempt = (decoder: { decode(b: Uint8Array): string }, encoding: FileEncoding): DecodedFile | undefined => {
    try {
      return { text: decoder.decode(bytes), encoding };
    } catch {
      return undefined;
    }
  };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const r = attempt(strictUtf16le, 'utf16le');
    if (r) return r;
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const r = attempt(strictUtf16be, 'utf16be');
    if (r) return r;
  }
  return attempt(strictUtf8, 'utf8') ?? { text: decodeCp1252(bytes), encoding: 'windows1252' };
}

/** The first character of `text` the encoding cannot represent, if any. */
export function unencodable(text: string, encoding: FileEncoding): string | undefined {
  if (encoding === 'windows1252') {
    for (const ch of text) if (ch.length > 1 || !CP1252_BYTES.has(ch.charCodeAt(0))) return ch;
    return undefined;
  }
  // A lone surrogate has no UTF-8 or UTF-16 form (an encoder would write U+FFFD).
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
  return lone?.[0];
}

/** The bytes of `text` in `encoding`; throws when a character has no form in it (check with unencodable first). */
export function encodeText(text: string, encoding: FileEncoding = 'utf8'): Uint8Array {
  const bad = unencodable(text, encoding);
  if (bad !== undefined) throw new Error(unencodableMessage(bad, encoding));
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf16le':
      return Buffer.from(text, 'utf16le');
    case 'utf16be':
      return Buffer.from(text, 'utf16le').swap16();
    case 'windows1252': {
      const out = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) out[i] = CP1252_BYTES.get(text.charCodeAt(i))!;
      return out;
    }
  }
}

export function unencodableMessage(ch: string, encoding: FileEncoding): string {
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return `the file is encoded as ${ENCODING_NAMES[encoding]}, which has no character for "${ch}" (${code})`;
}
