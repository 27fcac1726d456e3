// Random and mutated inputs through every core entry point: nothing throws, results stay JSON-serialisable,
// and validators agree with themselves. A seeded generator keeps failures reproducible.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { allControlFiles } from '../../src/core/controlFiles';
import { decodeControlValue } from '../../src/core/decode';
import { parseControlFile } from '../../src/core/formats';
import { controlFileHover } from '../../src/core/hover';
import { identifyOwner, parseProcCgroup } from '../../src/core/owner';
import {
  cpuLimitFromV1,
  cpuLimitFromV2,
  parseCpuLimitInput,
  validateCpuLimit,
} from '../../src/core/cpuLimit';
import { normalizeCgroupPath } from '../../src/core/cgroupPath';
import { explainFsError } from '../../src/core/errors';
import type { CgroupVersion } from '../../src/core/model';

/** mulberry32: small, fast, seeded. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLES = [
  'max 100000\n',
  '20000 100000\n',
  '-1\n',
  '9223372036854771712\n',
  'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n',
  'usage_usec 1\nnr_periods 2\n',
  '0-3,8\n',
  '1\n2\n3\n',
  '8:0 rbps=max wbps=1\n',
  'cpu memory\n',
  `/kubepods.slice/kubepods-pod1_2.slice/cri-containerd-${'a'.repeat(64)}.scope`,
  '/system.slice/docker-abc123def.scope',
  '/user.slice/user-1000.slice/user@1000.service',
  '0.5',
  '50%',
  '20000/100000',
];
const ALPHABET = ' \n\t/.-_:=,%0123456789abcdefmaxuµ\\x2d\0é５';

function mutate(next: () => number, text: string): string {
  const chars = [...text];
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (chars.length + 1));
    const choice = next();
    const char = ALPHABET[Math.floor(next() * ALPHABET.length)] ?? 'x';
    if (choice < 0.4) chars.splice(at, 0, char);
    else if (choice < 0.7) chars.splice(at, 1);
    else chars[at] = char;
  }
  return chars.join('');
}

function randomText(next: () => number): string {
  if (next() < 0.6) return mutate(next, SAMPLES[Math.floor(next() * SAMPLES.length)] ?? '');
  const length = Math.floor(next() * 40);
  let text = '';
  for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)] ?? '';
  return text;
}

describe('core under random input', () => {
  const names = allControlFiles().map((info) => info.name.replace('<size>', '2MB'));
  const next = random(20261204);

  it('parses, decodes and explains 20,000 random control file texts', () => {
    for (let i = 0; i < 20000; i++) {
      const name = names[Math.floor(next() * names.length)] ?? 'cpu.max';
      const version: CgroupVersion = next() < 0.5 ? 1 : 2;
      const text = randomText(next);
      const parsed = parseControlFile(name, text, version);
      assert.equal(typeof parsed.kind, 'string');
      assert.doesNotThrow(() => JSON.stringify(parsed), `${name} ${JSON.stringify(text)}`);
      assert.equal(typeof decodeControlValue(name, version, text), 'string');
      if (i % 10 === 0) assert.equal(typeof controlFileHover(name, version, text), 'string');
    }
  });

  it('identifies owners of 20,000 random paths and /proc/PID/cgroup texts', () => {
    for (let i = 0; i < 20000; i++) {
      const text = randomText(next);
      const owner = identifyOwner(text);
      assert.ok(['container', 'pod', 'service', 'scope', 'slice', 'user', 'group'].includes(owner.kind));
      assert.deepEqual(JSON.parse(JSON.stringify(owner)), owner);
      assert.ok(Array.isArray(parseProcCgroup(`0::${text}\n1:cpu:${text}`)));
    }
  });

  it('keeps the CPU limit grammar and the validator in agreement on 20,000 inputs', () => {
    for (let i = 0; i < 20000; i++) {
      const text = randomText(next);
      const version: CgroupVersion = next() < 0.5 ? 1 : 2;
      const result = parseCpuLimitInput(text, { version, currentPeriodUs: 100000 });
      if (result.ok) {
        assert.equal(validateCpuLimit(result.limit, version), undefined, JSON.stringify(text));
        assert.ok(result.limit.quotaUs === null || Number.isInteger(result.limit.quotaUs));
      } else {
        assert.ok(result.reason.length > 0);
      }
      assert.doesNotThrow(() => cpuLimitFromV1(text, text));
      assert.doesNotThrow(() => cpuLimitFromV2(text));
    }
  });

  it('normalizes 20,000 random paths into paths it accepts again unchanged', () => {
    for (let i = 0; i < 20000; i++) {
      const text = randomText(next);
      const result = normalizeCgroupPath(text);
      if (result.ok) {
        assert.deepEqual(normalizeCgroupPath(result.path), result);
        assert.ok(!result.path.split('/').includes('..'));
      }
    }
  });

  it('explains any error code', () => {
    for (let i = 0; i < 2000; i++) {
      const code = randomText(next).toUpperCase();
      assert.ok(
        explainFsError(code, { op: 'write', file: randomText(next), value: randomText(next) }).message
          .length > 0,
      );
    }
  });
});
