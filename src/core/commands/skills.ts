// Skills for the model: their names and descriptions listed in the system prompt within a small
// budget, and the `Skill` tool that loads one's instructions when the task calls for it (in the
// panel, the CLI's -p and the SDK alike). Loading a skill lets Read open its supporting files.
import { z } from 'zod';
import type { Tool } from '../tools/types';
import type { CommandDef } from './discover';

/** Characters the listing may take (about 1k tokens), and per description. */
export const SKILL_LISTING_BUDGET = 4_000;
const DESCRIPTION_CAP = 250;

export function skillListing(skills: CommandDef[]): string | undefined {
  if (skills.length === 0) return undefined;
  const head = '# Skills\nSkills are instructions for particular tasks. When a task matches a skill\'s description, load it with the Skill tool before you start, and follow it.';
  const lines: string[] = [];
  let used = head.length;
  for (const s of skills) {
    const d = s.description.replace(/\s+/g, ' ').trim();
    const line = `- ${s.name}: ${d.length > DESCRIPTION_CAP ? `${d.slice(0, DESCRIPTION_CAP)}…` : d}`;
    if (used + line.length + 1 > SKILL_LISTING_BUDGET) {
      lines.push(`- (${skills.length - lines.length} more skills not listed: the Skill tool loads any by name)`);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return `${head}\n${lines.join('\n')}`;
}

const input = z.object({
  skill: z.string().min(1).describe('The skill name, as listed under # Skills'),
  args: z.string().optional().describe('Arguments for the skill, if it takes any'),
});

export function skillTool(skills: () => CommandDef[], load: (skill: CommandDef, args: string) => Promise<string>): Tool<z.infer<typeof input>> {
  return {
    name: 'Skill',
    description: 'Loads a skill: the instructions for a kind of task, listed under # Skills in the system prompt. Load the matching skill before starting such a task, then follow it. Its supporting files are readable with Read.',
    input,
    readOnly: true,
    subject: () => ({ kind: 'none' }),
    async execute({ skill, args }) {
      const found = skills().find((s) => s.kind === 'skill' && s.name === skill);
      if (!found) return { content: `No skill "${skill}". Skills: ${skills().filter((s) => s.kind === 'skill').map((s) => s.name).join(', ') || 'none'}.`, isError: true };
      const text = await load(found, args ?? '');
      return { content: `Base directory for this skill: ${found.dir}\n\n${text}` };
    },
  };
}
