// The Hierarchy view on a real group: a test group with a 20% CPU quota appears under the cpu hierarchy with
// "0.2 CPU" in its description, and its cpu.cfs_quota_us opens in an editor showing the kernel's value.
import * as assert from 'node:assert/strict';
import {
  cleanupTestGroups,
  createTestGroup,
  readControlFile,
  uniqueTestName,
  v1Mount,
  writeControlFile,
} from '../../system/cgroupTestTree';
import { scenario } from '../scenario';
import { waitUntil } from '../workbench';

export default scenario('cpu-test-group', async (ui) => {
  const cpuMount = v1Mount('cpu');
  assert.ok(cpuMount, 'this machine mounts no cgroup v1 cpu hierarchy');
  const group = createTestGroup(cpuMount, uniqueTestName('ui'));
  const groupName = group.path.slice(1);
  try {
    writeControlFile(group, 'cpu.cfs_quota_us', '20000');

    await ui.openActivityView('Cgroups');
    const cpuRoot = await ui.expandRow(/^cpu(,cpuacct)?$/);
    const groupRow = await ui.childRow(cpuRoot, groupName);
    const description = await ui.rowDescription(groupRow);
    assert.match(description, /\b0\.2 CPU\b/, `description of ${groupName}`);
    await ui.expand(groupRow);

    const controlFiles = await ui.expand(await ui.childRow(groupRow, 'Control files'));
    await (await ui.childRow(controlFiles, 'cpu.cfs_quota_us')).click();
    await waitUntil(
      async () => (await ui.activeTabTitle()) === 'cpu.cfs_quota_us',
      'the control file editor',
    );
    const kernelValue = readControlFile(group, 'cpu.cfs_quota_us').trim();
    assert.equal(kernelValue, '20000');
    await waitUntil(
      async () => (await ui.activeEditorText()).trim() === kernelValue,
      'the editor to show 20000',
    );
    await ui.widenSidebar();
    await ui.screenshot();
  } finally {
    await cleanupTestGroups();
  }
});
