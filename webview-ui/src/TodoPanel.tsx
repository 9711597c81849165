import { useEffect, useState } from 'react';
import type { TodoView, TranscriptItem } from '../../src/protocol/messages';

const MARK: Record<TodoView['status'], string> = { pending: '○', in_progress: '◐', completed: '●' };

export function TodoList({ todos }: { todos: TodoView[] }) {
  return (
    <ul className="todo-list">
      {todos.map((t, i) => (
        <li key={i} className={`todo todo-${t.status}`} data-status={t.status}>
          <span className="todo-mark" aria-hidden="true">
            {MARK[t.status]}
          </span>{' '}
          {t.status === 'in_progress' ? t.activeForm : t.content}
        </li>
      ))}
    </ul>
  );
}

/** The task list the agent set last (its latest TodoWrite), if any. */
export function latestTodos(items: readonly TranscriptItem[]): TodoView[] | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i];
    if (it.kind === 'tool' && it.todos) return it.todos;
  }
  return undefined;
}

/**
 * The agent's plan, pinned above the input: open while a turn runs, folded to one line after
 * (the user can still open it).
 */
export function TodoPanel({ todos, busy }: { todos: TodoView[]; busy: boolean }) {
  const [open, setOpen] = useState(busy);
  useEffect(() => setOpen(busy), [busy]);
  const done = todos.filter((t) => t.status === 'completed').length;
  const current = todos.find((t) => t.status === 'in_progress');
  return (
    <details className="todo-panel" data-testid="todo-panel" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Plan · {done}/{todos.length} done{current ? ` · ${current.activeForm}` : ''}
      </summary>
      <TodoList todos={todos} />
    </details>
  );
}
