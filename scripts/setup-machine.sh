#!/usr/bin/env bash
# Makes a fresh machine of the project's kind ready for the tests: Debian packages (as root),
# a running Docker engine, and the local busybox image the tests run containers from.
# Idempotent: each step checks before it acts, so a second run takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  docker.io busybox-static   # a real engine and the tiny image built from busybox
  iproute2                   # ss: the helper identifies its callers through socket diagnostics
  chromium                   # the UI tier drives code-server in headless Chromium
  libkrb5-dev libsecret-1-dev libxkbfile-dev libx11-dev # code-server's native modules
)

bash scripts/ensure-debian-packages.sh "${packages[@]}"
bash scripts/start-docker.sh
