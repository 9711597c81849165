// Issue 11 item 3 through the CLI: with Read(secrets/**) denied, neither the Grep tool over the
// workspace nor a recursive grep/rg over `.` brings the secret into any request the model receives.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useAttackRunner } from './attacks';

describe('deny rules on reads cover recursive reads of a parent (CLI)', function () {
  this.timeout(90_000);
  const runner = useAttackRunner();

  it('Grep leaves the denied file out; grep -r and rg over . are refused; the secret never reaches the model', async () => {
    await runner.run({
      name: 'recursive reads over a denied folder',
      flags: ['--disallowedTools', 'Read(secrets/**)'],
      prepare: (d) => {
        mkdirSync(join(d.ws, 'secrets'));
        writeFileSync(join(d.ws, 'secrets', 'key.txt'), 'TOKEN=hunter2-secret\n');
        writeFileSync(join(d.ws, 'app.txt'), 'TOKEN is read from the environment\n');
      },
      steps: () => [
        { tool: 'Grep', input: { pattern: 'TOKEN', output_mode: 'content' } },
        { tool: 'Bash', input: { command: 'grep -r TOKEN .' } },
        { tool: 'Bash', input: { command: 'rg TOKEN' } },
      ],
      refused: [1, 2],
      harmless: (_d, requests) => {
        assert.doesNotMatch(requests, /hunter2-secret/);
        assert.match(requests, /TOKEN is read from the environment/, 'Grep still found the allowed file');
      },
    });
  });
});
