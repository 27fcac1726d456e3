// Parsers for every control-file format, with texts as the kernel prints them (trailing newline included).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  exactInteger,
  formatRangeList,
  isHugeUnlimited,
  isUnlimited,
  parseControlFile,
  parseFlatKeyed,
  parseIdList,
  parseNestedKeyed,
  parseRangeList,
  parseScalar,
  parseSingleValue,
  parseWords,
} from '../../src/core/formats';
import type { ParsedValue } from '../../src/core/formats';

function expectKind<K extends ParsedValue['kind']>(
  value: ParsedValue,
  kind: K,
): Extract<ParsedValue, { kind: K }> {
  assert.equal(value.kind, kind, JSON.stringify(value));
  return value as Extract<ParsedValue, { kind: K }>;
}

describe('single values', () => {
  it('parses a number with a trailing newline', () => {
    assert.deepEqual(parseSingleValue('100000\n'), {
      kind: 'number',
      value: 100000,
      exact: '100000',
      unlimited: false,
    });
  });
  it('parses max', () => assert.deepEqual(parseSingleValue('max\n'), { kind: 'max', unlimited: true }));
  it('parses a string', () =>
    assert.deepEqual(parseSingleValue('domain threaded\n'), { kind: 'string', value: 'domain threaded' }));
  it('parses empty text', () => assert.deepEqual(parseSingleValue('  \n'), { kind: 'empty' }));
  it('parses decimals (cpu.uclamp.min)', () => {
    assert.deepEqual(parseSingleValue('20.50\n'), {
      kind: 'number',
      value: 20.5,
      exact: '20.50',
      unlimited: false,
    });
  });
  it('keeps the exact text of v1 unlimited memory and flags it', () => {
    const value = parseSingleValue('9223372036854771712\n');
    assert.deepEqual(value, {
      kind: 'number',
      value: 9223372036854771712,
      exact: '9223372036854771712',
      unlimited: true,
    });
  });
  it('flags the 64 KiB-page unlimited value', () => {
    const value = parseSingleValue('9223372036854710272');
    assert.equal(value.kind === 'number' && value.unlimited, true);
  });
  it('does not flag large but real values', () => {
    const value = parseSingleValue('4611686018427387903'); // 2^62 - 1
    assert.equal(value.kind === 'number' && value.unlimited, false);
  });
  it('treats -1 as unlimited only when asked', () => {
    assert.equal((parseSingleValue('-1') as { unlimited: boolean }).unlimited, false);
    assert.equal(
      (parseSingleValue('-1', { negativeIsUnlimited: true }) as { unlimited: boolean }).unlimited,
      true,
    );
  });
  it('drops a leading plus', () => assert.equal((parseSingleValue('+5') as { exact: string }).exact, '5'));
});

describe('scalars and big integers', () => {
  it('keeps safe integers as numbers', () => assert.equal(parseScalar('123'), 123));
  it('keeps unsafe integers as text', () =>
    assert.equal(parseScalar('9223372036854771712'), '9223372036854771712'));
  it('parses decimals', () => assert.equal(parseScalar('0.25'), 0.25));
  it('keeps words', () => assert.equal(parseScalar('max'), 'max'));
  it('gives exact bigints', () => {
    assert.equal(exactInteger('9223372036854771712'), 9223372036854771712n);
    assert.equal(exactInteger(42), 42n);
    assert.equal(exactInteger('max'), undefined);
    assert.equal(exactInteger(1.5), undefined);
    assert.equal(exactInteger(parseSingleValue('9223372036854771712') as never), 9223372036854771712n);
  });
  it('flags huge values', () => {
    assert.equal(isHugeUnlimited('4611686018427387904'), true);
    assert.equal(isHugeUnlimited('4611686018427387903'), false);
    assert.equal(isHugeUnlimited('abc'), false);
  });
});

describe('flat keyed', () => {
  it('parses v2 cpu.stat', () => {
    const text =
      'usage_usec 123456\nuser_usec 100000\nsystem_usec 23456\nnr_periods 10\nnr_throttled 2\nthrottled_usec 5000\n';
    const value = expectKind(parseControlFile('cpu.stat', text, 2), 'flatKeyed');
    assert.deepEqual(
      { ...value.entries },
      {
        usage_usec: 123456,
        user_usec: 100000,
        system_usec: 23456,
        nr_periods: 10,
        nr_throttled: 2,
        throttled_usec: 5000,
      },
    );
  });
  it('parses v1 memory.stat with the huge hierarchical limit exactly', () => {
    const text =
      'cache 4096\nrss 8192\nhierarchical_memory_limit 9223372036854771712\ntotal_inactive_file 0\n';
    const value = expectKind(parseControlFile('memory.stat', text, 1), 'flatKeyed');
    assert.equal(value.entries['hierarchical_memory_limit'], '9223372036854771712');
    assert.equal(value.entries['rss'], 8192);
  });
  it('parses cgroup.events', () => {
    const value = expectKind(parseControlFile('cgroup.events', 'populated 1\nfrozen 0\n'), 'flatKeyed');
    assert.deepEqual({ ...value.entries }, { populated: 1, frozen: 0 });
  });
  it('parses io.weight with a default line and devices', () => {
    const value = expectKind(parseControlFile('io.weight', 'default 100\n8:0 200\n', 2), 'flatKeyed');
    assert.deepEqual({ ...value.entries }, { default: 100, '8:0': 200 });
  });
  it('parses misc.max with max values', () => {
    const value = expectKind(parseControlFile('misc.max', 'sev max\nsev_es 4\n', 2), 'flatKeyed');
    assert.deepEqual({ ...value.entries }, { sev: 'max', sev_es: 4 });
  });
  it('reports a malformed line as an error', () => {
    assert.equal(parseFlatKeyed('a 1\nb\n').kind, 'error');
    assert.equal(parseFlatKeyed('a 1 2\n').kind, 'error');
  });
  it('gives no entries for empty text', () => {
    assert.deepEqual({ ...expectKind(parseFlatKeyed(''), 'flatKeyed').entries }, {});
  });
  it('is safe with a __proto__ key', () => {
    const value = expectKind(parseFlatKeyed('__proto__ 1\n'), 'flatKeyed');
    assert.equal(value.entries['__proto__'], 1);
  });
});

describe('nested keyed', () => {
  it('parses PSI', () => {
    const text =
      'some avg10=1.50 avg60=0.25 avg300=0.00 total=123456\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n';
    const value = expectKind(parseControlFile('cpu.pressure', text, 2), 'nestedKeyed');
    assert.deepEqual({ ...value.entries['some'] }, { avg10: 1.5, avg60: 0.25, avg300: 0, total: 123456 });
    assert.equal(value.entries['full']?.['total'], 0);
  });
  it('parses io.max with max tokens', () => {
    const value = expectKind(
      parseControlFile('io.max', '8:16 rbps=2097152 wbps=max riops=max wiops=120\n', 2),
      'nestedKeyed',
    );
    assert.deepEqual({ ...value.entries['8:16'] }, { rbps: 2097152, wbps: 'max', riops: 'max', wiops: 120 });
  });
  it('parses io.stat with several devices', () => {
    const text =
      '8:0 rbytes=1024 wbytes=2048 rios=1 wios=2 dbytes=0 dios=0\n253:0 rbytes=0 wbytes=0 rios=0 wios=0 dbytes=0 dios=0\n';
    const value = expectKind(parseControlFile('io.stat', text, 2), 'nestedKeyed');
    assert.deepEqual(Object.keys(value.entries), ['8:0', '253:0']);
    assert.equal(value.entries['8:0']?.['wbytes'], 2048);
  });
  it('parses v1 memory.numa_stat whose lines start with name=value', () => {
    const value = expectKind(
      parseControlFile('memory.numa_stat', 'total=10 N0=10\nfile=4 N0=4\n', 1),
      'nestedKeyed',
    );
    assert.deepEqual({ ...value.entries['total'] }, { total: 10, N0: 10 });
  });
  it('gives an error on a token without "="', () =>
    assert.equal(parseNestedKeyed('8:0 rbps\n').kind, 'error'));
  it('accepts an empty io.max', () =>
    assert.deepEqual({ ...expectKind(parseNestedKeyed(''), 'nestedKeyed').entries }, {}));
});

describe('words', () => {
  it('parses cgroup.controllers', () => {
    assert.deepEqual(
      parseControlFile('cgroup.controllers', 'cpuset cpu io memory hugetlb pids rdma misc\n'),
      {
        kind: 'words',
        values: ['cpuset', 'cpu', 'io', 'memory', 'hugetlb', 'pids', 'rdma', 'misc'],
      },
    );
  });
  it('parses an empty cgroup.subtree_control', () => {
    assert.deepEqual(parseControlFile('cgroup.subtree_control', '\n'), { kind: 'words', values: [] });
  });
  it('collapses repeated spaces', () =>
    assert.deepEqual(parseWords('  a   b \n'), { kind: 'words', values: ['a', 'b'] }));
});

describe('range lists', () => {
  it('expands 0-3,8', () =>
    assert.deepEqual(parseRangeList('0-3,8\n'), { kind: 'rangeList', values: [0, 1, 2, 3, 8] }));
  it('gives [] for empty text', () =>
    assert.deepEqual(parseRangeList('\n'), { kind: 'rangeList', values: [] }));
  it('parses a single CPU', () => assert.deepEqual(parseRangeList('0'), { kind: 'rangeList', values: [0] }));
  it('sorts and deduplicates', () =>
    assert.deepEqual(parseRangeList('8,0-2,1'), { kind: 'rangeList', values: [0, 1, 2, 8] }));
  it('supports strides (0-7:2/4)', () => {
    assert.deepEqual(parseRangeList('0-7:2/4'), { kind: 'rangeList', values: [0, 1, 4, 5] });
  });
  it('rejects bad items', () => {
    for (const bad of ['a', '3-1', '1-', '-1', '0-3,,4', '1-2000000', '0-3:0/4', '0-3:5/4']) {
      assert.equal(parseRangeList(bad).kind, 'error', bad);
    }
  });
  it('is used for cpuset.cpus and cpuset.cpus.effective', () => {
    assert.deepEqual(parseControlFile('cpuset.cpus.effective', '0-1\n', 2), {
      kind: 'rangeList',
      values: [0, 1],
    });
    assert.deepEqual(parseControlFile('cpuset.cpus', '', 1), { kind: 'rangeList', values: [] });
    assert.deepEqual(parseControlFile('cpuset.mems', '0\n', 1), { kind: 'rangeList', values: [0] });
  });
  it('formats ids back to the compact form', () => {
    assert.equal(formatRangeList([0, 1, 2, 3, 8]), '0-3,8');
    assert.equal(formatRangeList([]), '');
    assert.equal(formatRangeList([5, 3, 4, 10, 12, 11]), '3-5,10-12');
    assert.equal(formatRangeList([7]), '7');
  });
});

describe('id lists', () => {
  it('parses cgroup.procs', () => {
    assert.deepEqual(parseControlFile('cgroup.procs', '1\n42\n4242\n'), {
      kind: 'idList',
      values: [1, 42, 4242],
    });
  });
  it('parses tasks in v1', () =>
    assert.deepEqual(parseControlFile('tasks', '7\n', 1), { kind: 'idList', values: [7] }));
  it('parses an empty group', () => assert.deepEqual(parseIdList(''), { kind: 'idList', values: [] }));
  it('rejects garbage', () => assert.equal(parseIdList('1\nabc\n').kind, 'error'));
});

describe('parseControlFile by catalog', () => {
  it('parses cpu.max as fields', () => {
    const value = expectKind(parseControlFile('cpu.max', '20000 100000\n', 2), 'fields');
    assert.deepEqual(
      value.values.map((item) => (item.kind === 'number' ? item.value : item.kind)),
      [20000, 100000],
    );
    assert.equal(expectKind(parseControlFile('cpu.max', 'max 100000\n', 2), 'fields').values[0]?.kind, 'max');
  });
  it('flags v1 cfs quota -1 as unlimited', () => {
    const value = parseControlFile('cpu.cfs_quota_us', '-1\n', 1);
    assert.equal(isUnlimited(value), true);
    assert.equal(isUnlimited(parseControlFile('cpu.cfs_quota_us', '20000\n', 1)), false);
  });
  it('flags v2 memory.max "max" as unlimited', () =>
    assert.equal(isUnlimited(parseControlFile('memory.max', 'max\n', 2)), true));
  it('flags v1 memory.limit_in_bytes huge value as unlimited', () => {
    assert.equal(isUnlimited(parseControlFile('memory.limit_in_bytes', '9223372036854771712\n', 1)), true);
  });
  it('accepts full paths', () => {
    assert.deepEqual(parseControlFile('/sys/fs/cgroup/cpu/docker/x/cgroup.procs', '5\n', 1), {
      kind: 'idList',
      values: [5],
    });
  });
  it('finds hugetlb patterns', () => {
    assert.equal(
      isUnlimited(parseControlFile('hugetlb.2MB.limit_in_bytes', '9223372036854771712\n', 1)),
      true,
    );
    assert.equal(isUnlimited(parseControlFile('hugetlb.1GB.max', 'max\n', 2)), true);
    assert.equal(parseControlFile('hugetlb.2MB.events', 'max 0\n', 2).kind, 'flatKeyed');
  });
  it('parses cpuacct.usage_percpu as numbers', () => {
    assert.deepEqual(parseControlFile('cpuacct.usage_percpu', '100 200 \n', 1), {
      kind: 'numbers',
      values: [100, 200],
    });
  });
  it('parses cpuacct.usage_all as a table', () => {
    const value = expectKind(
      parseControlFile('cpuacct.usage_all', 'cpu user system\n0 10 20\n1 30 40\n', 1),
      'table',
    );
    assert.deepEqual(value.rows[1], ['0', '10', '20']);
  });
  it('parses blkio.throttle.io_service_bytes as a table', () => {
    const text = '8:0 Read 1024\n8:0 Write 0\n8:0 Sync 1024\n8:0 Async 0\n8:0 Total 1024\nTotal 1024\n';
    assert.equal(
      expectKind(parseControlFile('blkio.throttle.io_service_bytes', text, 1), 'table').rows.length,
      6,
    );
  });
  it('parses devices.list as lines', () => {
    assert.deepEqual(parseControlFile('devices.list', 'a *:* rwm\n', 1), {
      kind: 'lines',
      values: ['a *:* rwm'],
    });
  });
  it('parses write-only files', () =>
    assert.deepEqual(parseControlFile('cgroup.kill', '', 2), { kind: 'writeOnly' }));
  it('parses freezer.state as a string', () => {
    assert.deepEqual(parseControlFile('freezer.state', 'THAWED\n', 1), { kind: 'string', value: 'THAWED' });
  });
  it('parses cpu.uclamp.max "max"', () =>
    assert.equal(parseControlFile('cpu.uclamp.max', 'max\n', 2).kind, 'max'));
  it('guesses formats of unknown files', () => {
    assert.equal(parseControlFile('unknown.value', '42\n').kind, 'number');
    assert.equal(parseControlFile('unknown.flat', 'a 1\nb 2\n').kind, 'flatKeyed');
    assert.equal(parseControlFile('unknown.nested', 'x a=1 b=2\n').kind, 'nestedKeyed');
    assert.equal(parseControlFile('unknown.ids', '1\n2\n').kind, 'idList');
    assert.equal(parseControlFile('unknown.words', 'a b c\n').kind, 'words');
    assert.equal(parseControlFile('unknown.lines', 'a b c\nd\n').kind, 'lines');
    assert.equal(parseControlFile('unknown.empty', '').kind, 'empty');
  });
  it('never throws on bad input', () => {
    const inputs = ['', '\0', 'x'.repeat(100000), '1-2-3', '===', '\n\n\n', 'a=b=c d', '-', '9'.repeat(400)];
    for (const name of [
      'cpu.max',
      'cpu.stat',
      'io.max',
      'cpuset.cpus',
      'cgroup.procs',
      'memory.max',
      'x.y',
    ]) {
      for (const input of inputs)
        assert.doesNotThrow(() => parseControlFile(name, input, 2), `${name} ${input.slice(0, 20)}`);
    }
    assert.equal(parseControlFile('cpu.max', undefined as unknown as string, 2).kind, 'error');
  });
});
