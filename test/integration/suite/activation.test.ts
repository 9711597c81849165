import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activateTandem, EXTENSION_ID } from './util';

describe('Tandem in a real VS Code', () => {
  before(async () => {
    await activateTandem();
  });

  it('is installed with lazy activation (never "*")', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const events: string[] = ext.packageJSON.activationEvents ?? [];
    assert.ok(!events.includes('*'), `activationEvents: ${JSON.stringify(events)}`);
    assert.ok(ext.isActive);
  });

  it('registers its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['tandem.newChat', 'tandem.focusChat', 'tandem.setApiKey']) {
      assert.ok(all.includes(id), `${id} is registered`);
    }
  });

  it('contributes the settings with their defaults', () => {
    const c = vscode.workspace.getConfiguration('tandem');
    assert.equal(c.inspect('provider')?.defaultValue, 'anthropic');
    assert.equal(c.inspect('model')?.defaultValue, '');
    assert.equal(c.inspect('baseUrl')?.defaultValue, '');
  });

  it('opens the chat view with Focus Chat', async () => {
    await vscode.commands.executeCommand('tandem.focusChat');
    // The view container is the Tandem one: its open command exists once the view is known.
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes('tandem.chatView.focus'));
  });
});
