import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  cgroupPathToRelative,
  parseMountinfo,
  parseMountinfoLine,
  relativeToCgroupPath,
  unescapeMountinfoField,
  v1ControllersFromSuperOptions,
} from '../../src/core/mountinfo';
import type { Hierarchy } from '../../src/core/model';

// Mountinfo texts in the shapes real machines print (trimmed to the interesting lines).

/** This machine: Debian 12 container host, one v1 controller per mount, cgroup2 at /sys/fs/cgroup/unified. */
const ONE_CONTROLLER_PER_MOUNT = `
23 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime - sysfs sysfs rw
31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`;

/** Debian 10/11 with systemd in hybrid mode: co-mounted cpu,cpuacct and net_cls,net_prio, shared: fields. */
const DEBIAN_HYBRID = `
25 18 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate
27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,xattr,name=systemd
30 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,cpu,cpuacct
31 25 0:28 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,net_cls,net_prio
32 25 0:29 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,memory
33 25 0:30 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,pids
`;

/** CentOS 7 / Ubuntu 16.04 legacy: no cgroup2 at all, release_agent on the systemd mount. */
const LEGACY = `
24 18 0:20 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:8 - tmpfs tmpfs ro,mode=755
25 24 0:21 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:9 - cgroup cgroup rw,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd
28 24 0:24 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,cpuacct,cpu
29 24 0:25 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,cpuset,clone_children
`;

/** Fedora / Ubuntu 22.04+: unified only. */
const FEDORA_V2 = `
22 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw,seclabel
35 22 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,seclabel,nsdelegate,memory_recursiveprot
`;

const CONTAINER_ID = '3f4e2a7c9b1d0e5f6a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f';

/** Inside a docker container on a v1 host without a cgroup namespace: roots are the container's group. */
const DOCKER_IN_CONTAINER_V1 = `
1200 1180 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - tmpfs tmpfs rw,mode=755
1201 1200 0:29 /docker/${CONTAINER_ID} /sys/fs/cgroup/cpu ro,nosuid,nodev,noexec,relatime master:14 - cgroup cgroup rw,cpu
1202 1200 0:32 /docker/${CONTAINER_ID} /sys/fs/cgroup/memory ro,nosuid,nodev,noexec,relatime master:17 - cgroup cgroup rw,memory
1203 1200 0:37 /docker/${CONTAINER_ID} /sys/fs/cgroup/systemd ro,nosuid,nodev,noexec,relatime master:22 - cgroup cgroup rw,xattr,name=systemd
`;

/** Inside a container with its own cgroup namespace on a v2 host: the namespace root reads as "/". */
const CGROUPNS_V2 = `
700 690 0:30 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup ro
`;

describe('parseMountinfoLine', () => {
  it('skips optional fields up to the separator', () => {
    const entry = parseMountinfoLine(
      '30 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:14 master:3 - cgroup cgroup rw,cpu,cpuacct',
    );
    assert.deepEqual(entry, {
      mountId: 30,
      device: '0:27',
      root: '/',
      mountPoint: '/sys/fs/cgroup/cpu,cpuacct',
      fsType: 'cgroup',
      superOptions: ['rw', 'cpu', 'cpuacct'],
    });
  });

  it('decodes octal escapes in the mount point and root', () => {
    const entry = parseMountinfoLine(
      '50 31 0:29 /my\\040group /mnt/cgroup\\040cpu\\011tab rw - cgroup cgroup rw,cpu',
    );
    assert.equal(entry?.mountPoint, '/mnt/cgroup cpu\ttab');
    assert.equal(entry?.root, '/my group');
  });

  it('rejects lines without a separator', () => {
    assert.equal(parseMountinfoLine('garbage line'), undefined);
    assert.equal(parseMountinfoLine('30 25 0:27 / /x rw shared:1 cgroup cgroup rw'), undefined);
  });

  it('decodes a backslash escape', () => {
    assert.equal(unescapeMountinfoField('a\\134b'), 'a\\b');
  });
});

describe('v1ControllersFromSuperOptions', () => {
  it('keeps controllers and name=, drops settings', () => {
    assert.deepEqual(
      v1ControllersFromSuperOptions([
        'rw',
        'xattr',
        'release_agent=/usr/lib/systemd/systemd-cgroups-agent',
        'name=systemd',
      ]),
      ['name=systemd'],
    );
    assert.deepEqual(v1ControllersFromSuperOptions(['ro', 'cpuset', 'clone_children', 'noprefix']), [
      'cpuset',
    ]);
    assert.deepEqual(v1ControllersFromSuperOptions(['rw', 'net_cls', 'net_prio']), ['net_cls', 'net_prio']);
  });
});

describe('parseMountinfo', () => {
  it('finds one hierarchy per v1 controller and the unified mount (this machine)', () => {
    const hierarchies = parseMountinfo(ONE_CONTROLLER_PER_MOUNT);
    assert.deepEqual(
      hierarchies.map((h) => h.id),
      ['v1:cpu', 'v1:cpuacct', 'v1:cpuset', 'v1:memory', 'v1:name=systemd', 'v2'],
    );
    assert.deepEqual(hierarchies[0], {
      id: 'v1:cpu',
      version: 1,
      controllers: ['cpu'],
      mountPoint: '/sys/fs/cgroup/cpu',
      root: '/',
    });
    assert.deepEqual(hierarchies[5], {
      id: 'v2',
      version: 2,
      controllers: [],
      mountPoint: '/sys/fs/cgroup/unified',
      root: '/',
    });
  });

  it('reads co-mounted controllers and a named hierarchy (Debian hybrid)', () => {
    const hierarchies = parseMountinfo(DEBIAN_HYBRID);
    assert.deepEqual(
      hierarchies.map((h) => [h.id, h.mountPoint]),
      [
        ['v2', '/sys/fs/cgroup/unified'],
        ['v1:name=systemd', '/sys/fs/cgroup/systemd'],
        ['v1:cpu,cpuacct', '/sys/fs/cgroup/cpu,cpuacct'],
        ['v1:net_cls,net_prio', '/sys/fs/cgroup/net_cls,net_prio'],
        ['v1:memory', '/sys/fs/cgroup/memory'],
        ['v1:pids', '/sys/fs/cgroup/pids'],
      ],
    );
    assert.deepEqual(hierarchies[2]?.controllers, ['cpu', 'cpuacct']);
  });

  it('keeps the kernel order of co-mounted controllers and ignores release_agent (legacy)', () => {
    const hierarchies = parseMountinfo(LEGACY);
    assert.deepEqual(
      hierarchies.map((h) => h.id),
      ['v1:name=systemd', 'v1:cpuacct,cpu', 'v1:cpuset'],
    );
    assert.equal(
      hierarchies.some((h) => h.version === 2),
      false,
    );
  });

  it('finds the unified hierarchy alone (Fedora)', () => {
    assert.deepEqual(parseMountinfo(FEDORA_V2), [
      { id: 'v2', version: 2, controllers: [], mountPoint: '/sys/fs/cgroup', root: '/' },
    ]);
  });

  it('keeps the mount root of a container view', () => {
    const hierarchies = parseMountinfo(DOCKER_IN_CONTAINER_V1);
    assert.equal(hierarchies.length, 3);
    for (const h of hierarchies) assert.equal(h.root, `/docker/${CONTAINER_ID}`);
  });

  it('reads a cgroup namespace mount (source "cgroup", root "/")', () => {
    assert.deepEqual(parseMountinfo(CGROUPNS_V2), [
      { id: 'v2', version: 2, controllers: [], mountPoint: '/sys/fs/cgroup', root: '/' },
    ]);
  });

  it('lists a bind-mounted hierarchy once, preferring the mount with root "/"', () => {
    const text = `
90 80 0:29 /docker/abc /var/lib/x/cpu rw - cgroup cgroup rw,cpu
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
91 80 0:29 / /mnt/cpu-again rw - cgroup cgroup rw,cpu
`;
    assert.deepEqual(parseMountinfo(text), [
      { id: 'v1:cpu', version: 1, controllers: ['cpu'], mountPoint: '/sys/fs/cgroup/cpu', root: '/' },
    ]);
  });

  it('prefers the shallower root when no mount has root "/"', () => {
    const text = `
90 80 0:29 /docker/abc/inner /a rw - cgroup cgroup rw,cpu
91 80 0:29 /docker/abc /b rw - cgroup cgroup rw,cpu
`;
    assert.equal(parseMountinfo(text)[0]?.mountPoint, '/b');
  });

  it('ignores non-cgroup file systems and blank lines', () => {
    assert.deepEqual(parseMountinfo('\n23 1 0:21 / /sys rw - sysfs sysfs rw\n\n'), []);
  });
});

describe('cgroupPathToRelative / relativeToCgroupPath', () => {
  const host: Hierarchy = { id: 'v1:cpu', version: 1, controllers: ['cpu'], mountPoint: '/m', root: '/' };
  const container: Hierarchy = { ...host, root: `/docker/${CONTAINER_ID}` };

  it('passes paths through when the root is "/"', () => {
    assert.equal(cgroupPathToRelative(host, '/docker/x'), '/docker/x');
    assert.equal(cgroupPathToRelative(host, '/'), '/');
    assert.equal(relativeToCgroupPath(host, '/a'), '/a');
  });

  it('strips a non-"/" root', () => {
    assert.equal(cgroupPathToRelative(container, `/docker/${CONTAINER_ID}`), '/');
    assert.equal(cgroupPathToRelative(container, `/docker/${CONTAINER_ID}/init`), '/init');
    assert.equal(relativeToCgroupPath(container, '/'), `/docker/${CONTAINER_ID}`);
    assert.equal(relativeToCgroupPath(container, '/init'), `/docker/${CONTAINER_ID}/init`);
  });

  it('gives undefined for paths outside the visible root', () => {
    assert.equal(cgroupPathToRelative(container, '/docker/other'), undefined);
    assert.equal(cgroupPathToRelative(container, `/docker/${CONTAINER_ID}x`), undefined);
    assert.equal(cgroupPathToRelative(host, '/../docker-abc.scope'), undefined);
    assert.equal(cgroupPathToRelative(host, '/..'), undefined);
  });
});
