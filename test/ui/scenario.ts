// A UI scenario: a name (also its screenshot's file name) and what it does in the workbench.
// A scenario file under test/ui/scenarios/ default-exports one scenario (or an array of them).
import type { Workbench } from './workbench';

export interface Scenario {
  name: string;
  run(ui: Workbench): Promise<void>;
}

export function scenario(name: string, run: (ui: Workbench) => Promise<void>): Scenario {
  if (!/^[a-z0-9-]+$/.test(name))
    throw new Error(`scenario name "${name}" must be kebab-case (it names a file)`);
  return { name, run };
}
