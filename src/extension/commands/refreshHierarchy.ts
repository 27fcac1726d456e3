import * as vscode from 'vscode';
import { commandIds } from './commandIds';
import type { HierarchyTreeProvider } from '../tree/HierarchyTreeProvider';

export function registerRefreshHierarchy(provider: HierarchyTreeProvider): vscode.Disposable {
  return vscode.commands.registerCommand(commandIds.refreshHierarchy, () => provider.rediscover());
}
