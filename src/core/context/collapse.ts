// Context collapse: a tool call whose information was superseded later in the conversation shrinks
// to a one-line note: a file read again later or changed since, a failed command that later ran
// successfully, a search whose files were then all read whole. Nothing the model still needs goes:
// the newer call holds it. The last step is never touched.
import type { Message } from '../llm/types';
import type { CallRecord } from './calls';
import { callsOf, describeCall, filePathOf, isWholeRead, succeeded } from './calls';
import type { Stub } from './micro';

function note(c: CallRecord, why: string): Stub {
  return { toolUseId: c.id, method: 'collapse', text: `[${describeCall(c)}: superseded (${why}); the later call has what is current.]` };
}

/** Absolute paths listed in a search result (Grep files mode, Glob): one per line. */
function listedPaths(content: string): string[] {
  return content.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('/') && !l.includes(':'));
}

export function collapseSuperseded(messages: readonly Message[], already: ReadonlyMap<string, string>): Stub[] {
  const calls = callsOf(messages);
  const lastStep = calls.length ? calls[calls.length - 1].step : -1;
  const out: Stub[] = [];
  calls.forEach((c, i) => {
    if (!c.result || already.has(c.id) || c.step === lastStep) return;
    const later = calls.slice(i + 1).filter((l) => l.result);
    const path = filePathOf(c);
    if (c.name === 'Read' && path) {
      const sameRange = (l: CallRecord) => l.name === 'Read' && filePathOf(l) === path && (isWholeRead(l) || (l.input.offset === c.input.offset && l.input.limit === c.input.limit));
      if (later.some((l) => sameRange(l) && succeeded(l))) return void out.push(note(c, 'read again later'));
      if (later.some((l) => l.name !== 'Read' && filePathOf(l) === path && succeeded(l))) return void out.push(note(c, 'the file was changed afterwards'));
    }
    if (c.name === 'Bash' && !succeeded(c)) {
      const command = c.input.command;
      if (typeof command === 'string' && later.some((l) => l.name === 'Bash' && l.input.command === command && succeeded(l))) {
        return void out.push(note(c, 'it failed here and succeeded when run again'));
      }
    }
    if ((c.name === 'Grep' || c.name === 'Glob') && succeeded(c)) {
      const listed = listedPaths(c.result.content);
      const readWhole = new Set(later.filter((l) => isWholeRead(l) && succeeded(l)).map(filePathOf));
      if (listed.length && listed.every((p) => readWhole.has(p))) out.push(note(c, `its ${listed.length} file${listed.length === 1 ? ' was' : 's were'} read whole afterwards`));
    }
  });
  return out;
}
