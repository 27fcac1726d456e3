// What a UI scenario can do in the VS Code workbench, in a user's words. Selectors are the workbench's own
// (measured on code-server 4.139.1 / Code 1.139.1); scenarios should not need any others.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { artifactsDir, sleep } from '../vscode/codeServer';

export const screenshotsDir = path.join(artifactsDir, 'screenshots');

/** Tree rows' aria-labels and texts may carry trailing spaces; match on trimmed text. */
function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** Polls `condition` every 100 ms until it holds; the error names what was awaited. */
export async function waitUntil(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(100);
  }
}

export class Workbench {
  constructor(
    readonly page: Page,
    /** The scenario's name, used for screenshot file names. */
    readonly scenarioName: string,
  ) {}

  /** Clicks the activity-bar item whose title starts with `title` (e.g. "Cgroups"), unless already open. */
  async openActivityView(title: string): Promise<void> {
    const item = this.page.locator(`.part.activitybar .action-item a[aria-label^="${title}"]`).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    const container = item.locator('xpath=..');
    const checked = (await container.getAttribute('class'))?.includes('checked') ?? false;
    if (!checked) await item.click();
    await this.page.locator('.part.sidebar').waitFor({ state: 'visible' });
  }

  /** Drags the sash right of the sidebar so long labels and their descriptions fit (for screenshots). */
  async widenSidebar(width = 560): Promise<void> {
    const sidebar = await this.page.locator('.part.sidebar').boundingBox();
    if (!sidebar) return;
    const y = sidebar.y + sidebar.height / 2;
    await this.page.mouse.move(sidebar.x + sidebar.width + 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(sidebar.x + width, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** The sidebar (or a view container's) tree rows whose label is `text` (or matches a RegExp). */
  treeRow(text: string | RegExp, scope = '.part.sidebar'): Locator {
    const rows = this.page.locator(`${scope} .monaco-list-row`);
    const label = typeof text === 'string' ? exactText(text) : text;
    return rows.filter({ has: this.page.locator('.label-name', { hasText: label }) }).first();
  }

  /** Scrolls the sidebar's list until a row is rendered (lists render only the rows in view). */
  async revealRow(text: string | RegExp, scope = '.part.sidebar', timeoutMs = 30_000): Promise<Locator> {
    const row = this.treeRow(text, scope);
    const deadline = Date.now() + timeoutMs;
    let scrolledToTop = false;
    while (Date.now() < deadline) {
      if (await row.isVisible()) return row;
      const list = this.page.locator(`${scope} .monaco-list`).first();
      if (await list.isVisible()) {
        await list.hover();
        await this.page.mouse.wheel(0, scrolledToTop ? 300 : -100_000);
        scrolledToTop = true;
      }
      await sleep(200);
    }
    throw new Error(`no tree row "${String(text)}" in ${scope} after ${timeoutMs / 1000} s`);
  }

  /** The first row labelled `text` one level below `parent` (labels such as "Control files" repeat). */
  async childRow(parent: Locator, text: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
    const parentIndex = Number(await parent.getAttribute('data-index'));
    const childLevel = String(Number(await parent.getAttribute('aria-level')) + 1);
    const label = typeof text === 'string' ? exactText(text) : text;
    const list = parent.locator('xpath=ancestor::div[contains(@class, "monaco-list-rows")]');
    const candidates = list
      .locator(`.monaco-list-row[aria-level="${childLevel}"]`)
      .filter({ has: this.page.locator('.label-name', { hasText: label }) });
    let found: Locator | undefined;
    await waitUntil(
      async () => {
        for (const candidate of await candidates.all()) {
          const index = Number(await candidate.getAttribute('data-index'));
          if (index > parentIndex) {
            found = list.locator(`.monaco-list-row[data-index="${index}"]`);
            return true;
          }
        }
        return false;
      },
      `a child "${String(text)}" below row ${parentIndex}`,
      timeoutMs,
    );
    return found!;
  }

  /** Expands `row` (a no-op if already expanded) and waits until it says so. */
  async expand(row: Locator): Promise<Locator> {
    if ((await row.getAttribute('aria-expanded')) === 'false') {
      await row.locator('.monaco-tl-twistie').click();
    }
    await waitUntil(async () => (await row.getAttribute('aria-expanded')) === 'true', 'a row to expand');
    return row;
  }

  /** A row's description (the dimmer text after its label). */
  async rowDescription(row: Locator): Promise<string> {
    return (await row.locator('.label-description').first().textContent())?.trim() ?? '';
  }

  /** Finds the row labelled `text` (scrolling to it), expands it and returns it. */
  async expandRow(text: string | RegExp, scope?: string): Promise<Locator> {
    return this.expand(await this.revealRow(text, scope));
  }

  /** Right-clicks `target` and chooses `item` from the context menu. */
  async rightClickMenu(target: Locator, item: string): Promise<void> {
    await target.click({ button: 'right' });
    const menuItem = this.page
      .locator('.monaco-menu .action-item .action-label')
      .filter({ hasText: exactText(item) })
      .first();
    await menuItem.waitFor({ state: 'visible', timeout: 10_000 });
    // The workbench ignores clicks in a context menu's first moments (it guards against the click that
    // opened it), so a click right away can be lost.
    await this.page.waitForTimeout(300);
    await menuItem.click();
  }

  /** Runs a command by its palette label, e.g. "Cgroup: Refresh Hierarchy". */
  async runCommandFromPalette(label: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${label}`);
    const pick = this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ hasText: label })
      .first();
    await pick.waitFor({ state: 'visible', timeout: 10_000 });
    await pick.click();
  }

  /** Waits until some visible element in the workbench shows `text`. */
  async waitForText(text: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
    const match = this.page.getByText(text).first();
    await match.waitFor({ state: 'visible', timeout: timeoutMs });
    return match;
  }

  /** The active editor's visible text (Monaco renders lines as .view-line elements). */
  async activeEditorText(): Promise<string> {
    const editor = this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
    await editor.waitFor({ state: 'visible', timeout: 30_000 });
    const lines = await editor.locator('.view-line').allTextContents();
    return lines.map((line) => line.replace(/\u00a0/g, ' ')).join('\n');
  }

  /** The texts of the notification toasts on screen (an instance without the smoke-test driver shows them). */
  async notificationTexts(): Promise<string[]> {
    const toasts = this.page.locator(
      '.notifications-toasts .notification-toast .notification-list-item-message',
    );
    return (await toasts.allTextContents()).map((text) => text.trim());
  }

  /** Waits for a notification toast whose message matches `text` and returns its message. */
  async waitForNotification(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const toast = this.page
      .locator('.notifications-toasts .notification-toast .notification-list-item-message')
      .filter({ hasText: text })
      .first();
    await toast.waitFor({ state: 'visible', timeout: timeoutMs });
    return (await toast.textContent())?.trim() ?? '';
  }

  /** The text of the panel's Output view (an editor, so getByText cannot see across its token spans). */
  async outputText(): Promise<string> {
    const lines = this.page.locator('.part.panel .monaco-editor .view-lines .view-line');
    return (await lines.allTextContents()).map((line) => line.replace(/\u00a0/g, ' ')).join('\n');
  }

  /** The active editor tab's resource name (the label splits names like cpu.shares into "cpu" + ".shares"). */
  async activeTabTitle(): Promise<string> {
    const tab = this.page.locator('.editor-group-container.active .tab.active').first();
    await tab.waitFor({ state: 'visible', timeout: 30_000 });
    const resourceName = await tab.getAttribute('data-resource-name');
    return resourceName ?? (await tab.getAttribute('aria-label'))?.split(',')[0]?.trim() ?? '';
  }

  /** The text on the system clipboard (the context must have clipboard permissions, as the runner gives). */
  async clipboardText(): Promise<string> {
    return String(await this.page.evaluate('navigator.clipboard.readText()'));
  }

  /** The modal dialog on screen (code-server draws modals itself, never natively). */
  dialog(): Locator {
    return this.page.locator('.monaco-dialog-box').first();
  }

  /** Waits for a modal dialog and returns its message and detail texts. */
  async waitForDialog(timeoutMs = 30_000): Promise<{ message: string; detail: string }> {
    const box = this.dialog();
    await box.waitFor({ state: 'visible', timeout: timeoutMs });
    const message = (await box.locator('.dialog-message-text').first().textContent())?.trim() ?? '';
    const detailLocator = box.locator('.dialog-message-detail').first();
    const detail =
      (await detailLocator.count()) > 0 ? ((await detailLocator.textContent())?.trim() ?? '') : '';
    return { message, detail };
  }

  /** Clicks the modal dialog's button labelled `label` and waits for the dialog to close. */
  async clickDialogButton(label: string): Promise<void> {
    const button = this.dialog()
      .locator('.dialog-buttons .monaco-button')
      .filter({ hasText: exactText(label) })
      .first();
    await button.waitFor({ state: 'visible', timeout: 10_000 });
    await button.click();
    await this.dialog().waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** Types `text` into an input box the workbench shows (showInputBox) and presses Enter. */
  async answerInputBox(text: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(text);
    await input.press('Enter');
  }

  /** Replaces the active editor's whole text with `text` (typed, as a user would). */
  async replaceActiveEditorText(text: string): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(text);
  }

  /** Whether the active editor has unsaved changes (its tab shows the dirty dot). */
  async activeEditorIsDirty(): Promise<boolean> {
    return (await this.page.locator('.editor-group-container.active .tab.active.dirty').count()) > 0;
  }

  /** Saves test-artifacts/screenshots/<scenario>[-<suffix>].png after the workbench's fade-ins settle. */
  async screenshot(suffix?: string): Promise<string> {
    await this.page.mouse.move(1, 1); // no hover tooltip in the picture
    await sleep(500);
    fs.mkdirSync(screenshotsDir, { recursive: true });
    const file = path.join(screenshotsDir, `${this.scenarioName}${suffix ? `-${suffix}` : ''}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }
}
