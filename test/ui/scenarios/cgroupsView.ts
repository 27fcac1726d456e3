// Opening the Cgroups view from the activity bar shows one root per mounted hierarchy.
import * as assert from 'node:assert/strict';
import { scenario } from '../scenario';

export default scenario('cgroups-view', async (ui) => {
  await ui.openActivityView('Cgroups');
  const cpuRoot = ui.treeRow(/^cpu(,cpuacct)?$/);
  await cpuRoot.waitFor({ state: 'visible', timeout: 30_000 });
  const rows = await ui.page.locator('.part.sidebar .monaco-list-row').count();
  assert.ok(rows >= 2, `expected a row per hierarchy, saw ${rows}`);
  await ui.screenshot();
});
