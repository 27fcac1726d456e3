#!/usr/bin/env bash
# Starts the Docker daemon when none answers (these machines have no systemd) and imports the
# local busybox image the tests use; no registry is reachable, so the image is built from busybox-static.
set -euo pipefail

IMAGE=${CGROUP_LENS_TEST_IMAGE:-local/busybox:test}

if ! docker version >/dev/null 2>&1; then
  echo "start-docker: starting dockerd"
  mkdir -p /var/log
  nohup dockerd --host unix:///var/run/docker.sock >/var/log/cgroup-lens-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker version >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker version >/dev/null 2>&1 || {
    echo "start-docker: dockerd did not answer; see /var/log/cgroup-lens-dockerd.log" >&2
    exit 1
  }
fi

if ! docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "start-docker: importing $IMAGE"
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  mkdir -p "$root/bin"
  cp /bin/busybox "$root/bin/busybox"
  for applet in sh sleep cat echo ls ps top yes true false; do ln -s busybox "$root/bin/$applet"; done
  tar -C "$root" -c . | docker import - "$IMAGE" >/dev/null
fi
