// The writer's v2 cpu.max path on a FIXTURE tree: this machine's kernel binds cpu to v1, so v2 cpu.max
// cannot be written for real here (docs/real-vscode-and-docker-here.md). Plain files stand in for cpu.max;
// the kernel's own parsing is not exercised, only what the writer plans, writes and reads back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeCpuLimitInDir } from '../../src/adapters/cgroupWriter';

describe('writer: v2 cpu.max (fixture tree, not a real cgroup)', () => {
  let dir: string;
  const cpuMax = () => fs.readFileSync(path.join(dir, 'cpu.max'), 'utf8').trim();

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cgl-fixture-v2-'));
    fs.writeFileSync(path.join(dir, 'cpu.max'), 'max 100000\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes "quota period" in one write, keeping the period when none is given', async () => {
    const outcome = await writeCpuLimitInDir(dir, 2, '/fixture', 20000, undefined);
    assert.ok(outcome.ok);
    assert.equal(cpuMax(), '20000 100000');
    assert.deepEqual(outcome.writes, [
      { file: 'cpu.max', old: 'max 100000', new: '20000 100000', readBack: '20000 100000' },
    ]);
  });

  it('changes the period and goes back to unlimited with "max"', async () => {
    assert.ok((await writeCpuLimitInDir(dir, 2, '/fixture', 50000, 200000)).ok);
    assert.equal(cpuMax(), '50000 200000');
    assert.ok((await writeCpuLimitInDir(dir, 2, '/fixture', null, undefined)).ok);
    assert.equal(cpuMax(), 'max 200000');
  });

  it('refuses values the kernel would refuse, before writing', async () => {
    const small = await writeCpuLimitInDir(dir, 2, '/fixture', 999, undefined);
    assert.equal(small.ok, false);
    assert.equal(small.ok ? '' : small.kind, 'invalid-value');
    const period = await writeCpuLimitInDir(dir, 2, '/fixture', 20000, 2_000_000);
    assert.equal(period.ok, false);
    assert.equal(cpuMax(), 'max 200000');
  });

  it('explains a group without cpu.max (controller not enabled) without writing', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cgl-fixture-empty-'));
    try {
      const outcome = await writeCpuLimitInDir(empty, 2, '/fixture', 20000, undefined);
      assert.equal(outcome.ok, false);
      assert.equal(outcome.ok ? '' : outcome.fsCode, 'ENOENT');
      assert.deepEqual(fs.readdirSync(empty), []);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
