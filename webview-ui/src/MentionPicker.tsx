// The @-mention picker: typing @ in the input opens it; arrows move, Enter or Tab picks, Esc closes,
// the mouse works too. The host answers each (debounced) query with its best 50 matches; while the
// next answer is on its way the last ones are re-ranked here with the same scorer, so typing feels
// instant. Picking writes a token (@src/a.ts, @selection(src/a.ts:3-7)) into the text.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { fuzzyRank } from '../../src/protocol/fuzzy';
import { insertMention, mentionAtCaret } from '../../src/protocol/input';
import type { MentionItem } from '../../src/protocol/input';
import { postToHost } from './vscodeApi';
import { t } from './l10n';

const DEBOUNCE_MS = 80;

// Plain characters every UI font has (the webview loads no icon font).
const ICONS: Record<MentionItem['kind'], string> = { file: '·', folder: '+', selection: '¶', problems: '⚠', terminal: '▶', git: '±', 'mcp-resource': '◆' };

/** The text the picker matches an item by: the path for files and folders, server:uri and name for MCP resources (as the host ranks them), the name for the rest. */
const matchText = (i: MentionItem) =>
  i.kind === 'file' || i.kind === 'folder' ? i.token.replace(/^"|"$/g, '') : i.kind === 'mcp-resource' ? `${i.token} ${i.label}` : i.label;

export interface MentionPickerState {
  open: boolean;
  /** Call after the text or the caret changed. */
  update(): void;
  /** Returns true when the picker handled the key (the composer must not act on it). */
  onKeyDown(e: React.KeyboardEvent): boolean;
  menu: React.ReactNode;
}

export function useMentionPicker(input: RefObject<HTMLTextAreaElement | null>, setText: (text: string) => void): MentionPickerState {
  const [at, setAt] = useState<{ start: number; query: string } | undefined>();
  const [results, setResults] = useState<{ query: string; items: MentionItem[] } | undefined>();
  const [active, setActive] = useState(0);
  /** The @ the user closed the picker for with Esc: it stays closed until another @-word. */
  const dismissed = useRef<number | undefined>(undefined);
  const current = useRef<string | undefined>(undefined);

  const update = useCallback(() => {
    const el = input.current;
    if (!el) return;
    const found = el.selectionStart === el.selectionEnd ? mentionAtCaret(el.value, el.selectionStart ?? el.value.length) : undefined;
    if (!found || found.start !== dismissed.current) dismissed.current = undefined;
    const next = found && dismissed.current === undefined ? found : undefined;
    setAt((prev) => (prev?.start === next?.start && prev?.query === next?.query ? prev : next));
  }, [input]);

  // Ask the host (debounced); answers for an older query are kept only until a newer one arrives.
  const query = at?.query;
  useEffect(() => {
    current.current = query;
    if (query === undefined) return;
    const timer = setTimeout(() => postToHost({ type: 'mentionQuery', query }), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      const m = e.data as { type?: unknown; query?: unknown; items?: unknown };
      if (m?.type !== 'mentionResults' || typeof m.query !== 'string' || !Array.isArray(m.items)) return;
      if (current.current === undefined) return;
      setResults({ query: m.query, items: m.items as MentionItem[] });
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  const items = !at || !results ? [] : results.query === at.query ? results.items : fuzzyRank(at.query, results.items, matchText).map((r) => r.item);
  useEffect(() => setActive(0), [query]);
  const open = at !== undefined;

  const pick = (item: MentionItem) => {
    const el = input.current;
    if (!el || !at) return;
    const { text, caret } = insertMention(el.value, at.start, el.selectionStart ?? el.value.length, item.token);
    setText(text);
    setAt(undefined);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(caret, caret);
    });
  };

  const onKeyDown = (e: React.KeyboardEvent): boolean => {
    if (!open) return false;
    if (e.key === 'Escape') {
      dismissed.current = at.start;
      setAt(undefined);
      e.preventDefault();
      return true;
    }
    if (items.length === 0) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (a + step + items.length) % items.length);
      e.preventDefault();
      return true;
    }
    if ((e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) || (e.key === 'Tab' && !e.shiftKey)) {
      pick(items[Math.min(active, items.length - 1)]);
      e.preventDefault();
      return true;
    }
    return false;
  };

  const menu = open ? (
    <MentionPicker items={items} active={Math.min(active, Math.max(0, items.length - 1))} loading={!results} onPick={pick} onHover={setActive} />
  ) : null;
  return { open, update, onKeyDown, menu };
}

function MentionPicker({ items, active, loading, onPick, onHover }: { items: MentionItem[]; active: number; loading: boolean; onPick: (i: MentionItem) => void; onHover: (n: number) => void }) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return (
    <div className="input-menu mention-picker" data-testid="mention-picker">
      {items.length === 0 ? (
        <div className="input-menu-empty">{loading ? t('Searching…') : t('No matching files')}</div>
      ) : (
        <ul ref={list} role="listbox" aria-label={t('Mention')}>
          {items.map((item, i) => (
            <li
              key={`${item.kind}:${item.token}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              data-testid="mention-item"
              data-kind={item.kind}
              data-token={item.token}
              // mousedown, not click: the textarea must keep the focus (and the caret).
              onMouseDown={(e) => {
                e.preventDefault();
                onPick(item);
              }}
              onMouseEnter={() => onHover(i)}
            >
              <span className="input-menu-icon" aria-hidden="true">
                {ICONS[item.kind]}
              </span>
              <span className="input-menu-label">{item.label}</span>
              {item.detail && <span className="input-menu-detail">{item.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
