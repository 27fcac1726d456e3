#!/usr/bin/env bash
# `npm start`: from a fresh clone, installs what is missing, builds and packages the extension, and serves
# a VS Code (code-server) on 127.0.0.1 with the packaged extension installed and workspace trust off.
# Ctrl-C stops everything it started.
#   npm start                      # http://127.0.0.1:8080
#   npm start -- --port 9000       # or PORT=9000 npm start
#   npm start -- --folder /some/dir  (the folder the workbench opens; default: this repository)
set -euo pipefail
cd "$(dirname "$0")/.."
repo_root=$(pwd)

port=${PORT:-8080}
folder=$repo_root
while (($#)); do
  case "$1" in
    --port) port=${2:?--port needs a number}; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    --folder) folder=${2:?--folder needs a path}; shift 2 ;;
    --folder=*) folder=${1#--folder=}; shift ;;
    -h | --help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "start: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ "$port" =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || { echo "start: bad port '$port'" >&2; exit 2; }
folder=$(cd "$folder" && pwd) || { echo "start: no such folder" >&2; exit 2; }

# Debian packages code-server's native modules build against: installed only when missing (needs root).
build_packages=(libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev)
bash scripts/ensure-debian-packages.sh "${build_packages[@]}"

[[ -d node_modules ]] || npm ci --no-audit --no-fund
bash scripts/install-code-server.sh
source scripts/code-server-env.sh
bash scripts/package.sh cgroup-lens.vsix

# Its own profile and extensions, kept between runs (settings survive) but apart from any other VS Code.
state=.vscode-test/start
mkdir -p "$state/user-data/User" "$state/extensions"
settings="$state/user-data/User/settings.json"
[[ -f "$settings" ]] || cat >"$settings" <<'EOF'
{
  "workbench.startupEditor": "none",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "telemetry.telemetryLevel": "off",
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden"
}
EOF
common=(--config "$state/config.yaml" --user-data-dir "$state/user-data" --extensions-dir "$state/extensions")
"$CODE_SERVER_NODE" "$CODE_SERVER_ENTRY" "${common[@]}" --install-extension cgroup-lens.vsix --force >/dev/null

if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "start: port $port on 127.0.0.1 is already in use; pick another with --port N or PORT=N" >&2
  exit 1
fi

log="$state/code-server.log"
# Its own session (process group), so stopping it also stops the extension hosts it forked.
setsid "$CODE_SERVER_NODE" "$CODE_SERVER_ENTRY" "${common[@]}" \
  --auth none --bind-addr "127.0.0.1:$port" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  "$folder" >"$log" 2>&1 &
server_pid=$!

stop() {
  trap - INT TERM EXIT
  if kill -0 "$server_pid" 2>/dev/null; then
    echo
    echo "start: stopping code-server (pid $server_pid)"
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

url="http://127.0.0.1:$port/?folder=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$folder")"
for _ in $(seq 1 300); do
  kill -0 "$server_pid" 2>/dev/null || { echo "start: code-server exited; its log:" >&2; tail -n 20 "$log" >&2; exit 1; }
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
  sleep 0.2
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" || { echo "start: code-server did not answer; see $log" >&2; exit 1; }

echo
echo "Cgroup Lens is running in VS Code (code-server $CODE_SERVER_VERSION):"
echo "  $url"
echo "Open it in a browser and click the Cgroups icon in the activity bar. Log: $log"
echo "From another machine: ssh -L $port:127.0.0.1:$port <this host>, then open the URL there."
echo "Press Ctrl-C to stop."
wait "$server_pid"
