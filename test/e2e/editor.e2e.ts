// Editor actions in the browser: Explain Selection from the editor's context menu, Add Selection to
// Chat, the focus-input keybinding; the panel's controls by role and by keyboard; and the panel in
// the Light+, Dark+ and High Contrast themes (screenshots in test-results/theme-*.png).
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeLlm } from '../fake-llm/server';
import { browserSuite, RESULTS, patient } from './workbench';
import type { Workbench } from './workbench';

const CODE = ['def add(a, b):', '    total = a + b', '    print(total)', '    return total', '', 'print(add(1, 2))', ''].join('\n');

// Run in the page (this file is compiled without the DOM lib, hence the loose types).
type El = { parentElement: El | null; ownerDocument: { defaultView: { getComputedStyle(e: El): { color: string; backgroundColor: string } } } };
/**
 * An element's text colour and the colour actually behind it (the first ancestor with a background).
 * No inner named functions: the bundler would wrap them in a helper the page does not have.
 */
const coloursOf = (el: unknown) => {
  const start = el as El;
  const view = start.ownerDocument.defaultView;
  let bg = 'rgba(0, 0, 0, 0)';
  for (let e: El | null = start; e; e = e.parentElement) {
    const b = view.getComputedStyle(e).backgroundColor;
    if (b && b !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(b)) {
      bg = b;
      break;
    }
  }
  return { color: view.getComputedStyle(start).color, background: bg };
};

/** WCAG contrast ratio of two CSS rgb()/rgba() colours (alpha ignored: the panel's text is opaque). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('Tandem editor actions and accessibility in the browser', function () {
  let llm: FakeLlm;
  let wb: Workbench | undefined;

  const suite = browserSuite({ key: 'sk-e2e-editor', userSettings: { 'workbench.colorTheme': 'Default Dark+' }, prepare: (w) => writeFileSync(join(w.workspace, 'calc.py'), CODE) });
  before(() => {
    llm = suite.llm;
    wb = suite.wb;
  });

  /** Opens calc.py with Quick Open and selects lines 2-4 from the keyboard. */
  async function selectLines2to4() {
    const page = wb!.page;
    await page.locator('.part.editor').click();
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill('calc.py');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'calc.py' }).first().waitFor({ timeout: patient(20_000) });
    await page.keyboard.press('Enter');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines', { hasText: 'def add' }).waitFor({ timeout: patient(15_000) });
    await editor.locator('.view-line', { hasText: 'def add' }).click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    return editor;
  }

  /** Right-click on the selection, open the Tandem submenu, click an item. */
  async function tandemMenuItem(label: string) {
    const page = wb!.page;
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-line', { hasText: 'print(total)' }).click({ button: 'right' });
    const submenu = page.locator('.context-view .action-item').filter({ has: page.locator('.action-label', { hasText: /^Tandem$/ }) });
    await submenu.waitFor({ timeout: patient(10_000) });
    await submenu.hover();
    await submenu.click();
    const item = page.locator('.context-view .monaco-submenu .action-item').filter({ has: page.locator('.action-label', { hasText: new RegExp(`^${label}$`) }) });
    await item.waitFor({ timeout: patient(10_000) });
    // Monaco's menus focus an item under the pointer and run it on Enter; a plain click can land
    // while the submenu is still settling and be lost, so go through the keyboard.
    await item.hover();
    await page.keyboard.press('Enter');
    await page.locator('.context-view .monaco-menu').first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => page.keyboard.press('Escape'));
  }

  /** Switches the color theme from the command palette, as a user would. */
  async function pickTheme(theme: string) {
    const page = wb!.page;
    await page.locator('.part.editor').click();
    await page.keyboard.press('Control+Shift+P');
    const box = page.locator('.quick-input-widget input');
    await box.fill('>Preferences: Color Theme');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
    const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${theme.replace(/[+]/g, '\\+')}$`) }) });
    await box.fill(theme);
    await row.first().click({ timeout: patient(10_000) });
  }

  it('Explain Selection from the editor context menu starts a turn that carries the selected lines', async () => {
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_e2e_explain', name: 'Read', input: { file_path: join(wb!.workspace, 'calc.py') } }] },
      { content: [{ type: 'text', text: 'It **adds** two numbers, prints the total and returns it.' }] },
    );
    await selectLines2to4();
    const before = llm.requests.length;
    await tandemMenuItem('Explain Selection');
    const deadline = Date.now() + patient(20_000);
    while (llm.requests.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const content = llm.requests[before]?.body.messages[0].content as { text?: string }[] | undefined;
    assert.ok(content, 'a request reached the model');
    // The user's text names the lines; the lines themselves follow it as a <context> section.
    const sent = content.map((b) => b.text ?? '').join('\n');
    assert.match(sent, /^Explain the code at @selection\(calc\.py:2-4\): /);
    assert.ok(sent.includes('lines="2-4" language="python">\n    total = a + b\n    print(total)\n    return total\n</context>'), sent);
    assert.ok(!sent.includes('def add'));
    const chat = wb!.chat();
    await chat.getByTestId('msg-user').filter({ hasText: 'Explain the code at @selection(calc.py:2-4)' }).waitFor({ timeout: patient(20_000) });
    await chat.getByText('It adds two numbers', { exact: false }).waitFor({ timeout: patient(20_000) });
    await chat.locator('[data-testid="tool-card"][data-tool="Read"][data-status="done"]').waitFor();
  });

  it('Add Selection to Chat puts a mention into the input; the keybinding focuses the input', async () => {
    const chat = wb!.chat();
    const input = chat.getByTestId('prompt-input');
    await selectLines2to4();
    await tandemMenuItem('Add Selection to Chat');
    const deadline = Date.now() + patient(10_000);
    while (!(await input.inputValue()).includes('@selection') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.match(await input.inputValue(), /@selection\(calc\.py:2-4\) $/);
    await input.fill('');

    // From the editor, the keybinding moves the keyboard focus into the chat's input.
    await wb!.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    const focused = () => input.evaluate((el) => {
      const doc = (el as { ownerDocument: { activeElement: unknown; hasFocus(): boolean } }).ownerDocument;
      return doc.activeElement === el && doc.hasFocus();
    });
    assert.equal(await focused(), false);
    await wb!.page.keyboard.press('Control+Alt+K');
    const until = Date.now() + patient(10_000);
    while (!(await focused()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await focused(), true, 'the chat input has the keyboard focus');
    await wb!.page.keyboard.type('typed after the shortcut');
    assert.equal(await input.inputValue(), 'typed after the shortcut');
    await input.fill('');
  });

  it('names every control for screen readers, and Tab goes from the input to the mode and Send', async () => {
    const chat = wb!.chat();
    await chat.getByRole('textbox', { name: 'Message Tandem' }).waitFor();
    await chat.getByRole('combobox', { name: 'Permission mode' }).waitFor();
    // Every control in the panel has an accessible name: a label, its text, or aria-label/title.
    const unnamed = await chat.locator('#root').evaluate((root) => {
      type Node = { tagName: string; getAttribute(n: string): string | null; textContent: string | null; labels?: { textContent: string | null }[]; outerHTML: string };
      const all = (root as { querySelectorAll(s: string): Node[] }).querySelectorAll('button, select, textarea, input, vscode-button, vscode-text-field, vscode-dropdown, [role="button"], summary');
      return [...all]
        .filter((el) => {
          const label = el.getAttribute('aria-label') || el.getAttribute('title') || [...(el.labels ?? [])].map((l) => l.textContent).join('') || el.textContent;
          return !label?.trim();
        })
        .map((el) => el.outerHTML.slice(0, 120));
    });
    assert.deepEqual(unnamed, []);
    const input = chat.getByTestId('prompt-input');
    await input.click();
    await input.fill('Tab order check');
    const activeTestId = () => chat.locator('#root').evaluate((root) => {
      const a = (root as { ownerDocument: { activeElement: { getAttribute(n: string): string | null } | null } }).ownerDocument.activeElement;
      return a?.getAttribute('data-testid') ?? null;
    });
    await input.press('Tab');
    assert.equal(await activeTestId(), 'mode-select');
    await wb!.page.keyboard.press('Tab');
    assert.equal(await activeTestId(), 'send-button');
    await chat.getByRole('button', { name: 'Send' }).waitFor();
    llm.push({ content: [{ type: 'text', text: 'Sent from the keyboard.' }] });
    await wb!.page.keyboard.press('Enter');
    await chat.getByText('Sent from the keyboard.').waitFor({ timeout: patient(15_000) });
  });

  for (const [name, theme, bodyClass] of [
    // As the theme picker labels them.
    ['light', 'Light+', 'vscode-light'],
    ['dark', 'Dark+', 'vscode-dark'],
    ['high-contrast', 'Dark High Contrast', 'vscode-high-contrast'],
  ] as const) {
    it(`is readable in ${theme} (screenshot test-results/theme-${name}.png)`, async () => {
      await pickTheme(theme);
      const chat = wb!.chat();
      await chat.locator(`body.${bodyClass}`).waitFor({ timeout: patient(20_000) });
      await chat.locator('[data-testid="tool-card"]').first().waitFor();
      await new Promise((r) => setTimeout(r, 500)); // let the workbench finish repainting
      mkdirSync(RESULTS, { recursive: true });
      await wb!.page.locator('.part.sidebar').screenshot({ path: join(RESULTS, `theme-${name}.png`) });
      const checks = {
        reply: chat.getByTestId('msg-assistant').last().locator('.markdown p').first(),
        'your message': chat.getByTestId('msg-user').first().locator('.msg-text'),
        'tool card': chat.locator('[data-testid="tool-card"] summary').first(),
        input: chat.getByTestId('prompt-input'),
        'mode select': chat.getByTestId('mode-select'),
      };
      // Send is whole inside the panel (not cut off by the mode list in a narrow side bar).
      const sendBox = await chat.getByTestId('send-button').boundingBox();
      const rootBox = await chat.locator('#root').boundingBox();
      assert.ok(sendBox && rootBox && sendBox.x + sendBox.width <= rootBox.x + rootBox.width + 0.5, `Send ${JSON.stringify(sendBox)} fits in ${JSON.stringify(rootBox)}`);
      for (const [what, locator] of Object.entries(checks)) {
        const { color, background } = await locator.evaluate(coloursOf);
        const ratio = contrast(color, background);
        assert.notEqual(color, background, `${what}: text and background differ in ${theme}`);
        assert.ok(ratio >= 4.5, `${what}: contrast ${ratio.toFixed(2)} (${color} on ${background}) in ${theme}`);
      }
    });
  }
});
