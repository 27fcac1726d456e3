#!/usr/bin/env bash
# `npm run package`: a production build and the .vsix (bundled, so no node_modules inside; .vscodeignore is an
# allowlist). Usage: scripts/package.sh [OUTPUT.vsix]   (default: cgroup-lens.vsix in the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-cgroup-lens.vsix}

[[ -d node_modules ]] || npm ci --no-audit --no-fund
node esbuild.js --production
mkdir -p "$(dirname "$out")"
# README images stay relative: the .vsix is installed from a file, not shown on a marketplace page.
npx --no-install vsce package --no-dependencies --no-rewrite-relative-links --out "$out" >/dev/null
echo "package: $out ($(du -k "$out" | cut -f1) KiB)"
