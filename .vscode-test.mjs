// @vscode/test-cli configuration: the same extension-host suite as the code-server runner
// (test/extension-host/runInCodeServer.ts), run in a downloaded VS Code (Electron) by @vscode/test-electron.
// Needs a machine that can reach VS Code's update server:  node esbuild.js && npx tsc -p . && npx vscode-test
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'extension-host',
  files: 'out/test/extension-host/suite/**/*.test.js',
  version: process.env.CGROUP_LENS_VSCODE_VERSION ?? 'stable',
  extensionDevelopmentPath: import.meta.dirname,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'tdd', timeout: 30_000, color: true },
});
