// Builds the shipped bundles. Each runtime gets its own bundle so that the extension host, the
// command line, the privileged helper and the webview load only what they use.
const esbuild = require('esbuild');
const fs = require('node:fs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** dockerode pulls in ssh2, whose optional native addons cannot be bundled; they are never needed locally. */
const nodeExternals = ['vscode', 'cpu-features', './crypto/build/Release/sshcrypto.node'];

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  loader: { '.node': 'empty' },
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nodeExternals,
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nodeExternals,
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: ['src/helper/main.ts'],
    outfile: 'dist/helper.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: nodeExternals,
    banner: { js: '#!/usr/bin/env node' },
  },
];

async function main() {
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  for (const t of targets) {
    if (t.banner) fs.chmodSync(t.outfile, 0o755);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
