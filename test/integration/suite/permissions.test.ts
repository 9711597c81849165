import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { addRuleToFile } from '../../../src/core/permissions/settings';
import { removeRule, rulesIn, settingsFiles } from '../../../src/extension/permissionsView';
import { activateTandem } from './util';

describe('Permissions view', () => {
  let folder: string;
  before(async () => {
    await activateTandem();
    folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
  });
  after(() => rmSync(join(folder, '.tandem', 'settings.json'), { force: true }));

  it('is a command in the Tandem category', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('tandem.permissions'));
  });

  it('lists the user file and both of each folder, and edits rules in place', () => {
    const files = settingsFiles().map((f) => f.file);
    assert.ok(files[0].endsWith(join('.tandem', 'settings.json')), files[0]);
    assert.ok(files.includes(join(folder, '.tandem', 'settings.json')));
    assert.ok(files.includes(join(folder, '.tandem', 'settings.local.json')));

    const shared = join(folder, '.tandem', 'settings.json');
    addRuleToFile(shared, 'deny', 'Bash(rm:*)');
    addRuleToFile(shared, 'allow', 'Read(docs/**)');
    assert.deepEqual(rulesIn(shared), [
      { list: 'deny', rule: 'Bash(rm:*)' },
      { list: 'allow', rule: 'Read(docs/**)' },
    ]);
    removeRule(shared, 'deny', 'Bash(rm:*)');
    assert.deepEqual(rulesIn(shared), [{ list: 'allow', rule: 'Read(docs/**)' }]);
    assert.ok(existsSync(shared));
    assert.deepEqual(JSON.parse(readFileSync(shared, 'utf8')).permissions.deny, []);
  });
});
