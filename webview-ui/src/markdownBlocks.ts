// Splits a long Markdown reply into top-level blocks so that, while it streams, each finished block
// is parsed and rendered once and only the last one is redone per frame. A split is made only where
// it cannot change the result: at a blank line outside fenced code, followed by a line that starts
// at the margin (so a list item's indented continuation, or indented code, stays with its block).

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const BLANK = /^[ \t]*$/;

export function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let start = 0;
  let fence: string | undefined;
  let prevBlank = false;
  for (let pos = 0; pos < text.length; ) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end);
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      // Closed by the same character, at least as long, with nothing after it.
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      prevBlank = false;
    } else {
      if (prevBlank && line !== '' && !/^[ \t]/.test(line) && pos > start) {
        blocks.push(text.slice(start, pos));
        start = pos;
      }
      if (marker) fence = marker;
      prevBlank = !fence && BLANK.test(line);
    }
    if (nl === -1) break;
    pos = nl + 1;
  }
  if (start < text.length) blocks.push(text.slice(start));
  return blocks;
}
