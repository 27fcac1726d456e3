// Editing a control file in its editor: Ctrl+S asks "Write <path>?" with "old → new", Write puts the value in
// the kernel and the editor is clean again; a value the kernel refuses (a quota below 1000 µs) fails the
// save with the reason, the kernel keeps its value and the editor keeps the user's text (still dirty).
import * as assert from 'node:assert/strict';
import {
  cleanupTestGroups,
  createTestGroup,
  readControlFile,
  uniqueTestName,
  v1Mount,
} from '../../system/cgroupTestTree';
import { scenario } from '../scenario';
import { waitUntil } from '../workbench';

export default scenario('edit-control-file', async (ui) => {
  const cpuMount = v1Mount('cpu');
  assert.ok(cpuMount, 'this machine mounts no cgroup v1 cpu hierarchy');
  const group = createTestGroup(cpuMount, uniqueTestName('ui-edit'));
  const file = 'cpu.cfs_quota_us';
  try {
    await ui.openActivityView('Cgroups');
    const cpuRoot = await ui.expandRow(/^cpu(,cpuacct)?$/);
    const groupRow = await ui.expand(await ui.childRow(cpuRoot, group.path.slice(1)));
    const controlFiles = await ui.expand(await ui.childRow(groupRow, 'Control files'));
    await (await ui.childRow(controlFiles, file)).click();
    await waitUntil(async () => (await ui.activeTabTitle()) === file, 'the control file editor');
    await waitUntil(async () => (await ui.activeEditorText()).trim() === '-1', 'the editor to show -1');

    // An accepted value: confirmed in the modal, written, read back, editor clean.
    await ui.replaceActiveEditorText('30000');
    await ui.page.keyboard.press('Control+S');
    const confirm = await ui.waitForDialog();
    assert.equal(confirm.message, `Write ${group.path}/${file}?`);
    assert.equal(confirm.detail, '-1 → 30000');
    await ui.clickDialogButton('Write');
    await waitUntil(
      () => Promise.resolve(readControlFile(group, file).trim() === '30000'),
      'the kernel file to read 30000',
    );
    await waitUntil(async () => !(await ui.activeEditorIsDirty()), 'the editor to be saved (not dirty)');

    // A refused value: the save fails with the reason, the kernel keeps 30000, the editor keeps 500.
    await ui.replaceActiveEditorText('500');
    await ui.page.keyboard.press('Control+S');
    const refusedConfirm = await ui.waitForDialog();
    assert.equal(refusedConfirm.detail, '30000 → 500');
    await ui.clickDialogButton('Write');
    const failure = await ui.waitForNotification(/at least 1000/);
    assert.match(failure, new RegExp(`Failed to save '${file.replace('.', '\\.')}'`));
    assert.equal(readControlFile(group, file).trim(), '30000');
    assert.equal((await ui.activeEditorText()).trim(), '500');
    assert.ok(await ui.activeEditorIsDirty(), 'the editor keeps the refused text unsaved');
    await ui.widenSidebar();
    await ui.screenshot();

    // No dirty editor is left behind: revert to the kernel's value.
    await ui.runCommandFromPalette('File: Revert File');
    await waitUntil(async () => !(await ui.activeEditorIsDirty()), 'the reverted editor to be clean');
    await waitUntil(
      async () => (await ui.activeEditorText()).trim() === '30000',
      'the reverted editor to show 30000',
    );
  } finally {
    await cleanupTestGroups();
  }
});
