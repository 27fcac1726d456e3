// Packaging: `scripts/package.sh` builds a .vsix that holds only what the installed extension needs
// (.vscodeignore is an allowlist; the bundles carry their dependencies), and code-server installs it.
// That the installed copy activates is shown by the UI tier, which runs on exactly this kind of install.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureCodeServerInstalled, installExtension, listExtensions, repoRoot } from '../vscode/codeServer';

/** The names in a zip file, read from its central directory (a .vsix is a zip). */
export function zipEntryNames(zip: Buffer): string[] {
  const endOfCentralDirectory = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(endOfCentralDirectory >= 0, 'not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(endOfCentralDirectory + 10);
  let offset = zip.readUInt32LE(endOfCentralDirectory + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(offset), 0x02014b50, `bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** Everything a .vsix may contain: vsce's manifest files and what .vscodeignore lets in. */
const allowed: RegExp[] = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls(\.[a-z-]+)?\.json$/,
  /^extension\/l10n\/bundle\.l10n(\.[a-z-]+)?\.json$/,
  /^extension\/dist\/(extension|cli|helper)\.js$/,
  /^extension\/dist\/webview\/[^/]+\.(js|css)$/,
  /^extension\/media\/[^/]+\.(svg|png|css)$/,
  /^extension\/(readme|changelog)\.md$/i,
  /^extension\/LICENSE(\.txt)?$/,
];

describe('the packaged .vsix', () => {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cgroup-lens-vsix-'));
  const vsix = path.join(workDir, 'cgroup-lens.vsix');
  let entries: string[] = [];

  before(() => {
    const packaged = spawnSync('bash', [path.join(repoRoot, 'scripts/package.sh'), vsix], {
      encoding: 'utf8',
    });
    assert.equal(packaged.status, 0, `scripts/package.sh failed:\n${packaged.stderr}${packaged.stdout}`);
    entries = zipEntryNames(fs.readFileSync(vsix));
  });

  after(() => fs.rmSync(workDir, { recursive: true, force: true }));

  it('holds only allowlisted files', () => {
    const unexpected = entries.filter((name) => !allowed.some((pattern) => pattern.test(name)));
    assert.deepEqual(unexpected, [], `unexpected files in the .vsix (all: ${entries.join(', ')})`);
  });

  it('holds the bundles, the manifest, the readme and the licence', () => {
    for (const required of [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/cli.js',
      'extension/dist/helper.js',
    ]) {
      assert.ok(entries.includes(required), `${required} missing from the .vsix`);
    }
    assert.ok(
      entries.some((name) => /^extension\/readme\.md$/i.test(name)),
      'README missing',
    );
    assert.ok(
      entries.some((name) => /^extension\/LICENSE/.test(name)),
      'LICENSE missing',
    );
    assert.ok(!entries.some((name) => name.includes('node_modules/')), 'node_modules must not be packaged');
    assert.ok(!entries.some((name) => name.endsWith('.map')), 'source maps must not be packaged');
  });

  it('installs into code-server and is listed with its version', () => {
    ensureCodeServerInstalled();
    const extensionsDir = path.join(workDir, 'extensions');
    installExtension(vsix, extensionsDir);
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.ok(
      listExtensions(extensionsDir).includes(`cgroup-lens.cgroup-lens@${version}`),
      `not listed: ${listExtensions(extensionsDir).join(', ')}`,
    );
  });
});
