#!/usr/bin/env bash
# `npm run package`: a production build and the .vsix (bundled, so no node_modules inside; .vscodeignore is an
# allowlist). Usage: scripts/package.sh [OUTPUT.vsix]   (default: cgroup-lens.vsix in the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-cgroup-lens.vsix}

[[ -d node_modules ]] || npm ci --no-audit --no-fund
node esbuild.js --production
mkdir -p "$(dirname "$out")"
npx --no-install vsce package --no-dependencies --out "$out" >/dev/null
echo "package: $out ($(du -k "$out" | cut -f1) KiB)"
