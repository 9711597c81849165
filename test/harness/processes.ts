// Small helpers the process-lifetime tests share: whether a pid (or a process group) still lives,
// and polling until a condition holds (no fixed sleeps: the condition decides, the limit fails).
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether any process of the group `pgid` still lives. */
export function groupAlive(pgid: number): boolean {
  return alive(-pgid);
}

/** Polls `f` until it returns something truthy, which it resolves with; fails naming `what` after `ms`. */
export async function until<T>(f: () => T | undefined | false | null, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
