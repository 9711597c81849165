// Links from model text: only http(s) and mailto are offered, and only through the host.
import { strict as assert } from 'node:assert';
import { linkTarget } from '../../src/protocol/links';
import { webviewToHostSchema } from '../../src/protocol/messages';

describe('link policy (chat panel)', () => {
  it('offers http(s) and mailto links with their full, normalized target', () => {
    assert.equal(linkTarget('https://example.com/a?b=c#d'), 'https://example.com/a?b=c#d');
    assert.equal(linkTarget('http://EXAMPLE.com'), 'http://example.com/');
    assert.equal(linkTarget('mailto:someone@example.com'), 'mailto:someone@example.com');
  });

  it('keeps command:, file:, vscode:, javascript:, data:, relative and credential links as plain text', () => {
    for (const href of [
      'command:workbench.action.terminal.new',
      'file:///etc/passwd',
      'vscode://vscode.git/clone?url=x',
      'vscode-insiders://x',
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '/relative/path',
      'docs/readme.md',
      '#anchor',
      'https://user:secret@example.com/',
      'https://',
      '',
      undefined,
    ]) {
      assert.equal(linkTarget(href), undefined, String(href));
    }
  });

  it('the host accepts an openLink message only for a link the policy allows', () => {
    assert.ok(webviewToHostSchema.safeParse({ type: 'openLink', url: 'https://example.com/' }).success);
    for (const url of ['command:workbench.action.openSettings', 'javascript:alert(1)', 'file:///etc/passwd', 'https://example.com']) {
      assert.equal(webviewToHostSchema.safeParse({ type: 'openLink', url }).success, false, url);
    }
    assert.equal(webviewToHostSchema.safeParse({ type: 'openLink', url: 'https://example.com/', extra: 1 }).success, false);
  });
});
