// The first policy's names, kept for the modules that import them: the permission engine replaced it.
export { PermissionEngine as PermissionPolicy, PERMISSION_MODES } from './engine';
export type { Decision, PermissionMode, PermissionRules } from './engine';
