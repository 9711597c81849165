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

const description = `Use this tool to create and manage a structured task list for your current coding session. This helps you track progress, organize complex tasks, and demonstrate thoroughness to the user.

When to use it:
- Complex multi-step tasks (3 or more distinct steps), or when the user gives several tasks at once
- After receiving new instructions: capture the requirements as todos
- When you start a task, mark it in_progress BEFORE beginning work; mark it completed as soon as it is done

Rules:
- Each call replaces the whole list: send every item, not only the changed ones
- Exactly one task should be in_progress while you are working (never more than one)
- Only mark a task completed when it is fully done (tests pass, nothing left unresolved)
- Skip the tool for a single, trivial task`;

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
