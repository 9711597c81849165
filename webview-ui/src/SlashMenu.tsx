// The slash-command menu: "/" at the start of the input opens it. Arrows move, Enter runs the
// highlighted command, Tab completes its name (to add arguments, as in "/model gpt-4o"), Esc closes.
// The commands run in the host (slashCommands.ts); this only names them.
import { useEffect, useRef, useState } from 'react';
import { fuzzyRank } from '../../src/protocol/fuzzy';
import { parseSlashCommand, SLASH_COMMANDS } from '../../src/protocol/input';
import type { SlashCommandInfo, SlashName } from '../../src/protocol/input';
import { postToHost } from './vscodeApi';
import { t } from './l10n';

/** Runs the text as a slash command when it is one ("/cost", "/model gpt-4o"); false when it is a message. */
export function runSlashCommand(text: string): boolean {
  const cmd = parseSlashCommand(text);
  if (!cmd) return false;
  postToHost({ type: 'slashCommand', name: cmd.name, args: cmd.args });
  return true;
}

/** Commands whose name starts with what was typed first, then the fuzzy matches. */
export function slashMatches(typed: string): SlashCommandInfo[] {
  const starts = SLASH_COMMANDS.filter((c) => c.name.startsWith(typed));
  const fuzzy = fuzzyRank(typed, SLASH_COMMANDS, (c) => c.name).map((r) => r.item);
  return [...new Set([...starts, ...fuzzy])];
}

export interface SlashMenuState {
  open: boolean;
  onKeyDown(e: React.KeyboardEvent): boolean;
  menu: React.ReactNode;
}

/** text: the input's text; onRan: the command was run from the menu (the composer clears the input). */
export function useSlashMenu(text: string, setText: (t: string) => void, onRan: () => void): SlashMenuState {
  const word = /^\/([a-z]*)$/.exec(text)?.[1];
  const [dismissed, setDismissed] = useState<string | undefined>();
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [word]);
  const items = word === undefined ? [] : slashMatches(word);
  const open = word !== undefined && dismissed !== text && items.length > 0;

  const run = (c: SlashCommandInfo) => {
    postToHost({ type: 'slashCommand', name: c.name as SlashName, args: '' });
    onRan();
  };

  const onKeyDown = (e: React.KeyboardEvent): boolean => {
    if (!open) return false;
    const current = items[Math.min(active, items.length - 1)];
    switch (e.key) {
      case 'Escape':
        setDismissed(text);
        break;
      case 'ArrowDown':
      case 'ArrowUp': {
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + step + items.length) % items.length);
        break;
      }
      case 'Tab':
        if (e.shiftKey) return false;
        setText(`/${current.name} `);
        break;
      case 'Enter':
        if (e.shiftKey || e.nativeEvent.isComposing) return false;
        run(current);
        break;
      default:
        return false;
    }
    e.preventDefault();
    return true;
  };

  const menu = open ? <SlashMenu items={items} active={Math.min(active, items.length - 1)} onRun={run} onHover={setActive} /> : null;
  return { open, onKeyDown, menu };
}

function SlashMenu({ items, active, onRun, onHover }: { items: SlashCommandInfo[]; active: number; onRun: (c: SlashCommandInfo) => void; onHover: (n: number) => void }) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return (
    <div className="input-menu slash-menu" data-testid="slash-menu">
      <ul ref={list} role="listbox" aria-label={t('Commands')}>
        {items.map((c, i) => (
          <li
            key={c.name}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'active' : undefined}
            data-testid="slash-item"
            data-command={c.name}
            onMouseDown={(e) => {
              e.preventDefault();
              onRun(c);
            }}
            onMouseEnter={() => onHover(i)}
          >
            <span className="input-menu-label">
              /{c.name}
              {c.args ? <span className="input-menu-args"> {c.args}</span> : null}
            </span>
            {/* descriptions: extracted from SLASH_COMMANDS by scripts/l10n.ts */}
            <span className="input-menu-detail">{t(c.description)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
