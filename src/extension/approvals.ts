// Asks the user in the chat panel about one tool call the permission engine could not decide.
// Each question has its own id; an answer is accepted only for a question still open, once.
import type { ApprovalAnswer, ApprovalRequest, Approver } from '../core/ports';

export interface PendingApproval {
  id: string;
  toolName: string;
  summary: string;
  reason: string;
  /** Rules "Allow always" may add: the engine's own suggestions, nothing the panel made up. */
  suggestions: string[];
  /** The sub-agent asking, when one is. */
  agent?: string;
}

export type AlwaysScope = 'session' | 'local' | 'project' | 'user';

interface Open {
  request: PendingApproval;
  resolve: (answer: ApprovalAnswer) => void;
}

export class PanelApprover implements Approver {
  private readonly open = new Map<string, Open>();
  private counter = 0;

  constructor(
    /** Shows a question (or, with `settled`, marks it answered) in the panel. */
    private readonly show: (request: PendingApproval, settled?: ApprovalAnswer['decision']) => void,
  ) {}

  ask(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalAnswer> {
    const id = `ap-${request.toolUseId}-${++this.counter}`;
    const pending: PendingApproval = { id, toolName: request.toolName, summary: request.summary, reason: request.reason, suggestions: request.suggestions ?? [], ...(request.agent ? { agent: request.agent } : {}) };
    return new Promise<ApprovalAnswer>((resolve) => {
      const finish = (answer: ApprovalAnswer) => {
        if (!this.open.delete(id)) return;
        signal.removeEventListener('abort', onAbort);
        this.show(pending, answer.decision);
        resolve(answer);
      };
      const onAbort = () => finish({ decision: 'deny', message: 'the run was stopped' });
      if (signal.aborted) return resolve({ decision: 'deny', message: 'the run was stopped' });
      signal.addEventListener('abort', onAbort, { once: true });
      this.open.set(id, { request: pending, resolve: finish });
      this.show(pending);
    });
  }

  /**
   * The user's answer from the panel; false when the question is not open (stale or forged), or when
   * "always" names a rule the engine did not suggest for this call (the webview is untrusted).
   */
  answer(id: string, answer: ApprovalAnswer): boolean {
    const o = this.open.get(id);
    if (!o) return false;
    if (answer.always && !o.request.suggestions.includes(answer.always.rule)) return false;
    o.resolve(answer);
    return true;
  }

  get pending(): PendingApproval[] {
    return [...this.open.values()].map((o) => o.request);
  }

  /** Denies everything still open (new chat, panel disposed). */
  denyAll(message: string): void {
    for (const o of [...this.open.values()]) o.resolve({ decision: 'deny', message });
  }
}
