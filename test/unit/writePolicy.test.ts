import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_POLICY,
  checkGenericValue,
  checkLimitFile,
  checkSubtree,
  checkVerb,
  isWithinSubtree,
  parsePolicy,
} from '../../src/core/writePolicy';

describe('write policy', () => {
  it('allows known limit files and refuses the dangerous ones by default', () => {
    assert.deepEqual(checkLimitFile(DEFAULT_POLICY, 'memory.max', 2), { ok: true, known: true });
    assert.deepEqual(checkLimitFile(DEFAULT_POLICY, 'cpu.shares', 1), { ok: true, known: true });
    for (const file of [
      'release_agent',
      'notify_on_release',
      'devices.allow',
      'devices.deny',
      'cgroup.subtree_control',
    ]) {
      assert.equal(checkLimitFile(DEFAULT_POLICY, file, 1).ok, false, file);
      assert.equal(checkLimitFile(DEFAULT_POLICY, file, 2).ok, false, file);
    }
    const procs = checkLimitFile(DEFAULT_POLICY, 'cgroup.procs', 2);
    assert.match(procs.ok ? '' : procs.reason, /moveProcess/);
    const quota = checkLimitFile(DEFAULT_POLICY, 'cpu.max', 2);
    assert.match(quota.ok ? '' : quota.reason, /setCpuLimit/);
  });

  it('lets a policy add files, but never release_agent', () => {
    const parsed = parsePolicy(JSON.stringify({ allowFiles: ['cgroup.subtree_control', 'devices.*'] }));
    assert.ok(parsed.ok);
    assert.deepEqual(checkLimitFile(parsed.policy, 'cgroup.subtree_control', 2), { ok: true, known: false });
    assert.deepEqual(checkLimitFile(parsed.policy, 'devices.allow', 1), { ok: true, known: false });
    assert.equal(checkLimitFile(parsed.policy, 'release_agent', 1).ok, false);
    const never = parsePolicy(JSON.stringify({ allowFiles: ['release_*'] }));
    assert.equal(never.ok, false);
    assert.match(never.ok ? '' : never.reason, /never writable/);
  });

  it('restricts verbs', () => {
    const parsed = parsePolicy(JSON.stringify({ verbs: ['setCpuLimit'] }));
    assert.ok(parsed.ok);
    assert.deepEqual(checkVerb(parsed.policy, 'setCpuLimit'), { ok: true });
    assert.equal(checkVerb(parsed.policy, 'moveProcess').ok, false);
    assert.equal(checkVerb(DEFAULT_POLICY, 'moveProcess').ok, true);
  });

  it('restricts subtrees per hierarchy, with "*" inside a segment', () => {
    const parsed = parsePolicy(
      JSON.stringify({
        subtrees: { '*': ['/cgroup-lens-test-*'], 'v1:cpu': ['/docker', '/cgroup-lens-test-*'] },
      }),
    );
    assert.ok(parsed.ok);
    const policy = parsed.policy;
    assert.equal(checkSubtree(policy, 'v1:cpu', '/docker/abc').ok, true);
    assert.equal(checkSubtree(policy, 'v1:memory', '/docker/abc').ok, false);
    assert.equal(checkSubtree(policy, 'v2', '/cgroup-lens-test-1-ab/child').ok, true);
    assert.equal(checkSubtree(policy, 'v2', '/').ok, false);
    assert.equal(checkSubtree(policy, 'v1:cpu', '/dockerx').ok, false, 'a prefix is not a subtree');
    assert.equal(isWithinSubtree('/a/b', '/'), true);
    assert.equal(isWithinSubtree('/a.b', '/a*b'), true);
    assert.equal(isWithinSubtree('/axb', '/a.b'), false, 'the pattern is not a regex');
  });

  it('leaves named v1 hierarchies (name=systemd) alone unless the policy names them', () => {
    assert.equal(checkSubtree(DEFAULT_POLICY, 'v1:name=systemd', '/user.slice').ok, false);
    const parsed = parsePolicy(JSON.stringify({ subtrees: { '*': ['/'], 'v1:name=systemd': ['/lab'] } }));
    assert.ok(parsed.ok);
    assert.equal(checkSubtree(parsed.policy, 'v1:name=systemd', '/lab/x').ok, true);
    assert.equal(checkSubtree(parsed.policy, 'v1:name=systemd', '/user.slice').ok, false);
  });

  it('refuses malformed policy files with the place of the problem', () => {
    for (const text of [
      '{',
      '[]',
      '{"verbs": ["rmRf"]}',
      '{"subtrees": {"*": ["relative"]}}',
      '{"subtrees": {"*": ["/a/../b"]}}',
      '{"allowFiles": ["../x"]}',
      '{"unknown": 1}',
    ]) {
      const parsed = parsePolicy(text);
      assert.equal(parsed.ok, false, text);
    }
    const parsed = parsePolicy('{"verbs": ["rmRf"]}');
    assert.match(parsed.ok ? '' : parsed.reason, /verbs/);
  });

  it('generic values are one line', () => {
    assert.deepEqual(checkGenericValue('cgroup.subtree_control', ' +cpu +io \n'), {
      ok: true,
      value: '+cpu +io',
    });
    assert.equal(checkGenericValue('x', 'a\nb').ok, false);
  });
});
