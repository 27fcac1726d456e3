// How a test reaches the extension under development: activate it and take what activate() returned.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const extensionId = 'cgroup-lens.cgroup-lens';

/**
 * What activate() returns for tests. Kept structural here so the suite does not import the bundle's
 * sources (the extension host loads dist/extension.js, a separate copy of the code).
 */
export interface CgroupLensTestApi {
  hierarchyProvider: vscode.TreeDataProvider<unknown>;
}

export function cgroupLensExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `extension ${extensionId} is not loaded in this extension host`);
  return extension;
}

export async function activateCgroupLens(): Promise<CgroupLensTestApi> {
  const api = (await cgroupLensExtension().activate()) as CgroupLensTestApi | undefined;
  assert.ok(api, 'activate() returned nothing; it should return { hierarchyProvider } for tests');
  return api;
}
