// The palette and the context menu: "Cgroup: Show Log" shows the extension's log, and a group's
// "Copy Cgroup Path" puts the path /proc/PID/cgroup would print on the clipboard.
import * as assert from 'node:assert/strict';
import { cleanupTestGroups, createTestGroup, uniqueTestName, v1Mount } from '../../system/cgroupTestTree';
import { scenario } from '../scenario';
import { waitUntil } from '../workbench';

export default scenario('palette-and-context-menu', async (ui) => {
  const cpuMount = v1Mount('cpu');
  assert.ok(cpuMount, 'this machine mounts no cgroup v1 cpu hierarchy');
  const group = createTestGroup(cpuMount, uniqueTestName('menu'));
  try {
    await ui.openActivityView('Cgroups');
    const cpuRoot = await ui.expandRow(/^cpu(,cpuacct)?$/);
    const groupRow = await ui.childRow(cpuRoot, group.path.slice(1));
    await ui.rightClickMenu(groupRow, 'Copy Cgroup Path');
    await waitUntil(
      async () => (await ui.clipboardText()) === group.path,
      `the clipboard to hold ${group.path}`,
    );

    await ui.runCommandFromPalette('Cgroup: Show Log');
    await waitUntil(async () => /Cgroup Lens \S+ activated/.test(await ui.outputText()), 'the log in Output');
    await ui.screenshot();
  } finally {
    await cleanupTestGroups();
  }
});
