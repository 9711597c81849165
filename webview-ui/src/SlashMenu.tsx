// The slash-command menu: "/" at the start of the input opens it. Arrows move, Enter runs the
// highlighted command, Tab completes its name (to add arguments, as in "/model gpt-4o"), Esc closes.
// Built-in commands run in the host (slashCommands.ts); this only names them. Custom commands, skills
// and MCP prompts (listed by the host when the menu opens) are sent as the message "/name args", which
// the host expands; one that takes arguments is put in the input to type them first.
import { useEffect, useRef, useState } from 'react';
import { parseSlashCommand } from '../../src/protocol/input';
import type { SlashName } from '../../src/protocol/input';
import { filterSlashItems, slashMenuItems, slashWord, takesArguments } from '../../src/protocol/slashMenu';
import type { CustomCommandView, SlashMenuItem } from '../../src/protocol/slashMenu';
import { postToHost } from './vscodeApi';
import { t } from './l10n';

/** Runs the text as a slash command when it is one ("/cost", "/model gpt-4o"); false when it is a message. */
export function runSlashCommand(text: string): boolean {
  const cmd = parseSlashCommand(text);
  if (!cmd) return false;
  postToHost({ type: 'slashCommand', name: cmd.name, args: cmd.args });
  return true;
}

/** The host's custom entries: asked for each time the menu opens (files may have changed), kept until the next answer. */
function useCustomCommands(open: boolean): CustomCommandView[] {
  const [custom, setCustom] = useState<CustomCommandView[]>([]);
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      const m = e.data as { type?: unknown; items?: unknown };
      if (m?.type === 'commands' && Array.isArray(m.items)) setCustom(m.items as CustomCommandView[]);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  useEffect(() => {
    if (open) postToHost({ type: 'listCommands' });
  }, [open]);
  return custom;
}

export interface SlashMenuState {
  open: boolean;
  onKeyDown(e: React.KeyboardEvent): boolean;
  menu: React.ReactNode;
}

/**
 * text: the input's text; onRan: a built-in command was run from the menu (the composer clears the
 * input); send: send a message as the user would (a custom command chosen from the menu).
 */
export function useSlashMenu(text: string, setText: (t: string) => void, onRan: () => void, send?: (text: string) => void): SlashMenuState {
  const word = slashWord(text);
  const custom = useCustomCommands(word !== undefined);
  const [dismissed, setDismissed] = useState<string | undefined>();
  const [active, setActive] = useState(0);
  useEffect(() => setActive(0), [word]);
  const items = word === undefined ? [] : filterSlashItems(word, slashMenuItems(custom));
  const open = word !== undefined && dismissed !== text && items.length > 0;

  const run = (c: SlashMenuItem) => {
    if (c.kind === 'builtin') {
      postToHost({ type: 'slashCommand', name: c.name as SlashName, args: '' });
      onRan();
    } else if (c.shadowed) {
      // The built-in of that name runs instead; the row says so. Nothing to do.
      return;
    } else if (takesArguments(c) || !send) {
      setText(`/${c.name} `);
    } else {
      send(`/${c.name}`);
    }
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

function detail(c: SlashMenuItem): string {
  // descriptions: extracted from SLASH_COMMANDS by scripts/l10n.ts
  if (c.kind === 'builtin') return t(c.description);
  if (c.shadowed) return t('Hidden by the built-in /{0}: rename the {1} command file to use it', c.name, c.origin ?? '');
  return c.description;
}

function badge(c: SlashMenuItem): string | undefined {
  if (c.kind === 'builtin') return undefined;
  if (c.kind === 'mcp') return t('MCP {0}', c.origin ?? '');
  return c.kind === 'skill' ? t('skill ({0})', c.origin ?? '') : t('command ({0})', c.origin ?? '');
}

function SlashMenu({ items, active, onRun, onHover }: { items: SlashMenuItem[]; active: number; onRun: (c: SlashMenuItem) => void; onHover: (n: number) => void }) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return (
    <div className="input-menu slash-menu" data-testid="slash-menu">
      <ul ref={list} role="listbox" aria-label={t('Commands')}>
        {items.map((c, i) => (
          <li
            key={`${c.kind}:${c.name}`}
            role="option"
            aria-selected={i === active}
            aria-disabled={c.shadowed ? true : undefined}
            className={[i === active ? 'active' : '', c.shadowed ? 'shadowed' : ''].filter(Boolean).join(' ') || undefined}
            data-testid="slash-item"
            data-command={c.name}
            data-kind={c.kind}
            onMouseDown={(e) => {
              e.preventDefault();
              onRun(c);
            }}
            onMouseEnter={() => onHover(i)}
          >
            <span className="input-menu-label">
              /{c.name}
              {c.args ? <span className="input-menu-args"> {c.args}</span> : null}
              {badge(c) ? <span className="input-menu-badge"> {badge(c)}</span> : null}
            </span>
            <span className="input-menu-detail">{detail(c)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
