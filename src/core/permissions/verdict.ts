// What the permission engine decides and the context it decides paths in; shared by the engine and
// its checks (bashCheck, namedSubjects) without their importing the engine.

export interface Verdict {
  behavior: 'allow' | 'ask' | 'deny';
  /** Why, in words the model and the user both read. */
  reason: string;
  by: 'mode' | 'rule';
  /** The rule that decided, as written (`Bash(git:*)`), when one did. */
  rule?: string;
  /** For an ask: the rules "Allow always" would add (empty when no rule could allow the call). */
  suggestions: string[];
  /** For an ask: what the engine learns when the user approves this call (the shell state it ran in). */
  onApproved?: () => void;
}

export interface PathContext {
  roots: string[];
  cwd: string;
  home: string;
  caseInsensitive: boolean;
}

export type Access = 'read' | 'write';
