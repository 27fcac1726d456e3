/** Every command the extension registers; package.json contributes the same ids (checked by a test). */
export const commandIds = {
  refreshHierarchy: 'cgroupLens.hierarchy.refresh',
  openControlFile: 'cgroupLens.controlFile.open',
  copyCgroupPath: 'cgroupLens.cgroup.copyPath',
  showLog: 'cgroupLens.log.show',
  setCpuQuota: 'cgroupLens.cgroup.setCpuQuota',
  startHelper: 'cgroupLens.helper.start',
  createChildGroup: 'cgroupLens.cgroup.createChild',
  removeGroup: 'cgroupLens.cgroup.remove',
  moveProcess: 'cgroupLens.cgroup.moveProcess',
  freezeGroup: 'cgroupLens.cgroup.freeze',
  thawGroup: 'cgroupLens.cgroup.thaw',
} as const;
