// Hover Markdown for control files, and the shares ↔ weight conversions it quotes (cgroup-facts §3).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { controlFileHover } from '../../src/core/hover';
import {
  blkioWeightToIoWeight,
  kernelSharesToWeight,
  kernelWeightToShares,
  milliCpuToShares,
  readCpuWeight,
  runcNewSharesToWeight,
  runcOldSharesToWeight,
  systemdSharesToWeight,
} from '../../src/core/cpuWeight';
import { allControlFiles } from '../../src/core/controlFiles';

describe('shares ↔ weight', () => {
  // The table in cgroup-facts §3.
  const shares = [2, 3, 10, 102, 256, 512, 1024, 2000, 2048, 4096, 10240, 102400, 262144];
  it('matches the old runc/crun column', () => {
    assert.deepEqual(
      shares.map(runcOldSharesToWeight),
      [1, 1, 1, 4, 10, 20, 39, 77, 79, 157, 391, 3906, 10000],
    );
  });
  it('matches the new runc/crun column', () => {
    assert.deepEqual(
      shares.map(runcNewSharesToWeight),
      [1, 2, 4, 17, 35, 59, 100, 170, 174, 303, 639, 4429, 10000],
    );
  });
  it('matches the systemd column', () => {
    assert.deepEqual(
      shares.map(systemdSharesToWeight),
      [1, 1, 1, 9, 25, 50, 100, 195, 200, 400, 1000, 10000, 10000],
    );
  });
  it('maps the kernel defaults both ways', () => {
    assert.equal(kernelWeightToShares(100), 1024);
    assert.equal(kernelSharesToWeight(1024), 100);
    assert.equal(kernelWeightToShares(1), 10);
    assert.equal(kernelWeightToShares(10000), 102400);
  });
  it('converts Kubernetes millicores and blkio weights', () => {
    assert.equal(milliCpuToShares(1000), 1024);
    assert.equal(milliCpuToShares(0), 2);
    assert.equal(milliCpuToShares(250), 256);
    assert.equal(milliCpuToShares(1_000_000), 262144);
    assert.equal(blkioWeightToIoWeight(10), 1);
    assert.equal(blkioWeightToIoWeight(1000), 10000);
    assert.equal(blkioWeightToIoWeight(500), 4950);
  });
  it('reads a weight of 39 as the old runtimes’ 1 CPU request', () => {
    const reading = readCpuWeight(39);
    assert.ok(
      reading.runcOldShares && reading.runcOldShares.from <= 1024 && reading.runcOldShares.to >= 1024,
    );
    const hundred = readCpuWeight(100);
    assert.equal(hundred.kernelShares, 1024);
    assert.ok(
      hundred.runcNewShares && hundred.runcNewShares.from <= 1024 && hundred.runcNewShares.to >= 1024,
    );
  });
});

describe('controlFileHover', () => {
  it('describes cpu.max with its current value decoded', () => {
    const markdown = controlFileHover('cpu.max', 2, '20000 100000\n');
    assert.match(markdown, /^\*\*cpu\.max\*\* · cpu · cgroup v2 · read-write/);
    assert.match(markdown, /Current: `20000 100000` → 0\.2 CPU \(20 ms per 100 ms\)/);
    assert.match(markdown, /- Default: `max 100000`/);
    assert.match(markdown, /- Sentinel: max = unlimited/);
  });
  it('describes a v1 quota with its period', () => {
    const markdown = controlFileHover('cpu.cfs_quota_us', 1, '-1\n');
    assert.match(markdown, /Current: `-1` → unlimited \(-1\)/);
    assert.match(markdown, /cgroup v1/);
  });
  it('adds weight conversions', () => {
    assert.match(
      controlFileHover('cpu.weight', 2, '39'),
      /Older runc\/crun give this weight to cpu.shares 999–1024/,
    );
    assert.match(
      controlFileHover('cpu.shares', 1, '1024'),
      /100 \(kernel\), 39 \(older runc\/crun\), 100 \(newer runc\/crun\), 100 \(systemd\)/,
    );
  });
  it('marks write-only files and skips their value', () => {
    const markdown = controlFileHover('cgroup.kill', 2, '');
    assert.match(markdown, /write-only/);
    assert.doesNotMatch(markdown, /Current:/);
  });
  it('fills hugetlb sizes', () => {
    assert.match(controlFileHover('hugetlb.1GB.max', 2, 'max\n'), /\*\*hugetlb\.1GB\.max\*\*/);
  });
  it('escapes Markdown in names and values of unknown files', () => {
    const markdown = controlFileHover('weird_*file*', 2, 'a`b');
    assert.match(markdown, /weird\\_\\\*file\\\*/);
    assert.match(markdown, /``a`b``/);
  });
  it('works without a value and for every catalog entry', () => {
    for (const info of allControlFiles()) {
      const name = info.name.replace('<size>', '2MB');
      const version = info.versions === 1 ? 1 : 2;
      assert.ok(controlFileHover(name, version).includes(name.replace(/_/g, '\\_')), name);
      assert.ok(controlFileHover(name, version, '1\n').length > 0);
    }
  });
});
