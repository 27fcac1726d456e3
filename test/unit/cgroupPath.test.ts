// Cgroup path checks used by the CLI, the adapters and the helper's request validation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cgroupBaseName,
  cgroupPathDepth,
  cgroupPathSegments,
  isCgroupPathWithin,
  joinCgroupPath,
  normalizeCgroupPath,
  parentCgroupPath,
} from '../../src/core/cgroupPath';

describe('normalizeCgroupPath', () => {
  const good: Array<[string, string]> = [
    ['/', '/'],
    ['/docker/abc', '/docker/abc'],
    ['/docker/abc/', '/docker/abc'],
    ['/system.slice/docker-abc.scope', '/system.slice/docker-abc.scope'],
    ['/machine.slice/machine-my\\x2dbox.scope', '/machine.slice/machine-my\\x2dbox.scope'],
    ['/a b/c', '/a b/c'],
    ['/..a/b..', '/..a/b..'],
    ['/...', '/...'],
  ];
  for (const [input, path] of good) {
    it(`accepts ${JSON.stringify(input)}`, () =>
      assert.deepEqual(normalizeCgroupPath(input), { ok: true, path }));
  }
  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['docker/abc', /must start with "\/"/],
    ['/a/../b', /"\.\."/],
    ['/..', /"\.\."/],
    ['/a/./b', /"\."/],
    ['/a//b', /empty segment/],
    ['//', /empty segment/],
    ['/a/b//', /empty segment/],
    ['/a\0b', /NUL/],
    ['/a\nb', /control character/],
    ['/a\tb', /control character/],
    ['/' + 'x'.repeat(256), /longer than 255/],
    ['/a'.repeat(3000), /longer than 4096/],
  ];
  for (const [input, reason] of bad) {
    it(`rejects ${JSON.stringify(input.slice(0, 30))}`, () => {
      const result = normalizeCgroupPath(input);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.reason, reason);
    });
  }
  it('rejects non-strings without throwing', () => {
    assert.equal(normalizeCgroupPath(undefined as unknown as string).ok, false);
    assert.equal(normalizeCgroupPath(42 as unknown as string).ok, false);
  });
});

describe('path helpers', () => {
  it('joins', () => {
    assert.equal(joinCgroupPath('/', 'a'), '/a');
    assert.equal(joinCgroupPath('/a', 'b'), '/a/b');
    assert.equal(joinCgroupPath('/a/', '/b/c'), '/a/b/c');
    assert.equal(joinCgroupPath('/', ''), '/');
  });
  it('finds parents', () => {
    assert.equal(parentCgroupPath('/a/b'), '/a');
    assert.equal(parentCgroupPath('/a'), '/');
    assert.equal(parentCgroupPath('/'), undefined);
  });
  it('finds base names', () => {
    assert.equal(cgroupBaseName('/system.slice/cron.service'), 'cron.service');
    assert.equal(cgroupBaseName('/a/'), 'a');
    assert.equal(cgroupBaseName('/'), '/');
  });
  it('splits and measures', () => {
    assert.deepEqual(cgroupPathSegments('/a/b'), ['a', 'b']);
    assert.deepEqual(cgroupPathSegments('/'), []);
    assert.equal(cgroupPathDepth('/'), 0);
    assert.equal(cgroupPathDepth('/a/b/c'), 3);
  });
  it('checks containment on segment boundaries', () => {
    assert.equal(isCgroupPathWithin('/a/b', '/a'), true);
    assert.equal(isCgroupPathWithin('/a', '/a'), true);
    assert.equal(isCgroupPathWithin('/ab', '/a'), false);
    assert.equal(isCgroupPathWithin('/anything', '/'), true);
  });
});
