// The real helper process on a temporary socket, changing real v1 cgroups under this run's test prefix:
// quotas set and read back, a busy loop moved in and really throttled, the other verbs, kernel errors
// explained, and exactly one audit line per accepted mutation.
import { spawn, type ChildProcess } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HelperCallError, HelperClient } from '../../src/adapters/helperClient';
import { HelperErrorCodes } from '../../src/core/helperProtocol';
import {
  cleanupTestGroups,
  createTestGroup,
  uniqueTestName,
  v1Mount,
  type TestGroup,
} from './cgroupTestTree';
import { auditLines, sleep, startHelper, type RunningHelper } from './helperKit';

const cpuMount = v1Mount('cpu');
const cpuacctMount = v1Mount('cpuacct');
const freezerMount = v1Mount('freezer');
const pidsMount = v1Mount('pids');
const memoryMount = v1Mount('memory');

function read(group: TestGroup, file: string, sub = ''): string {
  return fs.readFileSync(path.join(group.dir, sub, file), 'utf8').trim();
}

function cpuStat(dir: string): Record<string, number> {
  const stat: Record<string, number> = {};
  for (const line of fs.readFileSync(path.join(dir, 'cpu.stat'), 'utf8').split('\n')) {
    const [key, value] = line.split(' ');
    if (key) stat[key] = Number(value);
  }
  return stat;
}

/** utime + stime of a process in seconds (from /proc/PID/stat, USER_HZ = 100 on Linux). */
function processCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

describe(
  'helper daemon on real v1 cgroups',
  { skip: cpuMount === undefined ? 'no v1 cpu hierarchy here' : false },
  () => {
    const name = uniqueTestName('helper');
    let cpuGroup: TestGroup;
    let cpuacctGroup: TestGroup | undefined;
    let freezerGroup: TestGroup | undefined;
    let helper: RunningHelper;
    let client: HelperClient;
    let busy: ChildProcess | undefined;
    /** Mutations the helper accepted (ok, or refused by the kernel after trying): one audit line each. */
    let accepted = 0;

    async function call<M extends Parameters<HelperClient['call']>[0]>(
      method: M,
      params: Parameters<HelperClient['call']>[1] & object,
    ) {
      try {
        const result = await client.call(method, params as never);
        accepted++;
        return result;
      } catch (error) {
        if (error instanceof HelperCallError && error.data?.attempted === true) accepted++;
        throw error;
      }
    }

    before(async () => {
      cpuGroup = createTestGroup(cpuMount as string, name);
      if (cpuacctMount) cpuacctGroup = createTestGroup(cpuacctMount, name);
      if (freezerMount) freezerGroup = createTestGroup(freezerMount, name);
      if (pidsMount) createTestGroup(pidsMount, name);
      if (memoryMount) createTestGroup(memoryMount, name);
      helper = await startHelper({ policy: { subtrees: { '*': [cpuGroup.path] } } });
      client = new HelperClient({ socketPath: helper.socketPath, clientName: 'helper.test' });
    });

    after(async () => {
      client?.dispose();
      if (busy?.pid !== undefined && busy.exitCode === null && busy.signalCode === null) {
        const exited = new Promise((resolve) => busy?.once('exit', resolve));
        // A frozen task only dies once thawed.
        if (freezerGroup) fs.writeFileSync(path.join(freezerGroup.dir, 'freezer.state'), 'THAWED');
        process.kill(busy.pid, 'SIGKILL');
        await exited;
      }
      await helper?.stop();
      await cleanupTestGroups();
    });

    it('answers the handshake with its version and allowed verbs', async () => {
      const info = await client.connect();
      assert.equal(info.protocolVersion, 1);
      assert.ok(info.verbs.includes('setCpuLimit'));
      assert.equal((await client.call('ping', {})).pong, true);
    });

    it('creates a child group, sets a quota and reads it back', async () => {
      const created = await call('createGroup', { group: `${cpuGroup.path}/child`, hierarchy: 'v1:cpu' });
      assert.equal(created.verb, 'createGroup');
      assert.ok(fs.statSync(path.join(cpuGroup.dir, 'child')).isDirectory());
      const result = await call('setCpuLimit', { group: cpuGroup.path, quotaUs: 20000, periodUs: 100000 });
      assert.equal(read(cpuGroup, 'cpu.cfs_quota_us'), '20000');
      assert.equal(read(cpuGroup, 'cpu.cfs_period_us'), '100000');
      const quotaWrite = result.writes.find((w) => w.file === 'cpu.cfs_quota_us');
      assert.deepEqual(quotaWrite, { file: 'cpu.cfs_quota_us', old: '-1', new: '20000', readBack: '20000' });
    });

    it('explains the v1 EINVAL when a child would get more than its parent, and leaves the child as it was', async () => {
      const child = `${cpuGroup.path}/child`;
      await assert.rejects(
        call('setCpuLimit', { group: child, quotaUs: 50000, periodUs: 100000 }),
        (error) => {
          assert.ok(error instanceof HelperCallError);
          assert.equal(error.code, HelperErrorCodes.KernelError);
          assert.equal(error.data?.fsCode, 'EINVAL');
          assert.match(error.message, /parent/);
          return true;
        },
      );
      assert.equal(read(cpuGroup, 'cpu.cfs_quota_us', 'child'), '-1');
      assert.equal(read(cpuGroup, 'cpu.cfs_period_us', 'child'), '100000');
    });

    it('changes quota and period together in an order the kernel accepts (v1, child under a limited parent)', async () => {
      const child = `${cpuGroup.path}/child`;
      // Parent allows 0.2 CPU; the child goes to 0.1 with another period, then to 0.15 with the old one.
      await call('setCpuLimit', { group: child, quotaUs: 20000, periodUs: 200000 });
      assert.equal(read(cpuGroup, 'cpu.cfs_quota_us', 'child'), '20000');
      assert.equal(read(cpuGroup, 'cpu.cfs_period_us', 'child'), '200000');
      await call('setCpuLimit', { group: child, quotaUs: 15000, periodUs: 100000 });
      assert.equal(read(cpuGroup, 'cpu.cfs_quota_us', 'child'), '15000');
      assert.equal(read(cpuGroup, 'cpu.cfs_period_us', 'child'), '100000');
      await call('setCpuLimit', { group: child, quotaUs: null });
      assert.equal(read(cpuGroup, 'cpu.cfs_quota_us', 'child'), '-1');
    });

    it('removes an empty group, and explains EBUSY for one with children', async () => {
      await assert.rejects(call('removeGroup', { group: cpuGroup.path, hierarchy: 'v1:cpu' }), (error) => {
        assert.ok(error instanceof HelperCallError);
        assert.equal(error.data?.fsCode, 'EBUSY');
        assert.match(error.message, /child groups/);
        return true;
      });
      await call('removeGroup', { group: `${cpuGroup.path}/child`, hierarchy: 'v1:cpu' });
      assert.equal(fs.existsSync(path.join(cpuGroup.dir, 'child')), false);
    });

    it('moves a busy loop into the group and the kernel really throttles it near the limit', async () => {
      busy = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
      const pid = busy.pid as number;
      const moved = await call('moveProcess', { pid, group: cpuGroup.path, hierarchy: 'v1:cpu' });
      assert.equal(moved.writes[0]?.readBack, cpuGroup.path);
      if (cpuacctGroup) await call('moveProcess', { pid, group: cpuacctGroup.path, hierarchy: 'v1:cpuacct' });
      await sleep(300);
      const stat0 = cpuStat(cpuGroup.dir);
      const usage0 = cpuacctGroup ? Number(read(cpuacctGroup, 'cpuacct.usage')) : 0;
      const cpu0 = processCpuSeconds(pid);
      const t0 = performance.now();
      await sleep(3000);
      const seconds = (performance.now() - t0) / 1000;
      const stat1 = cpuStat(cpuGroup.dir);
      const processShare = (processCpuSeconds(pid) - cpu0) / seconds;
      assert.ok((stat1.nr_throttled ?? 0) > (stat0.nr_throttled ?? 0), 'nr_throttled grows');
      assert.ok(
        processShare < 0.35,
        `the loop used ${(processShare * 100).toFixed(1)}% of a CPU (limit 20%)`,
      );
      assert.ok(processShare > 0.05, `the loop ran at all (${(processShare * 100).toFixed(1)}%)`);
      if (cpuacctGroup) {
        const usageShare = (Number(read(cpuacctGroup, 'cpuacct.usage')) - usage0) / 1e9 / seconds;
        assert.ok(usageShare < 0.35, `cpuacct.usage says ${(usageShare * 100).toFixed(1)}% (limit 20%)`);
      }
    });

    it('sets other allowlisted limits and reads them back', async () => {
      const cpuShares = await call('setLimit', { group: cpuGroup.path, file: 'cpu.shares', value: '512' });
      assert.equal(cpuShares.writes[0]?.old, '1024', 'the old value is read before the write');
      assert.equal(cpuShares.writes[0]?.readBack, '512');
      if (pidsMount) {
        await call('setLimit', { group: cpuGroup.path, file: 'pids.max', value: '64' });
        assert.equal(fs.readFileSync(path.join(pidsMount, name, 'pids.max'), 'utf8').trim(), '64');
        await call('setLimit', { group: cpuGroup.path, file: 'pids.max', value: 'max' });
        assert.equal(fs.readFileSync(path.join(pidsMount, name, 'pids.max'), 'utf8').trim(), 'max');
      }
      if (memoryMount) {
        const memory = await call('setLimit', {
          group: cpuGroup.path,
          file: 'memory.limit_in_bytes',
          value: '256M',
        });
        assert.equal(memory.writes[0]?.readBack, String(256 * 1024 * 1024));
        await call('setLimit', { group: cpuGroup.path, file: 'memory.limit_in_bytes', value: '-1' });
      }
    });

    it('freezes and thaws the group with the busy loop (v1 freezer)', { skip: !freezerMount }, async () => {
      const pid = busy?.pid as number;
      await call('moveProcess', { pid, group: cpuGroup.path, hierarchy: 'v1:freezer' });
      await call('freeze', { group: cpuGroup.path });
      let state = '';
      for (let i = 0; i < 50 && state !== 'FROZEN'; i++) {
        state = read(freezerGroup as TestGroup, 'freezer.state');
        await sleep(20);
      }
      assert.equal(state, 'FROZEN');
      await call('thaw', { group: cpuGroup.path });
      assert.equal(read(freezerGroup as TestGroup, 'freezer.state'), 'THAWED');
    });

    it('wrote exactly one audit line per accepted mutation, with caller, old and new values', () => {
      const lines = auditLines(helper.auditPath);
      assert.equal(lines.length, accepted);
      const quota = lines.find((l) => l.verb === 'setCpuLimit' && l.result === 'ok');
      assert.ok(quota);
      assert.equal(quota.target, cpuGroup.path);
      assert.equal(typeof quota.time, 'string');
      const caller = quota.caller as { uid: number | null; pid: number | null; client: string };
      assert.equal(caller.client, 'helper.test');
      assert.equal(caller.pid, process.pid, 'the caller pid is the test process (ss peer lookup)');
      assert.equal(caller.uid, process.getuid?.());
      const failed = lines.find((l) => l.result === 'error');
      assert.ok(failed && typeof failed.error === 'string');
    });

    it('reopens the audit log on SIGHUP (logrotate)', async () => {
      const rotated = helper.auditPath + '.1';
      fs.renameSync(helper.auditPath, rotated);
      process.kill(helper.pid, 'SIGHUP');
      for (let i = 0; i < 50 && !fs.existsSync(helper.auditPath); i++) await sleep(20);
      await call('setLimit', { group: cpuGroup.path, file: 'cpu.shares', value: '1024' });
      assert.equal(auditLines(helper.auditPath).length, 1);
      assert.equal(auditLines(rotated).length, accepted - 1);
    });
  },
);
