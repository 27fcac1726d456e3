// Every user-facing string the extension passes to vscode.l10n.t has a Simplified Chinese translation,
// and every contributed title in package.json has one in package.nls.zh-cn.json.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The first argument of each l10n.t('...') call, as written in the source (single-quoted literals). */
function l10nKeys(): Set<string> {
  const keys = new Set<string>();
  const call = /l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g;
  for (const file of sourceFiles(path.join(repoRoot, 'src', 'extension'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(call)) keys.add((match[1] ?? '').replace(/\\(.)/g, '$1'));
  }
  return keys;
}

function readJson(relative: string): Record<string, string> {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, relative), 'utf8')) as Record<string, string>;
}

describe('localization', () => {
  it('translates every l10n.t string into zh-cn', () => {
    const bundle = readJson('l10n/bundle.l10n.zh-cn.json');
    const keys = l10nKeys();
    assert.ok(keys.size > 20, `found only ${keys.size} strings: is the scan broken?`);
    assert.deepEqual(
      [...keys].filter((k) => !(k in bundle)),
      [],
    );
  });

  it('keeps the zh-cn bundle free of strings the code no longer uses', () => {
    const keys = l10nKeys();
    assert.deepEqual(
      Object.keys(readJson('l10n/bundle.l10n.zh-cn.json')).filter((k) => !keys.has(k)),
      [],
    );
  });

  it('translates every package.nls.json key, keeping the {0} placeholders', () => {
    const english = readJson('package.nls.json');
    const chinese = readJson('package.nls.zh-cn.json');
    assert.deepEqual(Object.keys(chinese).sort(), Object.keys(english).sort());
  });

  it('resolves every %key% in package.json', () => {
    const manifest = fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
    const english = readJson('package.nls.json');
    const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1] as string);
    assert.deepEqual(
      used.filter((k) => !(k in english)),
      [],
    );
  });
});
