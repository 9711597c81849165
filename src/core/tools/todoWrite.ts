// TodoWrite: replaces the session's task list, which the user sees as the agent's plan.
import { z } from 'zod';
import type { Tool } from './types';

const todo = z.object({
  content: z.string().min(1).describe('What needs to be done, in the imperative ("Run the tests")'),
  status: z.enum(['pending', 'in_progress', 'completed']),
  activeForm: z.string().min(1).describe('The same task in the present continuous, shown while it runs ("Running the tests")'),
});

const input = z.object({
  todos: z.array(todo).describe('The updated todo list'),
});

type TodoWriteInput = z.infer<typeof input>;

const description = `Keeps the plan for the current task as a checklist the user sees next to the chat.

Use it when:
- the work has three or more steps, or the user asked for several things at once;
- new requirements arrive: add them as items.

How:
- Every call sends the whole list; it replaces the previous one.
- Mark an item in_progress when you start it and completed as soon as it is done; keep one item in_progress at a time.
- Mark an item completed only when it is really finished (for code: it builds and its tests pass).
- A single small task needs no list.`;

export const todoWriteTool: Tool<TodoWriteInput> = {
  name: 'TodoWrite',
  description,
  input,
  // It changes only the plan shown to the user, never the workspace.
  readOnly: true,
  subject: () => ({ kind: 'none' }),
  async execute(i, ctx) {
    const inProgress = i.todos.filter((t) => t.status === 'in_progress');
    if (inProgress.length > 1) {
      return {
        content:
          `${inProgress.length} todos are in_progress (${inProgress.map((t) => `"${t.content}"`).join(', ')}); ` +
          'at most one may be. Mark the others pending or completed and call TodoWrite again. The list was not changed.',
        isError: true,
      };
    }
    ctx.session.todos = i.todos.map((t) => ({ content: t.content, status: t.status, activeForm: t.activeForm }));
    const done = i.todos.filter((t) => t.status === 'completed').length;
    return {
      content:
        `Todos have been modified successfully (${i.todos.length} total: ${done} completed, ${inProgress.length} in progress, ` +
        `${i.todos.length - done - inProgress.length} pending). Ensure that you continue to use the todo list to track your progress. ` +
        'Please proceed with the current tasks if applicable.',
    };
  },
};
