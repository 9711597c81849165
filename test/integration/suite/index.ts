// Entry point that the extension host loads (extensionTestsPath). The suite is bundled by esbuild;
// mocha is loaded from node_modules. Works under code-server's test driver and
// @vscode/test-electron alike: both call run() and read its promise.
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  // Define describe/it globally before the test modules evaluate (they are bundled, not files).
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  await import('./activation.test');
  await import('./chat.test');
  await import('./host.test');
  await import('./review.test');
  await import('./permissions.test');
  await import('./editorActions.test');
  await import('./sessions.test');
  await import('./input.test');
  await import('./memory.test');
  await import('./mcp.test');
  await import('./background.test');
  await import('./providerSettings.test');
  await import('./mcpOAuth.test');
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
