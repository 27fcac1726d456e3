// errno → words (cgroup-facts §7).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { explainFsError, toFsErrorCode } from '../../src/core/errors';

/** errno codes the kernel returns for cgroupfs operations (cgroup-facts.md §7). */
const kernelCodes = [
  'ENOENT',
  'EACCES',
  'EPERM',
  'EINVAL',
  'EBUSY',
  'ERANGE',
  'ENOSPC',
  'EOPNOTSUPP',
  'EAGAIN',
  'ENODEV',
  'EIO',
];

describe('toFsErrorCode', () => {
  it('keeps known codes', () => {
    for (const code of kernelCodes) {
      assert.equal(toFsErrorCode(code), code);
    }
  });
  it('maps aliases', () => {
    assert.equal(toFsErrorCode('ENOTSUP'), 'EOPNOTSUPP');
    assert.equal(toFsErrorCode('EWOULDBLOCK'), 'EAGAIN');
  });
  it('maps unknown codes to OTHER', () => {
    assert.equal(toFsErrorCode('EMFILE'), 'OTHER');
    assert.equal(toFsErrorCode(undefined), 'OTHER');
    assert.equal(toFsErrorCode(''), 'OTHER');
  });
});

describe('explainFsError', () => {
  it('explains EINVAL on cpu.cfs_quota_us with the kernel rules', () => {
    const problem = explainFsError('EINVAL', {
      op: 'write',
      file: 'cpu.cfs_quota_us',
      value: '500',
      path: '/docker/x',
    });
    assert.equal(problem.code, 'EINVAL');
    assert.match(problem.message, /Writing "500" to cpu.cfs_quota_us in \/docker\/x failed/);
    assert.match(problem.message, /1000 µs/);
    assert.match(problem.message, /root group/);
    assert.match(problem.message, /parent's quota/);
  });
  it('explains EINVAL on cpu.max with the -1 sentinel hint', () => {
    assert.match(
      explainFsError('EINVAL', { op: 'write', file: 'cpu.max', value: '-1 100000' }).message,
      /"-1" is not accepted/,
    );
  });
  it('explains EINVAL on memory files per version', () => {
    assert.match(
      explainFsError('EINVAL', { op: 'write', file: 'memory.limit_in_bytes', value: 'max' }).message,
      /"max" is not accepted/,
    );
    assert.match(
      explainFsError('EINVAL', { op: 'write', file: 'memory.max', value: '-1' }).message,
      /"-1" is not accepted/,
    );
    assert.match(
      explainFsError('EINVAL', { op: 'write', file: 'memory.memsw.limit_in_bytes' }).message,
      /at least memory.limit_in_bytes/,
    );
  });
  it('explains EINVAL on cgroup.procs (one pid per write)', () => {
    assert.match(
      explainFsError('EINVAL', { op: 'write', file: 'cgroup.procs', value: '1\n2' }).message,
      /one process id/,
    );
  });
  it('explains EINVAL for the full path of a file', () => {
    assert.match(
      explainFsError('EINVAL', { op: 'write', file: '/sys/fs/cgroup/cpu/a/cpu.cfs_quota_us' }).message,
      /1000 µs/,
    );
  });
  it('explains EPERM and EACCES as needing root or the helper', () => {
    for (const code of ['EPERM', 'EACCES']) {
      const problem = explainFsError(code, { op: 'write', file: 'cpu.cfs_quota_us', value: '20000' });
      assert.equal(problem.code, code);
      assert.match(problem.message, /root or the Cgroup Lens helper/);
    }
    assert.match(explainFsError('EACCES', { op: 'write', file: 'cpuset.cpus' }).message, /within its parent/);
    assert.match(
      explainFsError('EACCES', { op: 'move', value: '42', path: '/a' }).message,
      /common ancestor/,
    );
  });
  it('explains ENOENT as a vanished group', () => {
    const problem = explainFsError('ENOENT', { op: 'read', file: 'cpu.stat', path: '/docker/abc' });
    assert.match(problem.message, /no longer exists \(the container may have just stopped\)/);
    assert.match(
      explainFsError('ENOENT', { op: 'list', path: '/docker/abc' }).message,
      /Listing \/docker\/abc failed/,
    );
  });
  it('explains ENOENT on cgroup.subtree_control as a controller the parent has not enabled', () => {
    assert.match(
      explainFsError('ENOENT', { op: 'write', file: 'cgroup.subtree_control', value: '+cpu' }).message,
      /parent group has not enabled/,
    );
  });
  it('explains ENOENT on mkdir', () => {
    assert.match(
      explainFsError('ENOENT', { op: 'mkdir', path: '/a/b' }).message,
      /parent group does not exist/,
    );
  });
  it('explains EBUSY per operation', () => {
    assert.match(
      explainFsError('EBUSY', { op: 'rmdir', path: '/a' }).message,
      /still has processes or child groups/,
    );
    assert.match(
      explainFsError('EBUSY', { op: 'write', file: 'cgroup.procs', value: '42' }).message,
      /no internal processes/,
    );
    assert.match(
      explainFsError('EBUSY', { op: 'write', file: 'cgroup.subtree_control', value: '+cpu' }).message,
      /leaf group/,
    );
    assert.match(explainFsError('EBUSY', { op: 'write', file: 'memory.limit_in_bytes' }).message, /reclaim/);
    assert.match(explainFsError('EBUSY', { op: 'write', file: 'cpuset.cpus' }).message, /child group/);
  });
  it('explains ENOSPC for cpusets', () => {
    assert.match(
      explainFsError('ENOSPC', { op: 'write', file: 'tasks', value: '42' }).message,
      /cpuset.cpus and cpuset.mems/,
    );
  });
  it('explains ERANGE with the file range', () => {
    assert.match(
      explainFsError('ERANGE', { op: 'write', file: 'cpu.weight', value: '0' }).message,
      /1\.\.10000/,
    );
    assert.match(
      explainFsError('ERANGE', { op: 'write', file: 'cgroup.freeze', value: '2' }).message,
      /0 or 1/,
    );
    assert.match(
      explainFsError('ERANGE', { op: 'write', file: 'io.max', value: '8:0 rbps=0' }).message,
      /"max"/,
    );
    assert.match(explainFsError('ERANGE', { op: 'write', file: 'other' }).message, /out of range\./);
  });
  it('explains EAGAIN on mkdir as a descendant limit', () => {
    assert.match(explainFsError('EAGAIN', { op: 'mkdir', path: '/a/b' }).message, /cgroup.max.descendants/);
  });
  it('explains EOPNOTSUPP, ENODEV and EIO', () => {
    assert.match(explainFsError('EOPNOTSUPP', { op: 'write', file: 'cgroup.type' }).message, /threaded/);
    assert.match(explainFsError('ENODEV', { op: 'read', file: 'x' }).message, /not available/);
    assert.equal(explainFsError('EIO', { op: 'read', file: 'x' }).code, 'EIO');
  });
  it('explains ESRCH, EEXIST and EROFS', () => {
    assert.match(
      explainFsError('ESRCH', { op: 'move', value: '99999', path: '/a' }).message,
      /no such process/,
    );
    assert.match(explainFsError('EEXIST', { op: 'mkdir', path: '/a' }).message, /already exists/);
    assert.match(explainFsError('EROFS', { op: 'write', file: 'cpu.max' }).message, /read-only/);
  });
  it('keeps the original code of unknown errors in the message', () => {
    const problem = explainFsError('EMFILE', { op: 'read', file: 'cpu.stat' });
    assert.equal(problem.code, 'OTHER');
    assert.equal(problem.message, 'Reading cpu.stat failed (EMFILE).');
    assert.equal(explainFsError(undefined, { op: 'read' }).message, 'Reading the file failed.');
  });
  it('never gives an empty message', () => {
    for (const code of [...kernelCodes, 'X', undefined]) {
      for (const op of ['read', 'write', 'mkdir', 'rmdir', 'list', 'move'] as const) {
        assert.ok(explainFsError(code, { op }).message.length > 10, `${code} ${op}`);
      }
    }
  });
});
