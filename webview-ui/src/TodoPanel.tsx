import { useEffect, useState } from 'react';
import type { TodoView, TranscriptItem } from '../../src/protocol/messages';
import { t } from './l10n';

const MARK: Record<TodoView['status'], string> = { pending: '○', in_progress: '◐', completed: '●' };

export function TodoList({ todos }: { todos: TodoView[] }) {
  return (
    <ul className="todo-list">
      {todos.map((todo, i) => (
        <li key={i} className={`todo todo-${todo.status}`} data-status={todo.status}>
          <span className="todo-mark" aria-hidden="true">
            {MARK[todo.status]}
          </span>{' '}
          {todo.status === 'in_progress' ? todo.activeForm : todo.content}
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
  const done = todos.filter((todo) => todo.status === 'completed').length;
  const current = todos.find((todo) => todo.status === 'in_progress');
  return (
    <details className="todo-panel" data-testid="todo-panel" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {t('Plan · {0}/{1} done', done, todos.length)}{current ? ` · ${current.activeForm}` : ''}
      </summary>
      <TodoList todos={todos} />
    </details>
  );
}
