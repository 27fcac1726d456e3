// The group commands of the context menu on real groups: Create Child Group… (input box, notification, new
// row, new directory), Move Process into Group… (the pid in cgroup.procs and under Processes), Freeze and
// Thaw Group in the freezer hierarchy (freezer.state), Remove Empty Group (confirmed, directory gone) and its
// refusal on a group that still has children (the reason in words, the directory kept).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import {
  cleanupTestGroups,
  createTestGroup,
  moveProcess,
  readControlFile,
  spawnSleeper,
  uniqueTestName,
  v1Mount,
  writeControlFile,
  type TestGroup,
} from '../../system/cgroupTestTree';
import { sleep } from '../../vscode/codeServer';
import { scenario } from '../scenario';
import { waitUntil, type Workbench } from '../workbench';

const cpuRootLabel = /^cpu(,cpuacct)?$/;

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A group's row found afresh (rows are re-rendered after every write), expanded down from its hierarchy. */
async function groupRow(ui: Workbench, hierarchyLabel: RegExp, ...names: string[]): Promise<Locator> {
  let row = await ui.expandRow(hierarchyLabel);
  for (const [index, name] of names.entries()) {
    row = await ui.childRow(row, name);
    if (index < names.length - 1) await ui.expand(row);
  }
  return row;
}

/**
 * Right-clicks `row` and chooses `item`, retrying when the click lands while the menu is still opening
 * (the menu then stays open and no command runs).
 */
async function chooseFromMenu(ui: Workbench, row: Locator, item: string): Promise<void> {
  const menu = ui.page.locator('.monaco-menu').first();
  for (let attempt = 1; ; attempt++) {
    if (!(await menu.isVisible())) await row.click({ button: 'right' });
    const menuItem = ui.page
      .locator('.monaco-menu .action-item .action-label')
      .filter({ hasText: item })
      .first();
    await menuItem.waitFor({ state: 'visible', timeout: 10_000 });
    await sleep(300); // a click in the menu's first moments is dropped
    await menuItem.click();
    try {
      await menu.waitFor({ state: 'hidden', timeout: 2_000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

interface MenuGesture {
  findRow: () => Promise<Locator>;
  item: string;
  /** What the command shows once it runs (an input box, a dialog, a notification). */
  shown: Locator;
  /** What the user does with it (types an answer, clicks a button); nothing by default. */
  answer?: () => Promise<void>;
  /** The outcome, checked on the real cgroupfs or in the workbench. */
  done: () => Promise<boolean>;
  what: string;
}

/**
 * Chooses a context-menu item and answers what the command shows, until the outcome holds. A click that
 * lands while the menu or the tree is re-rendering can leave nothing shown (or an input box that closes),
 * so the whole gesture is tried up to 3 times; the outcome check keeps a retry from doing it twice.
 */
async function useMenu(ui: Workbench, gesture: MenuGesture): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    // The workbench drops toasts beyond 3 within 800 ms (spam protection); a user is never this quick.
    await sleep(1_000);
    try {
      await chooseFromMenu(ui, await gesture.findRow(), gesture.item);
      await gesture.shown.waitFor({ state: 'visible', timeout: 5_000 });
      await gesture.answer?.();
      await waitUntil(gesture.done, gesture.what, 10_000);
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      console.log(
        `    retry ${gesture.item}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
      await ui.screenshot(`retry-${attempt}`);
      await ui.page.keyboard.press('Escape');
    }
  }
}

/** The input box of a showInputBox whose title is `title` (its input's aria-label). */
function inputBox(ui: Workbench, title: string): Locator {
  return ui.page.locator(`.quick-input-widget .quick-input-box input[aria-label="${title}"]`);
}

function notification(ui: Workbench, text: RegExp): Locator {
  return ui.page
    .locator('.notifications-toasts .notification-toast .notification-list-item-message')
    .filter({ hasText: text })
    .first();
}

async function collapse(ui: Workbench, label: RegExp): Promise<void> {
  const row = await ui.revealRow(label);
  if ((await row.getAttribute('aria-expanded')) === 'true') await row.locator('.monaco-tl-twistie').click();
  await waitUntil(async () => (await row.getAttribute('aria-expanded')) === 'false', 'a row to collapse');
}

const exists = (dir: string) => () => Promise.resolve(fs.existsSync(dir));

async function createChildFromMenu(ui: Workbench, parent: TestGroup, name: string): Promise<void> {
  await useMenu(ui, {
    findRow: () => groupRow(ui, cpuRootLabel, parent.path.slice(1)),
    item: 'Create Child Group…',
    shown: inputBox(ui, `New group under ${parent.path}`),
    answer: () => ui.answerInputBox(name),
    done: exists(path.join(parent.dir, name)),
    what: `the directory ${name} to exist`,
  });
  await ui.waitForNotification(new RegExp(`Create group ${escaped(`${parent.path}/${name}`)}: done`));
}

export default scenario('group-commands', async (ui) => {
  const cpuMount = v1Mount('cpu');
  const freezerMount = v1Mount('freezer');
  assert.ok(cpuMount, 'this machine mounts no cgroup v1 cpu hierarchy');
  assert.ok(freezerMount, 'this machine mounts no cgroup v1 freezer hierarchy');
  const name = uniqueTestName('ui-cmds');
  const group = createTestGroup(cpuMount, name);
  const freezerGroup = createTestGroup(freezerMount, name);
  const sleeper = spawnSleeper();
  try {
    await ui.openActivityView('Cgroups');
    await ui.widenSidebar();

    // Create Child Group…: the row appears under the group (the tree refreshes after the write).
    await createChildFromMenu(ui, group, 'child-a');
    await groupRow(ui, cpuRootLabel, name, 'child-a');

    // Move Process into Group…: the sleeper lands in child-a's cgroup.procs and under its Processes.
    const childProcs = path.join(group.dir, 'child-a', 'cgroup.procs');
    await useMenu(ui, {
      findRow: () => groupRow(ui, cpuRootLabel, name, 'child-a'),
      item: 'Move Process into Group…',
      shown: inputBox(ui, `Move a process into ${group.path}/child-a`),
      answer: () => ui.answerInputBox(String(sleeper.pid)),
      done: () =>
        Promise.resolve(fs.readFileSync(childProcs, 'utf8').split('\n').includes(String(sleeper.pid))),
      what: `pid ${sleeper.pid} in child-a/cgroup.procs`,
    });
    await ui.waitForNotification(
      new RegExp(`Move process ${sleeper.pid} into ${escaped(group.path)}/child-a`),
    );
    const childRow = await ui.expand(await groupRow(ui, cpuRootLabel, name, 'child-a'));
    const processes = await ui.expand(await ui.childRow(childRow, 'Processes'));
    const pidRow = await ui.childRow(processes, String(sleeper.pid));
    assert.match(await ui.rowDescription(pidRow), /sleep/);
    await ui.screenshot('moved');
    await collapse(ui, cpuRootLabel);

    // Freeze and Thaw Group in the freezer hierarchy, with the sleeper inside.
    moveProcess(freezerGroup, sleeper.pid);
    const freezerState = (state: string) => () =>
      Promise.resolve(readControlFile(freezerGroup, 'freezer.state').trim() === state);
    await useMenu(ui, {
      findRow: () => groupRow(ui, /^freezer$/, name),
      item: 'Freeze Group',
      shown: notification(ui, new RegExp(`Freeze ${escaped(freezerGroup.path)}`)),
      done: freezerState('FROZEN'),
      what: 'freezer.state to read FROZEN',
    });
    await useMenu(ui, {
      findRow: () => groupRow(ui, /^freezer$/, name),
      item: 'Thaw Group',
      shown: notification(ui, new RegExp(`Thaw ${escaped(freezerGroup.path)}`)),
      done: freezerState('THAWED'),
      what: 'freezer.state to read THAWED',
    });
    await collapse(ui, /^freezer$/);

    // Remove Empty Group on an empty child: confirmed in a modal, the directory is gone.
    await createChildFromMenu(ui, group, 'child-b');
    const childB = path.join(group.dir, 'child-b');
    await useMenu(ui, {
      findRow: () => groupRow(ui, cpuRootLabel, name, 'child-b'),
      item: 'Remove Empty Group',
      shown: ui.dialog(),
      answer: async () => {
        const dialog = await ui.waitForDialog();
        assert.equal(dialog.message, `Remove the group ${group.path}/child-b?`);
        await ui.clickDialogButton('Remove');
      },
      done: async () => !(await exists(childB)()),
      what: 'child-b to be removed',
    });
    await ui.waitForNotification(new RegExp(`Remove group ${escaped(group.path)}/child-b: done`));

    // Remove Empty Group on the group that still has child-a: refused in words, nothing removed.
    const refusal = notification(ui, /still has processes or child groups/);
    await useMenu(ui, {
      findRow: () => groupRow(ui, cpuRootLabel, name),
      item: 'Remove Empty Group',
      shown: ui.dialog(),
      answer: () => ui.clickDialogButton('Remove'),
      done: () => refusal.isVisible(),
      what: 'the refusal to remove a group with children',
    });
    assert.match(
      (await refusal.textContent()) ?? '',
      new RegExp(`Remove group ${escaped(group.path)}: .*still has processes or child groups`),
    );
    assert.ok(fs.existsSync(group.dir), 'the group with children is kept');
    await ui.screenshot();
  } catch (error) {
    await ui.screenshot('failed-before-cleanup').catch(() => undefined);
    throw error;
  } finally {
    // A frozen process cannot die: thaw before cleanup kills the sleeper.
    if (fs.existsSync(freezerGroup.dir)) writeControlFile(freezerGroup, 'freezer.state', 'THAWED');
    await cleanupTestGroups();
  }
});
