import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkCpuList,
  freezeWrite,
  limitKind,
  parseMemparseBytes,
  validateLimitValue,
} from '../../src/core/limits';

const ok = (file: string, version: 1 | 2, value: string, expected = value.trim()) =>
  assert.deepEqual(
    validateLimitValue(file, version, value),
    { ok: true, value: expected },
    `${file} ${value}`,
  );
const bad = (file: string, version: 1 | 2, value: string, reason: RegExp) => {
  const check = validateLimitValue(file, version, value);
  assert.equal(check.ok, false, `${file} ${JSON.stringify(value)} should be refused`);
  assert.match(check.ok ? '' : check.reason, reason);
};

describe('limit values', () => {
  it('memory: v1 takes -1, v2 takes max, never the other sentinel', () => {
    ok('memory.limit_in_bytes', 1, '-1');
    ok('memory.max', 2, 'max');
    bad('memory.limit_in_bytes', 1, 'max', /"-1" for unlimited/);
    bad('memory.max', 2, '-1', /"max" for unlimited/);
    bad('memory.high', 2, 'unlimited', /"max"/);
  });

  it('memory: bytes with K/M/G/T/P/E suffixes, nothing else', () => {
    ok('memory.limit_in_bytes', 1, '536870912');
    ok('memory.max', 2, '512M');
    ok('memory.max', 2, ' 2g\n', '2g');
    ok('memory.memsw.limit_in_bytes', 1, '1T');
    bad('memory.max', 2, '1.5G', /byte count/);
    bad('memory.max', 2, '512MiB', /byte count/);
    bad('memory.max', 2, '0x100', /byte count/);
    bad('memory.max', 2, '-5', /byte count/);
    bad('memory.max', 2, '99999999999999999999', /byte count/);
    assert.equal(parseMemparseBytes('1k'), 1024n);
    assert.equal(parseMemparseBytes('8E'), undefined, '2^63 overflows a long');
    assert.equal(parseMemparseBytes('7E'), 7n << 60n);
  });

  it('pids.max: 0..4194304 or max', () => {
    ok('pids.max', 1, 'max');
    ok('pids.max', 2, '0');
    ok('pids.max', 2, '4194304');
    bad('pids.max', 2, '4194305', /out of range/);
    bad('pids.max', 2, '-1', /whole number/);
    bad('pids.max', 1, '010', /whole number/);
  });

  it('cpu.shares 2..262144 (v1 only), cpu.weight 1..10000 (v2 only)', () => {
    ok('cpu.shares', 1, '2');
    ok('cpu.shares', 1, '262144');
    bad('cpu.shares', 1, '1', /2\.\.262144/);
    bad('cpu.shares', 1, '262145', /out of range/);
    ok('cpu.weight', 2, '1');
    ok('cpu.weight', 2, '10000');
    bad('cpu.weight', 2, '0', /1\.\.10000/);
    bad('cpu.weight', 2, '10001', /1\.\.10000/);
    bad('cpu.shares', 2, '1024', /not a limit file/);
    bad('cpu.weight', 1, '100', /not a limit file/);
  });

  it('cpuset lists', () => {
    ok('cpuset.cpus', 1, '0-3,5,7-8');
    ok('cpuset.mems', 2, '0');
    ok('cpuset.cpus', 2, '');
    bad('cpuset.cpus', 1, '3-1', /backwards/);
    bad('cpuset.cpus', 1, '0-3,,4', /not a number or range/);
    bad('cpuset.cpus', 1, 'all', /not a number or range/);
    assert.equal(checkCpuList('cpuset.cpus', '1,2').ok, true);
  });

  it('blkio (v1) and io.max (v2) throttles', () => {
    ok('blkio.throttle.read_bps_device', 1, '8:0 1048576');
    ok('blkio.throttle.write_iops_device', 1, '8:16 0');
    bad('blkio.throttle.read_bps_device', 1, '8:0', /MAJOR:MINOR VALUE/);
    bad('blkio.throttle.read_bps_device', 1, 'sda 100', /MAJOR:MINOR VALUE/);
    ok('io.max', 2, '8:0 rbps=1048576 wbps=max');
    ok('io.max', 2, '259:0 riops=100 wiops=200');
    bad('io.max', 2, '8:0 rbps=0', /use "max" rather than 0/);
    bad('io.max', 2, '8:0 speed=1', /keys rbps/);
    bad('io.max', 2, '8:0 rbps=1 rbps=2', /twice/);
    bad('io.max', 2, '8:0', /MAJOR:MINOR key=value/);
  });

  it('freeze: v1 FROZEN/THAWED, v2 0/1', () => {
    ok('freezer.state', 1, 'FROZEN');
    ok('freezer.state', 1, 'THAWED');
    bad('freezer.state', 1, 'FREEZING', /FROZEN or THAWED/);
    ok('cgroup.freeze', 2, '1');
    bad('cgroup.freeze', 2, '2', /1 \(freeze\) or 0/);
    assert.deepEqual(freezeWrite(1, true), { file: 'freezer.state', value: 'FROZEN' });
    assert.deepEqual(freezeWrite(2, false), { file: 'cgroup.freeze', value: '0' });
  });

  it('refuses several lines and unknown files', () => {
    bad('pids.max', 2, '5\n6', /single line/);
    bad('release_agent', 1, '/x', /not a limit file/);
    assert.equal(limitKind('__proto__', 1), undefined);
    assert.equal(limitKind('constructor', 2), undefined);
  });
});
