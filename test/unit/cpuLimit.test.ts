// The CPU limit model: reading v1 and v2 files, the user grammar, the kernel's rules, file writes, display.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpuLimitFiles,
  cpuLimitFromCores,
  cpuLimitFromV1,
  cpuLimitFromV2,
  cpuMaxText,
  describeCpuLimitChange,
  effectiveCpuLimit,
  formatCpuLimit,
  formatCpuLimitLong,
  isParseError,
  makeCpuLimit,
  MAX_CFS_QUOTA_US,
  parseCpuLimitInput,
  unlimitedCpuLimit,
  validateCpuLimit,
} from '../../src/core/cpuLimit';
import type { CgroupVersion, CpuLimit } from '../../src/core/model';

describe('cpuLimitFromV1', () => {
  it('reads a finite quota', () => {
    assert.deepEqual(cpuLimitFromV1('20000\n', '100000\n'), { quotaUs: 20000, periodUs: 100000, cores: 0.2 });
  });
  it('reads -1 as unlimited', () => {
    assert.deepEqual(cpuLimitFromV1('-1\n', '100000\n'), { quotaUs: null, periodUs: 100000, cores: null });
  });
  it('treats any negative quota as unlimited', () => {
    assert.equal((cpuLimitFromV1('-5', '100000') as CpuLimit).quotaUs, null);
  });
  it('reads several CPUs', () => assert.equal((cpuLimitFromV1('150000', '100000') as CpuLimit).cores, 1.5));
  it('reports garbage as a parse error', () => {
    assert.ok(isParseError(cpuLimitFromV1('abc', '100000')));
    assert.ok(isParseError(cpuLimitFromV1('20000', '')));
    assert.ok(isParseError(cpuLimitFromV1('20000', '0')));
    assert.ok(isParseError(cpuLimitFromV1('1.5', '100000')));
  });
});

describe('cpuLimitFromV2', () => {
  it('reads "max 100000"', () => {
    assert.deepEqual(cpuLimitFromV2('max 100000\n'), { quotaUs: null, periodUs: 100000, cores: null });
  });
  it('reads "20000 100000"', () => {
    assert.deepEqual(cpuLimitFromV2('20000 100000\n'), { quotaUs: 20000, periodUs: 100000, cores: 0.2 });
  });
  it('reads a non-default period', () => assert.equal((cpuLimitFromV2('50000 50000') as CpuLimit).cores, 1));
  it('rejects malformed text', () => {
    for (const bad of ['', 'max', '20000', '-1 100000', 'max max', '1 2 3', 'x 100000', '20000 0']) {
      assert.ok(isParseError(cpuLimitFromV2(bad)), bad);
    }
  });
  it('formats back to cpu.max text', () => {
    assert.equal(cpuMaxText(makeCpuLimit(20000, 100000)), '20000 100000');
    assert.equal(cpuMaxText(unlimitedCpuLimit()), 'max 100000');
  });
});

describe('parseCpuLimitInput', () => {
  const v1 = { version: 1 as CgroupVersion, currentPeriodUs: 100000 };
  const v2 = { version: 2 as CgroupVersion, currentPeriodUs: 100000 };
  const good: Array<[input: string, quotaUs: number | null, periodUs: number, context?: typeof v1]> = [
    ['0.5', 50000, 100000],
    ['1.5', 150000, 100000],
    ['2', 200000, 100000],
    ['.25', 25000, 100000],
    ['0.2 cpu', 20000, 100000],
    ['2 cpus', 200000, 100000],
    ['3 cores', 300000, 100000],
    ['1c', 100000, 100000],
    ['50%', 50000, 100000],
    ['150%', 150000, 100000],
    ['20 %', 20000, 100000],
    ['500m', 50000, 100000],
    ['1500m', 150000, 100000],
    ['20000us', 20000, 100000],
    ['20000µs', 20000, 100000],
    ['20ms', 20000, 100000],
    ['1s', 1000000, 100000],
    ['20000/100000', 20000, 100000],
    ['20000 / 50000', 20000, 50000],
    ['20000 100000', 20000, 100000],
    ['20ms/100ms', 20000, 100000],
    ['5ms/10ms', 5000, 10000],
    ['max', null, 100000],
    ['MAX', null, 100000],
    ['unlimited', null, 100000],
    ['none', null, 100000],
    ['-1', null, 100000],
    ['max 50000', null, 50000],
    ['  0.5  ', 50000, 100000],
    ['0,5', 50000, 100000],
    ['1,5 cpus', 150000, 100000],
    ['２核', 200000, 100000],
    ['2 个 CPU', 200000, 100000],
    ['５０％', 50000, 100000],
    ['０.５', 50000, 100000],
    ['0.5', 25000, 50000, { version: 1, currentPeriodUs: 50000 }],
    ['max', null, 250000, { version: 2, currentPeriodUs: 250000 }],
  ];
  for (const [input, quotaUs, periodUs, context] of good) {
    for (const base of context ? [context] : [v1, v2]) {
      it(`accepts ${JSON.stringify(input)} (v${base.version})`, () => {
        const result = parseCpuLimitInput(input, base);
        assert.ok(result.ok, result.ok ? '' : result.reason);
        assert.equal(result.limit.quotaUs, quotaUs);
        assert.equal(result.limit.periodUs, periodUs);
      });
    }
  }

  const bad: Array<[input: string, reason: RegExp]> = [
    ['', /Enter a CPU limit/],
    ['   ', /Enter a CPU limit/],
    ['0', /stop the group/],
    ['0%', /stop the group/],
    ['0m', /stop the group/],
    ['0.005', /at least 1000 µs/],
    ['0.5%', /at least 1000 µs/],
    ['500us', /at least 1000 µs/],
    ['-0.5', /negative/],
    ['-5', /negative/],
    ['abc', /not a CPU limit/],
    ['1.5.2', /not a CPU limit/],
    ['1,000,000', /not a CPU limit/],
    ['20000/500', /period/],
    ['20000/2000000', /period/],
    ['0/100000', /stop the group/],
    ['1.5us', /whole number/],
    ['max 500', /period/],
    ['50%%', /not a CPU limit/],
    ['2 gpus', /not a CPU limit/],
    ['1e3', /not a CPU limit/],
    ['Infinity cpus', /not a CPU limit/],
  ];
  for (const [input, reason] of bad) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      for (const base of [v1, v2]) {
        const result = parseCpuLimitInput(input, base);
        assert.equal(result.ok, false, `${input} v${base.version}`);
        if (!result.ok) assert.match(result.reason, reason);
      }
    });
  }

  it('warns when the limit exceeds the CPUs available', () => {
    const result = parseCpuLimitInput('8', { ...v2, onlineCpus: 4 });
    assert.ok(result.ok);
    assert.match(result.warning ?? '', /4 CPUs/);
    const fits = parseCpuLimitInput('2', { ...v2, onlineCpus: 4 });
    assert.ok(fits.ok);
    assert.equal(fits.warning, undefined);
  });
  it('falls back to a 100 ms period when the current one is unknown', () => {
    const result = parseCpuLimitInput('0.5', { version: 2, currentPeriodUs: 0 });
    assert.ok(result.ok);
    assert.equal(result.limit.periodUs, 100000);
  });
  it('rounds cores to whole µs', () => {
    const result = parseCpuLimitInput('0.333', v1);
    assert.ok(result.ok);
    assert.equal(result.limit.quotaUs, 33300);
  });
});

describe('validateCpuLimit', () => {
  for (const version of [1, 2] as CgroupVersion[]) {
    it(`accepts valid limits (v${version})`, () => {
      assert.equal(validateCpuLimit(makeCpuLimit(1000, 1000), version), undefined);
      assert.equal(validateCpuLimit(makeCpuLimit(MAX_CFS_QUOTA_US, 1000000), version), undefined);
      assert.equal(validateCpuLimit(unlimitedCpuLimit(1000000), version), undefined);
    });
    it(`rejects out-of-range values (v${version})`, () => {
      assert.match(validateCpuLimit(makeCpuLimit(999, 100000), version) ?? '', /at least 1000/);
      assert.match(validateCpuLimit(makeCpuLimit(20000, 999), version) ?? '', /period/);
      assert.match(validateCpuLimit(makeCpuLimit(20000, 1000001), version) ?? '', /period/);
      assert.match(validateCpuLimit(makeCpuLimit(MAX_CFS_QUOTA_US + 1, 100000), version) ?? '', /2\^44-1/);
      assert.match(validateCpuLimit(makeCpuLimit(1500.5, 100000), version) ?? '', /whole/);
      assert.match(validateCpuLimit(makeCpuLimit(20000, 1.5e5 + 0.5), version) ?? '', /whole/);
      assert.match(validateCpuLimit(unlimitedCpuLimit(500), version) ?? '', /period/);
    });
  }
  it('explains negative quotas per version', () => {
    assert.match(validateCpuLimit(makeCpuLimit(-1, 100000), 2) ?? '', /"max"/);
    assert.match(validateCpuLimit(makeCpuLimit(-1, 100000), 1) ?? '', /unlimited/);
  });
});

describe('cpuLimitFiles', () => {
  it('writes cpu.max in v2', () => {
    assert.deepEqual(cpuLimitFiles(makeCpuLimit(20000, 100000), 2), [
      { file: 'cpu.max', value: '20000 100000' },
    ]);
    assert.deepEqual(cpuLimitFiles(unlimitedCpuLimit(), 2), [{ file: 'cpu.max', value: 'max 100000' }]);
  });
  it('writes period then quota in v1 without the current limit', () => {
    assert.deepEqual(cpuLimitFiles(makeCpuLimit(20000, 100000), 1), [
      { file: 'cpu.cfs_period_us', value: '100000' },
      { file: 'cpu.cfs_quota_us', value: '20000' },
    ]);
    assert.deepEqual(cpuLimitFiles(unlimitedCpuLimit(), 1)[1], { file: 'cpu.cfs_quota_us', value: '-1' });
  });
  it('writes only what changes', () => {
    const current = makeCpuLimit(50000, 100000);
    assert.deepEqual(cpuLimitFiles(makeCpuLimit(20000, 100000), 1, current), [
      { file: 'cpu.cfs_quota_us', value: '20000' },
    ]);
    assert.deepEqual(cpuLimitFiles(makeCpuLimit(50000, 100000), 1, current), []);
    assert.deepEqual(cpuLimitFiles(makeCpuLimit(50000, 200000), 1, current), [
      { file: 'cpu.cfs_period_us', value: '200000' },
    ]);
  });
  it('keeps the intermediate ratio between the old and the new one', () => {
    // 0.5 → 0.4 with a shorter period: period first would pass through 50000/50000 = 1 CPU.
    assert.deepEqual(cpuLimitFiles(makeCpuLimit(20000, 50000), 1, makeCpuLimit(50000, 100000)), [
      { file: 'cpu.cfs_quota_us', value: '20000' },
      { file: 'cpu.cfs_period_us', value: '50000' },
    ]);
    // 0.2 → 2 with a longer period: quota first gives 400000/100000 = 4 CPUs; period first gives 0.1.
    const writes = cpuLimitFiles(makeCpuLimit(400000, 200000), 1, makeCpuLimit(20000, 100000));
    assert.equal(writes.length, 2);
  });
  it('sets the period before limiting an unlimited group, and lifts the quota first', () => {
    assert.deepEqual(
      cpuLimitFiles(makeCpuLimit(20000, 50000), 1, unlimitedCpuLimit()).map((write) => write.file),
      ['cpu.cfs_period_us', 'cpu.cfs_quota_us'],
    );
    assert.deepEqual(
      cpuLimitFiles(unlimitedCpuLimit(50000), 1, makeCpuLimit(20000, 100000)).map((write) => write.file),
      ['cpu.cfs_quota_us', 'cpu.cfs_period_us'],
    );
  });
});

describe('formatting', () => {
  it('formats limits', () => {
    assert.equal(formatCpuLimit(makeCpuLimit(20000, 100000)), '0.2 CPU');
    assert.equal(formatCpuLimit(makeCpuLimit(100000, 100000)), '1 CPU');
    assert.equal(formatCpuLimit(makeCpuLimit(150000, 100000)), '1.5 CPUs');
    assert.equal(formatCpuLimit(makeCpuLimit(400000, 100000)), '4 CPUs');
    assert.equal(formatCpuLimit(makeCpuLimit(33333, 100000)), '0.33 CPU');
    assert.equal(formatCpuLimit(unlimitedCpuLimit()), 'unlimited');
    assert.equal(formatCpuLimitLong(makeCpuLimit(20000, 100000)), '0.2 CPU (20 ms per 100 ms)');
  });
  it('describes changes', () => {
    assert.equal(
      describeCpuLimitChange(unlimitedCpuLimit(), makeCpuLimit(50000, 100000)),
      'unlimited → 0.5 CPU (50 ms per 100 ms)',
    );
    assert.equal(
      describeCpuLimitChange(makeCpuLimit(50000, 100000), makeCpuLimit(50000, 100000)),
      'no change: 0.5 CPU (50 ms per 100 ms)',
    );
    assert.match(
      describeCpuLimitChange(makeCpuLimit(50000, 100000), makeCpuLimit(25000, 50000)),
      /period 100 ms → 50 ms/,
    );
  });
  it('builds limits from cores', () =>
    assert.deepEqual(cpuLimitFromCores(1.5), { quotaUs: 150000, periodUs: 100000, cores: 1.5 }));
});

describe('effectiveCpuLimit', () => {
  it('is unlimited with no quotas and no cpuset', () => {
    assert.deepEqual(effectiveCpuLimit([unlimitedCpuLimit(), unlimitedCpuLimit()]), {
      cores: null,
      source: 'none',
    });
    assert.deepEqual(effectiveCpuLimit([]), { cores: null, source: 'none' });
  });
  it('takes the smallest quota along the chain', () => {
    const chain = [
      makeCpuLimit(200000, 100000),
      unlimitedCpuLimit(),
      makeCpuLimit(50000, 100000),
      makeCpuLimit(400000, 100000),
    ];
    assert.deepEqual(effectiveCpuLimit(chain), { cores: 0.5, source: 'quota', index: 2 });
  });
  it('is capped by the cpuset', () => {
    assert.deepEqual(effectiveCpuLimit([makeCpuLimit(400000, 100000)], 2), { cores: 2, source: 'cpuset' });
    assert.deepEqual(effectiveCpuLimit([unlimitedCpuLimit()], 4), { cores: 4, source: 'cpuset' });
    assert.deepEqual(effectiveCpuLimit([makeCpuLimit(50000, 100000)], 4), {
      cores: 0.5,
      source: 'quota',
      index: 0,
    });
  });
  it('ignores an empty cpuset count', () => {
    assert.deepEqual(effectiveCpuLimit([unlimitedCpuLimit()], 0), { cores: null, source: 'none' });
  });
});
