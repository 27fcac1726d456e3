// systemd unit names in cgroup paths: escaping both ways, slice expansion, unit types.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  escapeSystemdName,
  expandSystemdSlice,
  systemdUnitType,
  unescapeSystemdName,
} from '../../src/core/systemd';

describe('escapeSystemdName', () => {
  it('escapes like systemd-escape', () => {
    assert.equal(escapeSystemdName('my-box'), 'my\\x2dbox');
    assert.equal(escapeSystemdName('/dev/sda'), '-dev-sda');
    assert.equal(escapeSystemdName('.hidden'), '\\x2ehidden');
    assert.equal(escapeSystemdName('a b'), 'a\\x20b');
    assert.equal(escapeSystemdName('café'), 'caf\\xc3\\xa9');
    assert.equal(escapeSystemdName('x:y_z.1'), 'x:y_z.1');
  });
  it('round-trips through unescapeSystemdName (without "/")', () => {
    for (const text of ['my-box', 'a b', 'café', 'qemu-1-vm', 'x.y', '.dot']) {
      assert.equal(unescapeSystemdName(escapeSystemdName(text)), text);
    }
  });
});

describe('expandSystemdSlice', () => {
  it('expands nested slices', () => {
    assert.equal(expandSystemdSlice('a-b-c.slice'), '/a.slice/a-b.slice/a-b-c.slice');
    assert.equal(
      expandSystemdSlice('kubepods-burstable-pod1234.slice'),
      '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1234.slice',
    );
    assert.equal(expandSystemdSlice('system.slice'), '/system.slice');
    assert.equal(expandSystemdSlice('-.slice'), '/');
  });
  it('rejects invalid slices', () => {
    for (const bad of ['a--b.slice', '-a.slice', 'a-.slice', 'a.service', '.slice', 'a/b.slice']) {
      assert.equal(expandSystemdSlice(bad), undefined, bad);
    }
  });
});

describe('systemdUnitType', () => {
  it('recognises unit suffixes', () => {
    assert.equal(systemdUnitType('cron.service'), 'service');
    assert.equal(systemdUnitType('session-2.scope'), 'scope');
    assert.equal(systemdUnitType('user.slice'), 'slice');
    assert.equal(systemdUnitType('var-lib-docker.mount'), 'mount');
    assert.equal(systemdUnitType('docker.socket'), 'socket');
    assert.equal(systemdUnitType('dev-sda2.swap'), 'swap');
  });
  it('ignores other names', () => {
    assert.equal(systemdUnitType('docker'), undefined);
    assert.equal(systemdUnitType('.service'), undefined);
    assert.equal(systemdUnitType('multi-user.target'), undefined);
  });
});
