import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MUTATING_VERBS,
  Methods,
  PROTOCOL_VERSION,
  describeZodError,
  methodSchemas,
  setCpuLimitParams,
  setLimitParams,
} from '../../src/core/helperProtocol';

describe('helper protocol schemas', () => {
  it('has a schema pair for every method and every mutating verb is a method', () => {
    for (const method of Object.values(Methods)) assert.ok(methodSchemas[method], method);
    for (const verb of MUTATING_VERBS) assert.ok(Object.values(Methods).includes(verb));
    assert.equal(PROTOCOL_VERSION, 1);
  });

  it('accepts well-formed CPU limits and refuses the rest', () => {
    assert.ok(setCpuLimitParams.safeParse({ group: '/a', quotaUs: 20000 }).success);
    assert.ok(
      setCpuLimitParams.safeParse({ group: '/a', quotaUs: null, periodUs: 100000, hierarchy: 'v1:cpu' })
        .success,
    );
    assert.ok(
      setCpuLimitParams.safeParse({ group: '/a', quotaUs: 1, hierarchy: 'v2' }).success,
      'range is core validation',
    );
    for (const bad of [
      { group: '/a' },
      { group: '/a', quotaUs: -1 },
      { group: '/a', quotaUs: 1.5 },
      { group: '/a', quotaUs: '20000' },
      { group: '/a', quotaUs: 2 ** 44 },
      { group: '', quotaUs: 20000 },
      { group: '/a', quotaUs: 20000, hierarchy: '/sys/fs/cgroup/cpu' },
      { group: '/a', quotaUs: 20000, extra: true },
      [],
      null,
    ]) {
      assert.equal(setCpuLimitParams.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it('refuses file names with paths and oversized values', () => {
    assert.ok(setLimitParams.safeParse({ group: '/a', file: 'memory.max', value: '1G' }).success);
    assert.equal(setLimitParams.safeParse({ group: '/a', file: '../x', value: '1' }).success, false);
    assert.equal(setLimitParams.safeParse({ group: '/a', file: 'a/b', value: '1' }).success, false);
    assert.equal(
      setLimitParams.safeParse({ group: '/a', file: 'memory.max', value: 'x'.repeat(5000) }).success,
      false,
    );
  });

  it('describes validation errors in one line with the field name', () => {
    const parsed = setCpuLimitParams.safeParse({ group: '/a', quotaUs: 'x' });
    assert.equal(parsed.success, false);
    if (!parsed.success) assert.match(describeZodError(parsed.error), /^quotaUs: /);
  });

  it('validates results the client receives', () => {
    const result = {
      verb: 'setCpuLimit',
      hierarchy: 'v1:cpu',
      group: '/a',
      writes: [{ file: 'cpu.cfs_quota_us', old: '-1', new: '20000', readBack: '20000' }],
      summary: 'x',
    };
    assert.ok(methodSchemas.setCpuLimit.result.safeParse(result).success);
    assert.equal(methodSchemas.setCpuLimit.result.safeParse({ ...result, verb: 'rm' }).success, false);
  });
});
