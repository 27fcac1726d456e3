// The control file catalog: lookups per version, patterns, completeness, and the human decodings.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  allControlFiles,
  catalogName,
  guessControlFileFormat,
  lookupControlFile,
} from '../../src/core/controlFiles';
import { decodeControlValue } from '../../src/core/decode';
import type { CgroupVersion } from '../../src/core/model';

describe('lookupControlFile', () => {
  it('finds v1 CPU bandwidth files only in v1', () => {
    const quota = lookupControlFile('cpu.cfs_quota_us', 1);
    assert.equal(quota?.controller, 'cpu');
    assert.equal(quota?.unit, 'µs');
    assert.equal(quota?.writable, true);
    assert.equal(quota?.negativeIsUnlimited, true);
    assert.match(quota?.sentinel ?? '', /-1/);
    assert.equal(lookupControlFile('cpu.cfs_quota_us', 2), undefined);
  });
  it('finds cpu.max only in v2', () => {
    assert.equal(lookupControlFile('cpu.max', 2)?.format, 'fields');
    assert.equal(lookupControlFile('cpu.max', 2)?.defaultValue, 'max 100000');
    assert.equal(lookupControlFile('cpu.max', 1), undefined);
  });
  it('gives version-specific entries for files in both (cpu.stat)', () => {
    assert.match(lookupControlFile('cpu.stat', 1)?.explanation ?? '', /throttled_time/);
    assert.match(lookupControlFile('cpu.stat', 2)?.explanation ?? '', /usage_usec/);
  });
  it('finds files shared by both versions', () => {
    for (const version of [1, 2] as CgroupVersion[]) {
      assert.equal(lookupControlFile('cgroup.procs', version)?.format, 'idList');
      assert.equal(lookupControlFile('pids.max', version)?.sentinel, 'max = no limit');
      assert.equal(lookupControlFile('cpuset.cpus', version)?.format, 'rangeList');
    }
  });
  it('knows the units that matter', () => {
    assert.equal(lookupControlFile('cpuacct.usage', 1)?.unit, 'ns');
    assert.equal(lookupControlFile('cpuacct.stat', 1)?.unit, 'USER_HZ ticks');
    assert.equal(lookupControlFile('memory.limit_in_bytes', 1)?.unit, 'bytes');
    assert.equal(lookupControlFile('memory.numa_stat', 1)?.unit, 'pages');
    assert.equal(lookupControlFile('cpu.weight', 2)?.unit, 'weight');
    assert.equal(lookupControlFile('cpu.shares', 1)?.unit, 'shares');
    assert.equal(lookupControlFile('cgroup.freeze', 2)?.unit, 'boolean');
  });
  it('describes the v1 and v2 memory sentinels differently', () => {
    assert.match(lookupControlFile('memory.limit_in_bytes', 1)?.validValues ?? '', /-1/);
    assert.match(lookupControlFile('memory.limit_in_bytes', 1)?.validValues ?? '', /"max" is rejected/);
    assert.match(lookupControlFile('memory.max', 2)?.validValues ?? '', /"-1" is rejected/);
  });
  it('resolves hugetlb patterns with the size filled in', () => {
    const info = lookupControlFile('hugetlb.2MB.limit_in_bytes', 1);
    assert.equal(info?.name, 'hugetlb.2MB.limit_in_bytes');
    assert.match(info?.summary ?? '', /2MB/);
    assert.doesNotMatch(info?.summary ?? '', /<size>/);
    assert.equal(lookupControlFile('hugetlb.1GB.max', 2)?.controller, 'hugetlb');
    assert.equal(lookupControlFile('hugetlb.64KB.rsvd.max', 2)?.sentinel, 'max = no limit');
    assert.equal(lookupControlFile('hugetlb.2MB.max', 1), undefined);
    assert.equal(catalogName('hugetlb.32MB.events.local'), 'hugetlb.<size>.events.local');
  });
  it('knows the v1 core files', () => {
    for (const name of [
      'tasks',
      'notify_on_release',
      'release_agent',
      'cgroup.clone_children',
      'cgroup.procs',
    ]) {
      assert.ok(lookupControlFile(name, 1), name);
    }
    assert.equal(lookupControlFile('release_agent', 1)?.placement, 'root');
    assert.equal(lookupControlFile('tasks', 2), undefined);
  });
  it('knows the v2 core files', () => {
    for (const name of [
      'cgroup.type',
      'cgroup.procs',
      'cgroup.threads',
      'cgroup.controllers',
      'cgroup.subtree_control',
      'cgroup.events',
      'cgroup.max.descendants',
      'cgroup.max.depth',
      'cgroup.stat',
      'cgroup.freeze',
      'cgroup.kill',
      'cgroup.pressure',
      'cpu.pressure',
      'memory.pressure',
      'io.pressure',
      'irq.pressure',
    ]) {
      assert.ok(lookupControlFile(name, 2), name);
    }
    assert.equal(lookupControlFile('cgroup.kill', 2)?.readable, false);
  });
  it('covers the v1 controllers named in the brief', () => {
    for (const name of [
      'cpu.shares',
      'cpu.cfs_period_us',
      'cpu.cfs_burst_us',
      'cpu.rt_runtime_us',
      'cpuacct.usage',
      'cpuacct.usage_percpu',
      'cpuset.effective_cpus',
      'cpuset.cpu_exclusive',
      'memory.usage_in_bytes',
      'memory.max_usage_in_bytes',
      'memory.memsw.limit_in_bytes',
      'memory.soft_limit_in_bytes',
      'memory.failcnt',
      'memory.oom_control',
      'memory.swappiness',
      'memory.kmem.tcp.limit_in_bytes',
      'pids.current',
      'blkio.weight',
      'blkio.throttle.read_bps_device',
      'blkio.throttle.io_serviced',
      'freezer.state',
      'devices.list',
      'devices.allow',
      'net_cls.classid',
      'net_prio.ifpriomap',
    ]) {
      assert.ok(lookupControlFile(name, 1), name);
    }
  });
  it('covers the v2 controllers named in the brief', () => {
    for (const name of [
      'cpu.weight',
      'cpu.weight.nice',
      'cpu.max.burst',
      'cpu.idle',
      'cpu.uclamp.min',
      'memory.current',
      'memory.min',
      'memory.low',
      'memory.high',
      'memory.max',
      'memory.peak',
      'memory.swap.max',
      'memory.events',
      'memory.stat',
      'io.max',
      'io.stat',
      'io.weight',
      'pids.max',
      'pids.events',
      'cpuset.cpus.effective',
      'cpuset.cpus.partition',
      'cpuset.mems.effective',
    ]) {
      assert.ok(lookupControlFile(name, 2), name);
    }
  });
  it('finds v1 cpuset files mounted with noprefix', () => {
    assert.equal(lookupControlFile('cpus', 1)?.format, 'rangeList');
    assert.equal(lookupControlFile('cpus', 1)?.name, 'cpus');
    assert.equal(lookupControlFile('mem_exclusive', 1)?.controller, 'cpuset');
    assert.equal(lookupControlFile('cpus', 2), undefined);
  });
  it('returns undefined for unknown names and trims whitespace', () => {
    assert.equal(lookupControlFile('no.such.file', 2), undefined);
    assert.equal(lookupControlFile(' cpu.max\n', 2)?.name, 'cpu.max');
  });
  it('has complete entries', () => {
    const seen = new Set<string>();
    for (const info of allControlFiles()) {
      const key = `${info.name}@${info.versions}`;
      assert.ok(!seen.has(key), `duplicate ${key}`);
      seen.add(key);
      assert.ok(info.summary.length > 10, `${info.name} summary`);
      assert.ok(info.explanation.length > 10, `${info.name} explanation`);
      assert.ok(info.validValues.length > 0, `${info.name} validValues`);
      assert.ok(info.controller.length > 0, `${info.name} controller`);
      if (info.format === 'writeOnly')
        assert.equal(info.readable, false, `${info.name} write-only yet readable`);
    }
    assert.ok(allControlFiles().length > 150, `catalog has ${allControlFiles().length} entries`);
  });
  it('never lists one name twice for the same version', () => {
    for (const version of [1, 2] as CgroupVersion[]) {
      const names = allControlFiles()
        .filter((info) => info.versions === version || info.versions === 'both')
        .map((info) => info.name);
      assert.equal(new Set(names).size, names.length, `version ${version}`);
    }
  });
});

describe('guessControlFileFormat', () => {
  it('guesses from text', () => {
    assert.equal(guessControlFileFormat('5\n'), 'single');
    assert.equal(guessControlFileFormat('1\n2\n'), 'idList');
    assert.equal(guessControlFileFormat('a 1\n'), 'flatKeyed');
    assert.equal(guessControlFileFormat('some avg10=0.00 total=0\n'), 'nestedKeyed');
    assert.equal(guessControlFileFormat('x\ny z w\n'), 'lines');
    assert.equal(guessControlFileFormat(''), 'single');
  });
});

describe('decodeControlValue', () => {
  const cases: Array<
    [
      name: string,
      version: CgroupVersion,
      text: string,
      expected: string | RegExp,
      related?: Record<string, string>,
    ]
  > = [
    ['cpu.max', 2, '20000 100000\n', '0.2 CPU (20 ms per 100 ms)'],
    ['cpu.max', 2, 'max 100000\n', 'unlimited (period 100 ms)'],
    ['cpu.max', 2, '150000 100000\n', '1.5 CPUs (150 ms per 100 ms)'],
    ['cpu.max', 2, '200000 100000\n', '2 CPUs (200 ms per 100 ms)'],
    ['cpu.max', 2, 'garbage', /unreadable/],
    ['cpu.cfs_quota_us', 1, '20000\n', '20 ms per period'],
    ['cpu.cfs_quota_us', 1, '20000\n', '0.2 CPU (20 ms per 100 ms)', { 'cpu.cfs_period_us': '100000\n' }],
    ['cpu.cfs_quota_us', 1, '-1\n', 'unlimited (-1)'],
    ['cpu.cfs_period_us', 1, '100000\n', '100 ms'],
    ['cpu.cfs_period_us', 1, '1000000\n', '1 s'],
    ['memory.max', 2, '536870912\n', '512 MiB'],
    ['memory.max', 2, 'max\n', 'unlimited (max)'],
    ['memory.limit_in_bytes', 1, '9223372036854771712\n', 'unlimited'],
    ['memory.limit_in_bytes', 1, '1073741824\n', '1 GiB'],
    ['memory.current', 2, '100\n', '100 bytes'],
    ['memory.current', 2, '1572864\n', '1.5 MiB'],
    ['cpuacct.usage', 1, '1500000000\n', '1.5 s of CPU time'],
    ['cpuacct.stat', 1, 'user 150\nsystem 50\n', 'user 1.5 s, system 0.5 s'],
    ['cpu.shares', 1, '1024\n', /default/],
    ['cpu.shares', 1, '512\n', '512 (50% of the default 1024)'],
    ['cpu.weight', 2, '100\n', '100 (the default)'],
    ['cpu.weight', 2, '200\n', '200 (200% of the default 100)'],
    ['cgroup.freeze', 2, '1\n', 'frozen'],
    ['cgroup.freeze', 2, '0\n', 'thawed'],
    ['notify_on_release', 1, '0\n', 'off'],
    ['cgroup.procs', 2, '1\n2\n3\n', '3 processes'],
    ['cgroup.procs', 2, '1\n', '1 process'],
    ['tasks', 1, '1\n2\n', '2 threads'],
    ['cpuset.cpus', 1, '0-3,8\n', '5 CPUs'],
    ['cpuset.cpus', 1, '\n', 'none (empty)'],
    ['cpuset.cpus', 2, '\n', /inherits/],
    ['cpuset.mems', 1, '0\n', '1 memory node'],
    ['cgroup.controllers', 2, 'cpu memory pids\n', 'cpu, memory, pids'],
    ['cgroup.subtree_control', 2, '\n', 'none'],
    ['cgroup.events', 2, 'populated 1\nfrozen 0\n', 'has processes'],
    ['cgroup.events', 2, 'populated 0\nfrozen 1\n', 'no processes, frozen'],
    [
      'blkio.throttle.io_service_bytes',
      1,
      '8:0 Read 1048576\n8:0 Total 1048576\nTotal 1048576\n',
      'total 1 MiB',
    ],
    ['blkio.throttle.io_serviced', 1, 'Total 7\n', 'total 7'],
    ['blkio.throttle.read_bps_device', 1, '', 'no device limits'],
    ['blkio.throttle.read_bps_device', 1, '8:0 1048576\n', '8:0 1 MiB'],
    ['memory.stat', 1, 'cache 1\nrss 2\ntotal_cache 2097152\ntotal_rss 1048576\n', 'anon 1 MiB, file 2 MiB'],
    [
      'cpu.stat',
      2,
      'usage_usec 2000000\nuser_usec 1\nsystem_usec 1\nnr_periods 10\nnr_throttled 5\nthrottled_usec 30000\n',
      '2 s CPU used, throttled in 5 of 10 periods (50%), 30 ms throttled',
    ],
    [
      'cpu.stat',
      1,
      'nr_periods 0\nnr_throttled 0\nthrottled_time 0\n',
      'no bandwidth periods yet, 0 ns throttled',
    ],
    [
      'cpu.pressure',
      2,
      'some avg10=1.50 avg60=0.25 avg300=0.00 total=1\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n',
      'some 1.5% (10 s), 0.25% (60 s); full 0% (10 s), 0% (60 s)',
    ],
    ['io.max', 2, '8:16 rbps=2097152 wbps=max riops=max wiops=120\n', '8:16: rbps 2 MiB/s, wiops 120'],
    ['io.max', 2, '', 'no device limits'],
    ['pids.max', 2, 'max\n', 'unlimited (max)'],
    ['pids.max', 1, '100\n', '100'],
    ['memory.oom_control', 1, 'oom_kill_disable 0\nunder_oom 0\noom_kill 2\n', 'OOM killer enabled, 2 kills'],
    [
      'memory.stat',
      1,
      'cache 1048576\nrss 2097152\nhierarchical_memory_limit 9223372036854771712\n',
      'anon 2 MiB, file 1 MiB, no inherited limit',
    ],
    ['memory.events', 2, 'low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n', 'max 3, oom 1, oom_kill 1'],
    ['memory.events', 2, 'low 0\nhigh 0\n', 'all zero'],
    ['freezer.state', 1, 'THAWED\n', 'THAWED'],
    ['cgroup.kill', 2, '', 'write-only'],
    ['cgroup.stat.local', 2, 'frozen_usec 1500000\n', 'frozen for 1.5 s in total'],
    [
      'cgroup.stat',
      2,
      'nr_descendants 1\nnr_subsys_perf_event 2\nnr_dying_descendants 0\n',
      '1 descendant, 0 dying',
    ],
    ['net_cls.classid', 1, '1048577\n', '10:1 (tc class handle)'],
    ['devices.list', 1, 'a *:* rwm\n', 'all devices allowed'],
    ['cpu.uclamp.max', 2, 'max\n', 'no clamp (max)'],
    ['cpu.uclamp.min', 2, '20.00\n', '20%'],
    ['hugetlb.2MB.limit_in_bytes', 1, '9223372036854771712\n', 'unlimited'],
    ['hugetlb.2MB.max', 2, '4194304\n', '4 MiB'],
    ['cpu.max.burst', 2, '0\n', '0 µs'],
    ['/sys/fs/cgroup/x/cpu.max', 2, '50000 100000', '0.5 CPU (50 ms per 100 ms)'],
    ['unknown.file', 2, ' hello \n', 'hello'],
  ];
  for (const [name, version, text, expected, related] of cases) {
    it(`${name} (v${version}) ${JSON.stringify(text).slice(0, 40)}`, () => {
      const decoded = decodeControlValue(name, version, text, related);
      if (typeof expected === 'string') assert.equal(decoded, expected);
      else assert.match(decoded, expected);
    });
  }
  it('never throws', () => {
    for (const info of allControlFiles()) {
      for (const text of ['', 'x', '-1', '1 2 3', 'a=b', '\0', '9'.repeat(30)]) {
        const version: CgroupVersion = info.versions === 1 ? 1 : 2;
        const name = info.name.replace('<size>', '2MB');
        assert.equal(typeof decodeControlValue(name, version, text), 'string', `${name} ${text}`);
      }
    }
  });
});
