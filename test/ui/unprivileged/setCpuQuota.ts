// "Cgroup: Set CPU Quota" end to end as a user would run it: VS Code (the extension host) runs as an
// unprivileged user, so the write must go through the privileged helper on its socket. The palette command,
// the group picker, the limit box that explains the input, the notification with the value read back, the
// kernel file, the helper's audit line naming the user, and the tree's new description are all checked.
import * as assert from 'node:assert/strict';
import {
  cleanupTestGroups,
  createTestGroup,
  readControlFile,
  uniqueTestName,
  v1Mount,
} from '../../system/cgroupTestTree';
import { auditLines } from '../../system/helperKit';
import { scenario } from '../scenario';
import { waitUntil } from '../workbench';

export interface HelperForUi {
  auditPath: string;
  uid: number;
}

export function setCpuQuotaScenario(helper: HelperForUi) {
  return scenario('set-cpu-quota-as-user', async (ui) => {
    const cpuMount = v1Mount('cpu');
    assert.ok(cpuMount, 'this machine mounts no cgroup v1 cpu hierarchy');
    const group = createTestGroup(cpuMount, uniqueTestName('ui-set'));
    const groupName = group.path.slice(1);
    try {
      await ui.openActivityView('Cgroups');
      await ui.runCommandFromPalette('Cgroup: Set CPU Quota');

      const input = ui.page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(groupName);
      const pick = ui.page
        .locator('.quick-input-widget .quick-input-list .monaco-list-row')
        .filter({ hasText: groupName })
        .first();
      await pick.waitFor({ state: 'visible', timeout: 30_000 });
      await pick.click();

      await waitUntil(
        async () => (await input.inputValue()) === '',
        'the limit box to open empty (unlimited now)',
      );
      await input.fill('0.3');
      const message = ui.page.locator('.quick-input-widget .quick-input-message');
      await waitUntil(
        async () => /unlimited → 0\.3 CPU/.test((await message.textContent()) ?? ''),
        'the limit box to explain 0.3 as old → new',
      );
      await ui.screenshot('limit-box');
      await input.press('Enter');

      const note = await ui.waitForNotification(/read back from the kernel/, 30_000);
      assert.match(note, /cpu\.cfs_quota_us -1 → 30000/);
      assert.equal(readControlFile(group, 'cpu.cfs_quota_us').trim(), '30000');

      const audit = auditLines(helper.auditPath).filter((line) => line.target === group.path);
      assert.equal(audit.length, 1, 'one audit line for the write');
      const caller = audit[0]?.caller as { uid?: number } | undefined;
      assert.equal(caller?.uid, helper.uid, 'the audit line names the unprivileged user');

      const cpuRoot = await ui.expandRow(/^cpu(,cpuacct)?$/);
      const groupRow = await ui.childRow(cpuRoot, groupName);
      await waitUntil(
        async () => /\b0\.3 CPU\b/.test(await ui.rowDescription(groupRow)),
        'the tree to show 0.3 CPU',
      );
      await ui.widenSidebar();
      await ui.screenshot();
    } finally {
      await cleanupTestGroups();
    }
  });
}
