// The CLI analyses shell commands in a worker thread (dist/shell-analysis-worker.js, started from
// next to the bundle): the built worker gives exactly the analyses of the calling thread, and the
// CLI decides on what the worker next to its bundle answers.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerAnalyzer } from '../../src/core/permissions/shell/analysisClient';
import { ANALYSIS_WORKER_FILE } from '../../src/core/permissions/shell/analysisProtocol';
import { analyzeCommand } from '../../src/core/permissions/shell/analyze';
import { startFakeLlm, type FakeLlm } from '../fake-llm/server';
import { cleanEnv, runProcess } from '../harness/process';
import { ensureCliBuilt, REPO } from './harness';

/** Commands across the analysis: wrappers, substitutions, redirects, here-docs, nested scripts, globs, braces, sed/awk, git. */
const COMMANDS = [
  'ls -la',
  'cd src && FOO=1 git log --oneline -n 5 "$X" | grep -v \'a b\' > out.txt 2>&1',
  'echo $(id) >> ~/.bashrc',
  "bash -c 'bash -c \"rm -rf /\"'",
  'timeout 5 nice -n 2 env A=1 npm test',
  "cat <<'EOF' | sh\nrm -rf ~\nEOF",
  'cat {a,b,~/.ssh/id_rsa} lib/*.ts',
  "sed -i 's/a/b/' config && awk -v x=1 '{print $1}' f",
  'git -c core.pager=evil log; git diff --no-index ~/.ssh/id_rsa /dev/null',
  'find . -name "*.ts" -exec rm {} \\;',
  'for f in *.ts; do [[ -f $f ]] && cat "$f"; done; x=$((1 + 2))',
  'if true; then echo "unterminated',
  '',
];

describe('tandem: the shell analysis worker', function () {
  this.timeout(60_000);
  const temps: string[] = [];
  let llm: FakeLlm;
  before(async () => {
    ensureCliBuilt();
    llm = await startFakeLlm();
  });
  after(async () => {
    await llm.close();
    for (const t of temps) rmSync(t, { recursive: true, force: true });
  });

  it('the built worker gives the same analysis as this thread, command for command', async () => {
    const worker = new WorkerAnalyzer(join(REPO, 'dist', ANALYSIS_WORKER_FILE));
    try {
      worker.prepare();
      const fromWorker = await Promise.all(COMMANDS.map((c) => worker.analyze(c)));
      for (const [i, command] of COMMANDS.entries()) assert.deepEqual(fromWorker[i], await analyzeCommand(command), command);
      assert.equal(worker.failure, undefined);
      assert.equal(worker.where, 'worker');
    } finally {
      await worker.dispose();
    }
  });

  it('tandem -p decides on what the worker next to its bundle answers', async () => {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-shell-worker-cli-')));
    temps.push(base);
    const bin = join(base, 'bin');
    const ws = join(base, 'ws');
    mkdirSync(bin);
    mkdirSync(ws);
    writeFileSync(join(ws, 'visible-file.txt'), 'x');
    for (const f of ['cli.js', 'cli-main.js', 'tree-sitter-runtime.js', 'tree-sitter.wasm', 'tree-sitter-bash.wasm', ANALYSIS_WORKER_FILE]) copyFileSync(join(REPO, 'dist', f), join(bin, f));
    const run = async () => {
      llm.load({
        replies: [{ content: [{ type: 'tool_use', id: 'tu_0', name: 'Bash', input: { command: 'ls' } }] }, { content: [{ type: 'text', text: 'done' }] }],
      });
      const before = llm.requests.length;
      const r = await runProcess(process.execPath, [join(bin, 'cli.js'), '-p', 'list', '--allowedTools', 'Bash(ls:*)'], {
        cwd: ws,
        env: cleanEnv({ HOME: base, ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl, TANDEM_MAX_RETRIES: '0' }),
        timeoutMs: 30_000,
      });
      assert.equal(r.code, 0, r.stderr);
      const requests = llm.requests.slice(before);
      assert.equal(requests.length, 2, r.stderr);
      return String(requests[1].body.messages.at(-1).content[0].content);
    };
    // The real worker: `ls` is allowed by the rule and runs.
    assert.match(await run(), /visible-file\.txt/);
    // A worker that finds a reason to ask about every command: the CLI refuses what the rule allows.
    writeFileSync(
      join(bin, ANALYSIS_WORKER_FILE),
      `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (r) => parentPort.postMessage({ id: r.id, result: { commands: [{ argv: ['ls'], wrappers: [], assignments: [], redirects: [], text: 'ls' }], askReasons: ['asked by the worker next to the bundle'], writes: [] } }));\n`,
    );
    const refused = await run();
    assert.match(refused, /Permission denied/);
    assert.match(refused, /asked by the worker next to the bundle/);
    assert.doesNotMatch(refused, /visible-file\.txt/);
  });
});
