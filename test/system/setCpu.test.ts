// `cgroup-lens set-cpu` on real v1 groups: the direct route as root, the helper route with --helper, and
// refusals that leave the files as they were.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  cleanupTestGroups,
  createTestGroup,
  readControlFile,
  v1Mount,
  type TestGroup,
} from './cgroupTestTree';
import { runCli, runCliJson } from './cliRunner';
import { auditLines, startHelper, type RunningHelper } from './helperKit';

interface SetCpuJson {
  route: string;
  old: { quotaUs: number | null; periodUs: number; cores: number | null };
  new: { quotaUs: number | null; periodUs: number; cores: number | null };
  writes: Array<{ file: string; old: string | null; readBack: string | null }>;
}

describe('cgroup-lens set-cpu', () => {
  let group: TestGroup;
  let helper: RunningHelper;

  before(async () => {
    const mount = v1Mount('cpu');
    assert.ok(mount, 'this machine mounts a v1 cpu hierarchy');
    group = createTestGroup(mount);
    helper = await startHelper();
  });

  after(async () => {
    await helper?.stop();
    await cleanupTestGroups();
  });

  it('sets 0.5 CPU directly as root and reports what the kernel reads back', () => {
    const result = runCliJson<SetCpuJson>(['set-cpu', group.path, '0.5']);
    assert.equal(result.route, 'direct');
    assert.deepEqual(result.old, { quotaUs: null, periodUs: 100000, cores: null });
    assert.deepEqual(result.new, { quotaUs: 50000, periodUs: 100000, cores: 0.5 });
    assert.equal(readControlFile(group, 'cpu.cfs_quota_us').trim(), '50000');
  });

  it('goes through the helper with --helper: percent grammar, a new period, one audit line', () => {
    const before = auditLines(helper.auditPath).length;
    const result = runCliJson<SetCpuJson>([
      'set-cpu',
      group.path,
      '20%',
      '--period',
      '50000',
      '--helper',
      helper.socketPath,
    ]);
    assert.equal(result.route, 'helper');
    assert.deepEqual(result.new, { quotaUs: 10000, periodUs: 50000, cores: 0.2 });
    assert.equal(readControlFile(group, 'cpu.cfs_quota_us').trim(), '10000');
    assert.equal(readControlFile(group, 'cpu.cfs_period_us').trim(), '50000');
    assert.equal(auditLines(helper.auditPath).length, before + 1);
  });

  it('removes the limit with max', () => {
    const result = runCliJson<SetCpuJson>(['set-cpu', group.path, 'max', '--helper', helper.socketPath]);
    assert.equal(result.new.quotaUs, null);
    assert.equal(readControlFile(group, 'cpu.cfs_quota_us').trim(), '-1');
  });

  it('refuses a quota below 1 ms before writing, on both routes', () => {
    for (const extra of [[], ['--helper', helper.socketPath]]) {
      const result = runCli(['set-cpu', group.path, '500us', ...extra]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /at least 1000 µs/);
      assert.equal(readControlFile(group, 'cpu.cfs_quota_us').trim(), '-1');
    }
  });

  it('says how to start the helper when it is not running', () => {
    const result = runCli(['set-cpu', group.path, '0.5', '--helper', `${helper.dir}/absent.sock`]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /helper is not reachable.*sudo cgroup-lens-helper/s);
    assert.equal(readControlFile(group, 'cpu.cfs_quota_us').trim(), '-1');
  });

  it('explains a group that does not exist', () => {
    const result = runCli(['set-cpu', `${group.path}/absent`, '0.5']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /does not exist/);
  });
});
