// A sub-agent's `model`: Claude Code's tier aliases (haiku / sonnet / opus), `inherit`, or a model id.
// Aliases map to the current provider's models of that tier, so an agent file written for Claude
// Code still picks a small model for quick work when the session runs on another vendor.
import type { PermissionMode } from '../permissions/modes';

export type ModelTier = 'haiku' | 'sonnet' | 'opus';

/** Each provider's model for a tier; a provider missing here keeps the parent's model. */
export const PROVIDER_TIERS: Record<string, Partial<Record<ModelTier, string>>> = {
  anthropic: { haiku: 'claude-haiku-4-5', sonnet: 'claude-sonnet-5-5', opus: 'claude-opus-4-5' },
  openai: { haiku: 'gpt-5-mini', sonnet: 'gpt-5.5', opus: 'gpt-5.5' },
};

/** The model a sub-agent runs on. `requested` is the Agent call's `model`, which wins over the definition's. */
export function resolveAgentModel(provider: string, parentModel: string, definition: string | undefined, requested?: string): string {
  const want = (requested ?? definition ?? 'inherit').trim();
  if (want === '' || want === 'inherit') return parentModel;
  if (want === 'haiku' || want === 'sonnet' || want === 'opus') return PROVIDER_TIERS[provider]?.[want] ?? parentModel;
  return want;
}

/** From least to most permissive: a sub-agent's mode may only move left of its parent's. */
const ORDER: PermissionMode[] = ['plan', 'default', 'acceptEdits', 'bypassPermissions'];

/** The narrower of the parent's mode and the one an agent asks for: a sub-agent never widens permissions. */
export function narrowerMode(parent: PermissionMode, requested: PermissionMode | undefined): PermissionMode {
  if (!requested) return parent;
  return ORDER.indexOf(requested) < ORDER.indexOf(parent) ? requested : parent;
}
