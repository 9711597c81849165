// PreCompact and PostCompact through the hooks runner (src/core/hooks), as Claude Code defines them:
// PreCompact gets `trigger` (manual | auto, matched by the group's matcher) and
// `custom_instructions`, and blocks the summary with exit 2 or decision "block"; PostCompact gets
// `compact_summary`. An overflow (prompt-too-long) counts as auto.
import type { HookSeam } from '../hooks/hooks';
import type { CompactionHooks } from './manager';

export function compactionHooksFrom(seam: HookSeam): CompactionHooks {
  return {
    async before(info) {
      if (!seam.has('PreCompact')) return undefined;
      const out = await seam.run('PreCompact', { trigger: info.trigger, custom_instructions: info.customInstructions ?? '' }, { match: info.trigger });
      return out.block !== undefined ? { block: true, reason: out.block } : undefined;
    },
    async after(info) {
      if (!seam.has('PostCompact')) return;
      const trigger = info.trigger === 'manual' ? 'manual' : 'auto';
      await seam.run('PostCompact', { trigger, compact_summary: info.summary }, { match: trigger });
    },
  };
}
