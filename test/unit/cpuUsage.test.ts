// Sampling math and the ring buffer behind the CPU charts, and the unit formatting they display.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cpuPercent,
  percentOf,
  RingBuffer,
  throttledSecondsPerSecond,
  throttleRatio,
  usageSeries,
} from '../../src/core/cpuUsage';
import {
  formatBytes,
  formatCores,
  formatMicroseconds,
  formatNanoseconds,
  formatPercent,
  formatSeconds,
  parseByteSize,
  plural,
} from '../../src/core/units';

describe('cpuPercent', () => {
  it('computes percent of one CPU', () => {
    assert.equal(cpuPercent({ usageUs: 0, atMs: 0 }, { usageUs: 200_000, atMs: 1000 }), 20);
    assert.equal(cpuPercent({ usageUs: 0, atMs: 0 }, { usageUs: 2_000_000, atMs: 1000 }), 200);
  });
  it('discards a negative delta (counter reset)', () => {
    assert.equal(cpuPercent({ usageUs: 5000, atMs: 0 }, { usageUs: 10, atMs: 1000 }), undefined);
  });
  it('discards pairs without elapsed time', () => {
    assert.equal(cpuPercent({ usageUs: 0, atMs: 5 }, { usageUs: 10, atMs: 5 }), undefined);
    assert.equal(cpuPercent({ usageUs: 0, atMs: 6 }, { usageUs: 10, atMs: 5 }), undefined);
    assert.equal(cpuPercent({ usageUs: NaN, atMs: 0 }, { usageUs: 10, atMs: 5 }), undefined);
  });
  it('converts to percent of host or of a limit', () => {
    assert.equal(percentOf(200, 4), 50);
    assert.equal(percentOf(10, 0.2), 50);
    assert.equal(percentOf(10, 0), undefined);
  });
  it('turns samples into a series, skipping resets', () => {
    const series = usageSeries([
      { usageUs: 0, atMs: 0 },
      { usageUs: 100_000, atMs: 1000 },
      { usageUs: 0, atMs: 2000 },
      { usageUs: 500_000, atMs: 3000 },
    ]);
    assert.deepEqual(series, [
      { atMs: 1000, percent: 10 },
      { atMs: 3000, percent: 50 },
    ]);
  });
});

describe('throttling', () => {
  it('computes the throttle ratio', () => {
    assert.equal(throttleRatio({ nrPeriods: 10, nrThrottled: 1 }, { nrPeriods: 20, nrThrottled: 6 }), 0.5);
  });
  it('gives undefined without new periods or on resets', () => {
    assert.equal(
      throttleRatio({ nrPeriods: 10, nrThrottled: 1 }, { nrPeriods: 10, nrThrottled: 1 }),
      undefined,
    );
    assert.equal(
      throttleRatio({ nrPeriods: 10, nrThrottled: 5 }, { nrPeriods: 20, nrThrottled: 1 }),
      undefined,
    );
  });
  it('computes throttled seconds per second', () => {
    assert.equal(
      throttledSecondsPerSecond(
        { nrPeriods: 0, nrThrottled: 0, throttledUs: 0, atMs: 0 },
        { nrPeriods: 0, nrThrottled: 0, throttledUs: 800_000, atMs: 1000 },
      ),
      0.8,
    );
    assert.equal(
      throttledSecondsPerSecond({ nrPeriods: 0, nrThrottled: 0 }, { nrPeriods: 0, nrThrottled: 0 }),
      undefined,
    );
  });
});

describe('RingBuffer', () => {
  it('keeps the newest items', () => {
    const ring = new RingBuffer<number>(3);
    assert.equal(ring.length, 0);
    assert.equal(ring.newest(), undefined);
    for (const value of [1, 2, 3, 4, 5]) ring.push(value);
    assert.deepEqual(ring.toArray(), [3, 4, 5]);
    assert.equal(ring.length, 3);
    assert.equal(ring.oldest(), 3);
    assert.equal(ring.newest(), 5);
    assert.equal(ring.at(-1), 5);
    assert.equal(ring.at(3), undefined);
    assert.deepEqual([...ring], [3, 4, 5]);
  });
  it('works before it is full', () => {
    const ring = new RingBuffer<string>(4);
    ring.push('a');
    ring.push('b');
    assert.deepEqual(ring.toArray(), ['a', 'b']);
  });
  it('clears', () => {
    const ring = new RingBuffer<number>(2);
    ring.push(1);
    ring.clear();
    assert.equal(ring.length, 0);
    ring.push(2);
    assert.deepEqual(ring.toArray(), [2]);
  });
  it('rejects a bad capacity', () => {
    assert.throws(() => new RingBuffer(0), RangeError);
    assert.throws(() => new RingBuffer(1.5), RangeError);
  });
});

describe('units', () => {
  it('formats bytes in binary units', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(100), '100 B');
    assert.equal(formatBytes(1024), '1 KiB');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(536870912), '512 MiB');
    assert.equal(formatBytes(1073741824n), '1 GiB');
    assert.equal(formatBytes('9223372036854771712'), '8 EiB');
    assert.equal(formatBytes('abc'), 'abc');
  });
  it('formats durations', () => {
    assert.equal(formatMicroseconds(250), '250 µs');
    assert.equal(formatMicroseconds(1000), '1 ms');
    assert.equal(formatMicroseconds(1500), '1.5 ms');
    assert.equal(formatMicroseconds(20000), '20 ms');
    assert.equal(formatMicroseconds(100000), '100 ms');
    assert.equal(formatMicroseconds(1_500_000), '1.5 s');
    assert.equal(formatNanoseconds(500), '500 ns');
    assert.equal(formatNanoseconds(2_000_000_000), '2 s');
    assert.equal(formatSeconds(90), '1 min 30 s');
    assert.equal(formatSeconds(7200), '2 h 0 min');
    assert.equal(formatSeconds(90000), '1 d 1 h');
  });
  it('formats cores, percent and plurals', () => {
    assert.equal(formatCores(0.2), '0.2');
    assert.equal(formatCores(2), '2');
    assert.equal(formatCores(1 / 3), '0.33');
    assert.equal(formatPercent(20), '20%');
    assert.equal(formatPercent(200), '200%');
    assert.equal(formatPercent(12.345), '12.3%');
    assert.equal(formatPercent(0.04), '0.04%');
    assert.equal(plural(1, 'process', 'processes'), '1 process');
    assert.equal(plural(2, 'CPU'), '2 CPUs');
  });
  it('parses byte sizes like memparse', () => {
    assert.equal(parseByteSize('4096'), 4096n);
    assert.equal(parseByteSize('512M'), 536870912n);
    assert.equal(parseByteSize('1g'), 1073741824n);
    assert.equal(parseByteSize('2KiB'), 2048n);
    assert.equal(parseByteSize(' 1E '), 1n << 60n);
    assert.equal(parseByteSize('max'), undefined);
    assert.equal(parseByteSize('-1'), undefined);
    assert.equal(parseByteSize('1.5G'), undefined);
  });
});
