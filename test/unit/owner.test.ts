// Owner identification over real-world cgroup path shapes (docs/cgroup-facts.md §9). The paths follow what
// runc, crun, containerd, CRI-O, podman, LXC, systemd and kubelet create; ids are synthetic.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeOwner,
  identifyOwner,
  identifyOwnerFromProcCgroup,
  parseProcCgroup,
  preferredProcCgroupEntry,
  unescapeSystemdName,
} from '../../src/core/owner';
import type { Owner } from '../../src/core/model';

const ID = '4f797c539e6c745de61a93ca3ff892358ecbcaccd8414d5db545c38428142970';
const ID2 = '9ec39b91f3d70e1beff50a308f77067065ea6be0d91a3378375056cd4422cf3d';
const UID = '3c6a5f7e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
const UID_SYSTEMD = UID.replace(/-/g, '_');
const STATIC_POD = 'b1946ac824c5c25d0ee2a08e1e6f7f47';

/** Checks the listed fields and that identity fields not listed are absent. */
function expectOwner(path: string, expected: Owner): void {
  const owner = identifyOwner(path);
  for (const key of Object.keys(expected) as (keyof Owner)[]) {
    assert.deepEqual(owner[key], expected[key], `${key} of ${path}: ${JSON.stringify(owner)}`);
  }
  for (const key of ['containerId', 'podUid', 'qos', 'uid'] as const) {
    if (!(key in expected))
      assert.equal(owner[key], undefined, `${key} should be absent for ${path}: ${JSON.stringify(owner)}`);
  }
}

type Case = [title: string, path: string, expected: Owner];

const cases: Case[] = [
  // Docker, cgroupfs driver (v1 and v2 alike)
  ['docker cgroupfs', `/docker/${ID}`, { kind: 'container', runtime: 'docker', containerId: ID }],
  [
    'docker cgroupfs short id',
    `/docker/${ID.slice(0, 12)}`,
    { kind: 'container', runtime: 'docker', containerId: ID.slice(0, 12) },
  ],
  [
    'docker cgroupfs sub-cgroup',
    `/docker/${ID}/init`,
    { kind: 'container', runtime: 'docker', containerId: ID },
  ],
  [
    'docker cgroupfs trailing slash',
    `/docker/${ID}/`,
    { kind: 'container', runtime: 'docker', containerId: ID },
  ],
  ['docker parent alone', '/docker', { kind: 'group' }],
  [
    'bare 64-hex id under a custom parent',
    `/my-containers/${ID}`,
    { kind: 'container', runtime: null, containerId: ID },
  ],
  [
    'docker-in-docker nested',
    `/docker/${ID}/docker/${ID2}`,
    { kind: 'container', runtime: 'docker', containerId: ID2 },
  ],
  // Docker, systemd driver
  [
    'docker systemd scope',
    `/system.slice/docker-${ID}.scope`,
    { kind: 'container', runtime: 'docker', containerId: ID, unit: `docker-${ID}.scope` },
  ],
  [
    'docker systemd sub-cgroup (v2 init leaf)',
    `/system.slice/docker-${ID}.scope/init`,
    { kind: 'container', runtime: 'docker', containerId: ID },
  ],
  [
    'docker systemd with systemd inside',
    `/system.slice/docker-${ID}.scope/system.slice/cron.service`,
    { kind: 'container', runtime: 'docker', containerId: ID },
  ],
  [
    'docker systemd in a custom slice',
    `/custom.slice/docker-${ID}.scope`,
    { kind: 'container', runtime: 'docker', containerId: ID },
  ],
  [
    'docker short id scope',
    `/system.slice/docker-${ID.slice(0, 12)}.scope`,
    { kind: 'container', runtime: 'docker', containerId: ID.slice(0, 12) },
  ],
  [
    'docker rootless',
    `/user.slice/user-1000.slice/user@1000.service/user.slice/docker-${ID}.scope`,
    { kind: 'container', runtime: 'docker', containerId: ID, uid: 1000 },
  ],
  [
    'docker relative path from another namespace',
    `/../docker-${ID}.scope`,
    { kind: 'container', runtime: 'docker', containerId: ID },
  ],
  [
    'docker relative path, deeper',
    `/../../system.slice/docker-${ID}.scope/init`,
    { kind: 'container', runtime: 'docker', containerId: ID },
  ],
  [
    'docker literal systemd cgroupsPath',
    `/system.slice:docker:${ID}`,
    { kind: 'container', runtime: 'docker', containerId: ID },
  ],
  [
    'docker shm mount unit is not a container',
    `/system.slice/var-lib-docker-containers-${ID}-mounts-shm.mount`,
    { kind: 'group', unit: `var-lib-docker-containers-${ID}-mounts-shm.mount` },
  ],
  [
    'docker.service',
    '/system.slice/docker.service',
    { kind: 'service', unit: 'docker.service', name: 'docker.service' },
  ],
  ['containerd.service', '/system.slice/containerd.service', { kind: 'service', unit: 'containerd.service' }],
  ['docker.socket', '/system.slice/docker.socket', { kind: 'group', unit: 'docker.socket' }],
  [
    'docker-compose service unit',
    '/system.slice/docker-compose@app.service',
    { kind: 'service', unit: 'docker-compose@app.service' },
  ],
  ['empty docker scope id', '/system.slice/docker-.scope', { kind: 'scope', unit: 'docker-.scope' }],

  // Kubernetes, cgroupfs driver
  [
    'k8s cgroupfs burstable container',
    `/kubepods/burstable/pod${UID}/${ID}`,
    { kind: 'container', runtime: null, containerId: ID, podUid: UID, qos: 'burstable' },
  ],
  [
    'k8s cgroupfs besteffort container',
    `/kubepods/besteffort/pod${UID}/${ID}`,
    { kind: 'container', containerId: ID, podUid: UID, qos: 'besteffort' },
  ],
  [
    'k8s cgroupfs guaranteed container',
    `/kubepods/pod${UID}/${ID}`,
    { kind: 'container', containerId: ID, podUid: UID, qos: 'guaranteed' },
  ],
  [
    'k8s cgroupfs short container id',
    `/kubepods/pod${UID}/${ID.slice(0, 12)}`,
    { kind: 'container', containerId: ID.slice(0, 12), podUid: UID, qos: 'guaranteed' },
  ],
  [
    'k8s cgroupfs burstable pod',
    `/kubepods/burstable/pod${UID}`,
    { kind: 'pod', podUid: UID, qos: 'burstable' },
  ],
  [
    'k8s cgroupfs besteffort pod',
    `/kubepods/besteffort/pod${UID}`,
    { kind: 'pod', podUid: UID, qos: 'besteffort' },
  ],
  ['k8s cgroupfs guaranteed pod', `/kubepods/pod${UID}`, { kind: 'pod', podUid: UID, qos: 'guaranteed' }],
  [
    'k8s cgroupfs static pod',
    `/kubepods/burstable/pod${STATIC_POD}/${ID}`,
    { kind: 'container', containerId: ID, podUid: STATIC_POD, qos: 'burstable' },
  ],
  ['k8s cgroupfs burstable level', '/kubepods/burstable', { kind: 'group', qos: 'burstable' }],
  ['k8s cgroupfs besteffort level', '/kubepods/besteffort', { kind: 'group', qos: 'besteffort' }],
  ['k8s cgroupfs kubepods root', '/kubepods', { kind: 'group' }],
  [
    'k8s cgroupfs cri-o container',
    `/kubepods/burstable/pod${UID}/crio-${ID}`,
    { kind: 'container', runtime: 'cri-o', containerId: ID, podUid: UID, qos: 'burstable' },
  ],
  [
    'k8s cgroupfs cri-o conmon',
    `/kubepods/burstable/pod${UID}/crio-conmon-${ID}`,
    { kind: 'group', runtime: 'cri-o', podUid: UID, qos: 'burstable' },
  ],
  [
    'k8s cgroupfs kubelet root',
    `/kubelet/kubepods/besteffort/pod${UID}/${ID}`,
    { kind: 'container', containerId: ID, podUid: UID, qos: 'besteffort' },
  ],
  [
    'k8s cgroupfs container sub-cgroup',
    `/kubepods/pod${UID}/${ID}/sub`,
    { kind: 'container', containerId: ID, podUid: UID, qos: 'guaranteed' },
  ],
  [
    'k8s cgroupfs mismatched driver literal',
    `/kubepods/burstable/pod${UID}/kubepods-burstable-pod${UID_SYSTEMD}.slice:cri-containerd:${ID}`,
    { kind: 'container', runtime: 'containerd', containerId: ID, podUid: UID, qos: 'burstable' },
  ],
  [
    'mismatched driver literal alone',
    `/kubepods-besteffort-pod${UID_SYSTEMD}.slice:crio:${ID}`,
    { kind: 'container', runtime: 'cri-o', containerId: ID, podUid: UID, qos: 'besteffort' },
  ],

  // Kubernetes, systemd driver
  [
    'k8s systemd containerd burstable',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_SYSTEMD}.slice/cri-containerd-${ID}.scope`,
    {
      kind: 'container',
      runtime: 'containerd',
      containerId: ID,
      podUid: UID,
      qos: 'burstable',
      unit: `cri-containerd-${ID}.scope`,
    },
  ],
  [
    'k8s systemd containerd besteffort',
    `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_SYSTEMD}.slice/cri-containerd-${ID}.scope`,
    { kind: 'container', runtime: 'containerd', containerId: ID, podUid: UID, qos: 'besteffort' },
  ],
  [
    'k8s systemd containerd guaranteed',
    `/kubepods.slice/kubepods-pod${UID_SYSTEMD}.slice/cri-containerd-${ID}.scope`,
    { kind: 'container', runtime: 'containerd', containerId: ID, podUid: UID, qos: 'guaranteed' },
  ],
  [
    'k8s systemd containerd without .scope',
    `/kubepods.slice/kubepods-pod${UID_SYSTEMD}.slice/cri-containerd-${ID}`,
    { kind: 'container', runtime: 'containerd', containerId: ID, podUid: UID, qos: 'guaranteed' },
  ],
  [
    'k8s systemd cri-o burstable',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_SYSTEMD}.slice/crio-${ID}.scope`,
    {
      kind: 'container',
      runtime: 'cri-o',
      containerId: ID,
      podUid: UID,
      qos: 'burstable',
      unit: `crio-${ID}.scope`,
    },
  ],
  [
    'k8s systemd cri-o container sub-cgroup',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_SYSTEMD}.slice/crio-${ID}.scope/container`,
    { kind: 'container', runtime: 'cri-o', containerId: ID, podUid: UID, qos: 'burstable' },
  ],
  [
    'k8s systemd cri-o conmon',
    `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_SYSTEMD}.slice/crio-conmon-${ID}.scope`,
    { kind: 'scope', runtime: 'cri-o', podUid: UID, qos: 'besteffort', unit: `crio-conmon-${ID}.scope` },
  ],
  [
    'k8s systemd docker (dockershim)',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_SYSTEMD}.slice/docker-${ID}.scope`,
    { kind: 'container', runtime: 'docker', containerId: ID, podUid: UID, qos: 'burstable' },
  ],
  [
    'k8s systemd guaranteed docker',
    `/kubepods.slice/kubepods-pod${UID_SYSTEMD}.slice/docker-${ID}.scope`,
    { kind: 'container', runtime: 'docker', containerId: ID, podUid: UID, qos: 'guaranteed' },
  ],
  [
    'k8s systemd burstable pod',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_SYSTEMD}.slice`,
    { kind: 'pod', podUid: UID, qos: 'burstable', unit: `kubepods-burstable-pod${UID_SYSTEMD}.slice` },
  ],
  [
    'k8s systemd besteffort pod',
    `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_SYSTEMD}.slice`,
    { kind: 'pod', podUid: UID, qos: 'besteffort' },
  ],
  [
    'k8s systemd guaranteed pod',
    `/kubepods.slice/kubepods-pod${UID_SYSTEMD}.slice`,
    { kind: 'pod', podUid: UID, qos: 'guaranteed' },
  ],
  [
    'k8s systemd static pod',
    `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${STATIC_POD}.slice/cri-containerd-${ID}.scope`,
    { kind: 'container', containerId: ID, podUid: STATIC_POD, qos: 'burstable' },
  ],
  [
    'k8s systemd burstable slice',
    '/kubepods.slice/kubepods-burstable.slice',
    { kind: 'slice', qos: 'burstable', unit: 'kubepods-burstable.slice' },
  ],
  [
    'k8s systemd besteffort slice',
    '/kubepods.slice/kubepods-besteffort.slice',
    { kind: 'slice', qos: 'besteffort' },
  ],
  ['k8s systemd kubepods.slice', '/kubepods.slice', { kind: 'slice', unit: 'kubepods.slice' }],
  [
    'k8s kubelet- prefix container',
    `/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod${UID_SYSTEMD}.slice/cri-containerd-${ID}.scope`,
    { kind: 'container', runtime: 'containerd', containerId: ID, podUid: UID, qos: 'besteffort' },
  ],
  [
    'k8s kubelet- prefix guaranteed pod',
    `/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-pod${UID_SYSTEMD}.slice`,
    { kind: 'pod', podUid: UID, qos: 'guaranteed' },
  ],
  [
    'k8s kubelet- prefix burstable slice',
    '/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice',
    { kind: 'slice', qos: 'burstable' },
  ],
  [
    'kind node: pod container inside a docker node',
    `/system.slice/docker-${ID2}.scope/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/kubelet-kubepods-burstable-pod${UID_SYSTEMD}.slice/cri-containerd-${ID}.scope`,
    { kind: 'container', runtime: 'containerd', containerId: ID, podUid: UID, qos: 'burstable' },
  ],
  [
    'kind node: pod inside a docker node (cgroupfs)',
    `/docker/${ID2}/kubelet/kubepods/burstable/pod${UID}`,
    { kind: 'pod', podUid: UID, qos: 'burstable' },
  ],
  [
    'kind node: the node itself',
    `/docker/${ID2}/kubelet.slice`,
    { kind: 'container', runtime: 'docker', containerId: ID2 },
  ],
  [
    'k8s v2 cgroupns relative container',
    `/../../kubepods-burstable-pod${UID_SYSTEMD}.slice/cri-containerd-${ID}.scope`,
    { kind: 'container', runtime: 'containerd', containerId: ID, podUid: UID, qos: 'burstable' },
  ],

  // Podman
  [
    'podman rootful systemd',
    `/machine.slice/libpod-${ID}.scope`,
    { kind: 'container', runtime: 'podman', containerId: ID, unit: `libpod-${ID}.scope` },
  ],
  [
    'podman rootful container leaf',
    `/machine.slice/libpod-${ID}.scope/container`,
    { kind: 'container', runtime: 'podman', containerId: ID },
  ],
  [
    'podman conmon scope is not a container',
    `/machine.slice/libpod-conmon-${ID}.scope`,
    { kind: 'scope', runtime: 'podman', unit: `libpod-conmon-${ID}.scope` },
  ],
  [
    'podman rootless',
    `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope`,
    { kind: 'container', runtime: 'podman', containerId: ID, uid: 1000 },
  ],
  [
    'podman rootless container leaf',
    `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container`,
    { kind: 'container', runtime: 'podman', containerId: ID, uid: 1000 },
  ],
  [
    'podman rootless conmon',
    `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-conmon-${ID}.scope`,
    { kind: 'scope', runtime: 'podman', uid: 1000 },
  ],
  [
    'podman cgroupfs',
    `/libpod_parent/libpod-${ID}`,
    { kind: 'container', runtime: 'podman', containerId: ID },
  ],
  ['podman cgroupfs conmon', '/libpod_parent/conmon', { kind: 'group', runtime: 'podman' }],
  [
    'podman payload',
    `/machine.slice/libpod-payload-${ID}`,
    { kind: 'container', runtime: 'podman', containerId: ID },
  ],
  [
    'podman pod member',
    `/machine.slice/machine-libpod_pod_${ID2}.slice/libpod-${ID}.scope/container`,
    { kind: 'container', runtime: 'podman', containerId: ID },
  ],
  ['podman pod slice', `/machine.slice/machine-libpod_pod_${ID2}.slice`, { kind: 'pod', runtime: 'podman' }],
  [
    'podman-PID scope is not a container',
    '/user.slice/user-1000.slice/user@1000.service/user.slice/podman-12345.scope',
    { kind: 'scope', runtime: 'podman', uid: 1000 },
  ],
  [
    'podman literal cgroupsPath',
    `/machine.slice:libpod:${ID}`,
    { kind: 'container', runtime: 'podman', containerId: ID },
  ],

  // containerd without Kubernetes
  [
    'nerdctl systemd',
    `/system.slice/nerdctl-${ID}.scope`,
    { kind: 'container', runtime: 'containerd', containerId: ID },
  ],
  [
    'nerdctl cgroupfs (namespace parent)',
    `/default/${ID}`,
    { kind: 'container', runtime: null, containerId: ID },
  ],

  // LXC / LXD
  ['lxc payload', '/lxc.payload.web', { kind: 'container', runtime: 'lxc', name: 'web' }],
  [
    'lxc payload with systemd inside',
    '/lxc.payload.web/system.slice/cron.service',
    { kind: 'container', runtime: 'lxc', name: 'web' },
  ],
  [
    'lxc payload init scope',
    '/lxc.payload.web/init.scope',
    { kind: 'container', runtime: 'lxc', name: 'web' },
  ],
  ['lxc old layout', '/lxc/web', { kind: 'container', runtime: 'lxc', name: 'web' }],
  ['lxc old layout sub-cgroup', '/lxc/web/ns', { kind: 'container', runtime: 'lxc', name: 'web' }],
  ['lxc payload directory layout', '/lxc.payload/101', { kind: 'container', runtime: 'lxc', name: '101' }],
  ['lxc monitor', '/lxc.monitor.web', { kind: 'group', runtime: 'lxc' }],
  ['lxc monitor directory layout', '/lxc.monitor/101', { kind: 'group', runtime: 'lxc' }],
  [
    'docker inside lxc',
    `/lxc.payload.web/system.slice/docker-${ID}.scope`,
    { kind: 'container', runtime: 'docker', containerId: ID },
  ],
  ['lxc parent alone', '/lxc', { kind: 'group' }],

  // systemd-nspawn and machined
  [
    'nspawn service',
    '/machine.slice/systemd-nspawn@debian.service',
    { kind: 'container', runtime: 'systemd-nspawn', name: 'debian', unit: 'systemd-nspawn@debian.service' },
  ],
  [
    'nspawn payload',
    '/machine.slice/systemd-nspawn@debian.service/payload',
    { kind: 'container', runtime: 'systemd-nspawn', name: 'debian' },
  ],
  [
    'nspawn supervisor',
    '/machine.slice/systemd-nspawn@debian.service/supervisor',
    { kind: 'container', runtime: 'systemd-nspawn', name: 'debian' },
  ],
  [
    'nspawn escaped name',
    '/machine.slice/systemd-nspawn@my\\x2dbox.service',
    { kind: 'container', runtime: 'systemd-nspawn', name: 'my-box' },
  ],
  [
    'machined scope',
    '/machine.slice/machine-my\\x2dbox.scope',
    { kind: 'container', runtime: 'systemd-nspawn', name: 'my-box', unit: 'machine-my\\x2dbox.scope' },
  ],
  [
    'machined scope payload',
    '/machine.slice/machine-debian.scope/payload/system.slice/cron.service',
    { kind: 'container', runtime: 'systemd-nspawn', name: 'debian' },
  ],
  [
    'libvirt qemu VM is not a container',
    '/machine.slice/machine-qemu\\x2d1\\x2dvm.scope',
    { kind: 'scope', name: 'machine-qemu-1-vm.scope' },
  ],
  ['libvirt qemu vcpu', '/machine.slice/machine-qemu\\x2d1\\x2dvm.scope/libvirt/vcpu0', { kind: 'scope' }],
  ['machine.slice', '/machine.slice', { kind: 'slice', unit: 'machine.slice' }],

  // systemd units, users, sessions
  ['service', '/system.slice/cron.service', { kind: 'service', unit: 'cron.service', name: 'cron.service' }],
  ['service sub-cgroup', '/system.slice/cron.service/child', { kind: 'service', unit: 'cron.service' }],
  [
    'escaped service',
    '/system.slice/system-getty.slice/getty@tty1.service',
    { kind: 'service', unit: 'getty@tty1.service' },
  ],
  [
    'escaped instance',
    '/system.slice/system-systemd\\x2dfsck.slice/systemd-fsck@dev-disk-by\\x2duuid-1234.service',
    { kind: 'service', name: 'systemd-fsck@dev-disk-by-uuid-1234.service' },
  ],
  ['system.slice', '/system.slice', { kind: 'slice', unit: 'system.slice', name: 'system.slice' }],
  ['nested slice', '/system.slice/system-getty.slice', { kind: 'slice', unit: 'system-getty.slice' }],
  ['init.scope', '/init.scope', { kind: 'scope', unit: 'init.scope' }],
  ['user.slice', '/user.slice', { kind: 'slice', unit: 'user.slice' }],
  ['user-UID.slice', '/user.slice/user-1000.slice', { kind: 'user', uid: 1000, unit: 'user-1000.slice' }],
  [
    'user@UID.service',
    '/user.slice/user-1000.slice/user@1000.service',
    { kind: 'user', uid: 1000, unit: 'user@1000.service' },
  ],
  ['root user manager', '/user.slice/user-0.slice/user@0.service', { kind: 'user', uid: 0 }],
  [
    'session scope',
    '/user.slice/user-1000.slice/session-3.scope',
    { kind: 'scope', unit: 'session-3.scope', uid: 1000 },
  ],
  ['session c-prefixed', '/user.slice/user-1000.slice/session-c1.scope', { kind: 'scope', uid: 1000 }],
  [
    'app scope in user manager',
    '/user.slice/user-1000.slice/user@1000.service/app.slice/app-gnome-org.gnome.Terminal-1234.scope',
    { kind: 'scope', uid: 1000 },
  ],
  [
    'vte-spawn scope',
    '/user.slice/user-1000.slice/user@1000.service/app.slice/app-org.gnome.Terminal.slice/vte-spawn-0a1b2c3d-4e5f-6789-abcd-ef0123456789.scope',
    { kind: 'scope', uid: 1000 },
  ],
  [
    'user service in user manager',
    '/user.slice/user-1000.slice/user@1000.service/app.slice/pipewire.service',
    { kind: 'service', unit: 'pipewire.service', uid: 1000 },
  ],
  [
    'user manager init.scope',
    '/user.slice/user-1000.slice/user@1000.service/init.scope',
    { kind: 'scope', unit: 'init.scope', uid: 1000 },
  ],
  [
    'systemd-run transient scope',
    '/system.slice/run-r0a1b2c3d.scope',
    { kind: 'scope', unit: 'run-r0a1b2c3d.scope' },
  ],
  ['swap unit', '/system.slice/dev-sda2.swap', { kind: 'group', unit: 'dev-sda2.swap' }],
  ['root slice -.slice', '/-.slice', { kind: 'slice', unit: '-.slice' }],

  // Plain groups and edge cases
  ['root', '/', { kind: 'group' }],
  ['empty string', '', { kind: 'group' }],
  ['plain group', '/mygroup/child', { kind: 'group' }],
  ['test prefix group', '/cgroup-lens-test-123-abc/a', { kind: 'group' }],
  ['v1 name=systemd user path', '/user.slice/user-1000.slice/session-2.scope', { kind: 'scope', uid: 1000 }],
  [
    'ECS task container',
    `/ecs/0123456789abcdef0123456789abcdef/${ID}`,
    { kind: 'container', containerId: ID },
  ],
  [
    'ECS task container short',
    `/ecs/0123456789abcdef0123456789abcdef/${ID.slice(0, 12)}`,
    { kind: 'container', containerId: ID.slice(0, 12) },
  ],
  [
    'Fargate container',
    '/ecs/0123456789abcdef0123456789abcdef/0123456789abcdef0123456789abcdef-1234567890',
    { kind: 'container', containerId: '0123456789abcdef0123456789abcdef-1234567890' },
  ],
  // Shapes from the container-tagging examples used by tracing libraries (ids as published there).
  [
    'published k8s cgroupfs besteffort',
    '/kubepods/besteffort/pod3d274242-8ee0-11e9-a8a6-1e68d864ef1a/3e74d3fd9db4c9dd921ae05c2502fb984d0cde1b36e581b13f79c639da4518a1',
    {
      kind: 'container',
      containerId: '3e74d3fd9db4c9dd921ae05c2502fb984d0cde1b36e581b13f79c639da4518a1',
      podUid: '3d274242-8ee0-11e9-a8a6-1e68d864ef1a',
      qos: 'besteffort',
    },
  ],
  [
    'published ECS classic with cluster name',
    '/ecs/haissam-ecs-classic/5a0d5ceddf6c44c1928d367a815d890f/38fac3e99302b3622be089dd41e7ccf38aff368a86cc339972075136ee2710ce',
    { kind: 'container', containerId: '38fac3e99302b3622be089dd41e7ccf38aff368a86cc339972075136ee2710ce' },
  ],
  [
    'published Fargate task uuid',
    '/ecs/55091c13-b8cf-4801-b527-f4601742204d/432624d2150b349fe35ba397284dea788c2bf66b885d14dfc1569b01890ca7da',
    { kind: 'container', containerId: '432624d2150b349fe35ba397284dea788c2bf66b885d14dfc1569b01890ca7da' },
  ],
  [
    'published cri-o systemd pod',
    '/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod90d81341_92de_11e7_8cf2_507b9d4141fa.slice/crio-2227daf62df6694645fee5df53c1f91271546a9560e8600a525690ae252b7f63.scope',
    {
      kind: 'container',
      runtime: 'cri-o',
      containerId: '2227daf62df6694645fee5df53c1f91271546a9560e8600a525690ae252b7f63',
      podUid: '90d81341-92de-11e7-8cf2-507b9d4141fa',
      qos: 'burstable',
    },
  ],
  [
    'published docker systemd',
    '/system.slice/docker-cde7c2bab394630a42d73dc610b9c57415dced996106665d427f6d0566594411.scope',
    {
      kind: 'container',
      runtime: 'docker',
      containerId: 'cde7c2bab394630a42d73dc610b9c57415dced996106665d427f6d0566594411',
    },
  ],
  [
    'sub-cgroup with a non-hex name stays with its container',
    '/docker/051e2ee0bce99116029a13df4a9e943137f19f957f38ac02d6bad96f9b700f76/not_hex',
    {
      kind: 'container',
      runtime: 'docker',
      containerId: '051e2ee0bce99116029a13df4a9e943137f19f957f38ac02d6bad96f9b700f76',
    },
  ],
  ['short hex under custom parent is not a container', '/build/deadbeef1234', { kind: 'group' }],
  ['uppercase hex is not a docker id', `/docker/${ID.toUpperCase()}`, { kind: 'group' }],
  ['dots only', '/./..', { kind: 'group' }],
];

describe('identifyOwner', () => {
  it(`covers many path shapes (${cases.length})`, () => {
    assert.ok(cases.length >= 80);
  });
  for (const [title, path, expected] of cases) {
    it(`${title}: ${path.length > 90 ? path.slice(0, 87) + '…' : path}`, () => expectOwner(path, expected));
  }

  it('never throws on odd input', () => {
    for (const input of ['\0', '////', '/\n/', 'relative/path', `/docker/${ID}\n`, '/a'.repeat(5000)]) {
      assert.doesNotThrow(() => identifyOwner(input));
    }
  });

  it('uses the container id of the innermost container', () => {
    const owner = identifyOwner(`/docker/${ID}/docker/${ID2}/sub`);
    assert.equal(owner.containerId, ID2);
  });
});

describe('unescapeSystemdName', () => {
  it('decodes \\x2d', () =>
    assert.equal(unescapeSystemdName('machine-my\\x2dbox.scope'), 'machine-my-box.scope'));
  it('leaves plain names alone', () => assert.equal(unescapeSystemdName('cron.service'), 'cron.service'));
  it('decodes several escapes', () => assert.equal(unescapeSystemdName('a\\x2db\\x2fc\\x20d'), 'a-b/c d'));
  it('decodes UTF-8 byte sequences', () =>
    assert.equal(unescapeSystemdName('caf\\xc3\\xa9.service'), 'café.service'));
  it('keeps malformed escapes', () => assert.equal(unescapeSystemdName('a\\x2'), 'a\\x2'));
  it('handles uppercase hex', () => assert.equal(unescapeSystemdName('a\\x2Db'), 'a-b'));
});

describe('parseProcCgroup', () => {
  it('parses a v1 file with co-mounted and named hierarchies', () => {
    const text = [
      `12:pids:/docker/${ID}`,
      `4:cpu,cpuacct:/docker/${ID}`,
      '1:name=systemd:/docker/' + ID,
      '0::/system.slice/containerd.service',
      '',
    ].join('\n');
    assert.deepEqual(parseProcCgroup(text), [
      { hierarchyId: 12, controllers: ['pids'], path: `/docker/${ID}` },
      { hierarchyId: 4, controllers: ['cpu', 'cpuacct'], path: `/docker/${ID}` },
      { hierarchyId: 1, controllers: ['name=systemd'], path: `/docker/${ID}` },
      { hierarchyId: 0, controllers: [], path: '/system.slice/containerd.service' },
    ]);
  });
  it('parses a v2-only file', () => {
    assert.deepEqual(parseProcCgroup('0::/user.slice/user-1000.slice/session-2.scope\n'), [
      { hierarchyId: 0, controllers: [], path: '/user.slice/user-1000.slice/session-2.scope' },
    ]);
  });
  it('keeps colons inside the path', () => {
    assert.deepEqual(parseProcCgroup(`0::/kubepods-pod${UID_SYSTEMD}.slice:cri-containerd:${ID}`), [
      { hierarchyId: 0, controllers: [], path: `/kubepods-pod${UID_SYSTEMD}.slice:cri-containerd:${ID}` },
    ]);
  });
  it('skips malformed lines and CRLF', () => {
    assert.deepEqual(parseProcCgroup('garbage\nx:cpu:/a\n3:cpu\n2:memory:/m\r\n5:cpu:relative\n'), [
      { hierarchyId: 2, controllers: ['memory'], path: '/m' },
    ]);
  });
  it('returns [] for empty text', () => assert.deepEqual(parseProcCgroup(''), []));
  it('handles relative paths inside a cgroup namespace', () => {
    assert.deepEqual(parseProcCgroup(`0::/../docker-${ID}.scope`)[0]?.path, `/../docker-${ID}.scope`);
  });
});

describe('preferredProcCgroupEntry and identifyOwnerFromProcCgroup', () => {
  it('prefers the v1 cpu line over the v2 line in hybrid mode', () => {
    const text = `0::/system.slice/containerd.service\n5:memory:/docker/${ID}\n4:cpu,cpuacct:/docker/${ID}\n`;
    assert.deepEqual(preferredProcCgroupEntry(parseProcCgroup(text))?.controllers, ['cpu', 'cpuacct']);
    assert.equal(identifyOwnerFromProcCgroup(text).containerId, ID);
  });
  it('falls back to name=systemd, then v2', () => {
    assert.equal(preferredProcCgroupEntry(parseProcCgroup('1:name=systemd:/a\n0::/b'))?.path, '/a');
    assert.equal(preferredProcCgroupEntry(parseProcCgroup('0::/b'))?.path, '/b');
    assert.equal(preferredProcCgroupEntry([]), undefined);
  });
  it('reads a CentOS docker systemd file', () => {
    const text = `10:devices:/system.slice/docker-${ID2}.scope\n2:cpuacct,cpu:/system.slice/docker-${ID2}.scope\n1:name=systemd:/system.slice/docker-${ID2}.scope\n`;
    assert.deepEqual(identifyOwnerFromProcCgroup(text), {
      kind: 'container',
      runtime: 'docker',
      containerId: ID2,
      unit: `docker-${ID2}.scope`,
    });
  });
  it('gives "group" for empty input', () =>
    assert.deepEqual(identifyOwnerFromProcCgroup(''), { kind: 'group' }));
});

describe('describeOwner', () => {
  it('labels containers with a short id', () => {
    assert.equal(describeOwner(identifyOwner(`/docker/${ID}`)), `docker ${ID.slice(0, 12)}`);
  });
  it('labels pods', () => {
    assert.equal(describeOwner(identifyOwner(`/kubepods/burstable/pod${UID}`)), 'pod 3c6a5f7e (burstable)');
  });
  it('labels lxc containers by name', () =>
    assert.equal(describeOwner(identifyOwner('/lxc.payload.web')), 'lxc web'));
  it('labels units by their unescaped name', () => {
    assert.equal(describeOwner(identifyOwner('/system.slice/cron.service')), 'cron.service');
  });
  it('labels users', () =>
    assert.equal(describeOwner(identifyOwner('/user.slice/user-1000.slice')), 'user 1000'));
  it('labels plain groups with an empty string', () =>
    assert.equal(describeOwner(identifyOwner('/a/b')), ''));
});

describe('exact Owner JSON shapes (the whois surface)', () => {
  it('docker cgroupfs', () => {
    assert.deepEqual(identifyOwner(`/docker/${ID}`), {
      kind: 'container',
      runtime: 'docker',
      containerId: ID,
    });
  });
  it('kubernetes systemd container', () => {
    assert.deepEqual(
      identifyOwner(
        `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_SYSTEMD}.slice/crio-${ID}.scope`,
      ),
      {
        kind: 'container',
        runtime: 'cri-o',
        containerId: ID,
        podUid: UID,
        qos: 'besteffort',
        unit: `crio-${ID}.scope`,
      },
    );
  });
  it('kubernetes pod (no runtime field)', () => {
    assert.deepEqual(identifyOwner(`/kubepods/burstable/pod${UID}`), {
      kind: 'pod',
      podUid: UID,
      qos: 'burstable',
    });
    assert.deepEqual(identifyOwner(`/kubepods.slice/kubepods-pod${UID_SYSTEMD}.slice`), {
      kind: 'pod',
      podUid: UID,
      qos: 'guaranteed',
      unit: `kubepods-pod${UID_SYSTEMD}.slice`,
    });
  });
  it('service', () => {
    assert.deepEqual(identifyOwner('/system.slice/cron.service'), {
      kind: 'service',
      unit: 'cron.service',
      name: 'cron.service',
    });
  });
  it('user manager', () => {
    assert.deepEqual(identifyOwner('/user.slice/user-1000.slice/user@1000.service'), {
      kind: 'user',
      unit: 'user@1000.service',
      name: 'user@1000.service',
      uid: 1000,
    });
  });
  it('lxc', () =>
    assert.deepEqual(identifyOwner('/lxc.payload.web'), { kind: 'container', runtime: 'lxc', name: 'web' }));
  it('plain group', () => assert.deepEqual(identifyOwner('/cgroup-lens-test-1/a'), { kind: 'group' }));
  it('is JSON-serialisable without undefined fields', () => {
    const owner = identifyOwner(
      `/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container`,
    );
    assert.deepEqual(JSON.parse(JSON.stringify(owner)), owner);
    assert.ok(Object.values(owner).every((value) => value !== undefined));
  });
});
