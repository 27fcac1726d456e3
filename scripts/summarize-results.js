// Adds up the pass/fail counts every tier left in test-artifacts/results (TAP from node's runner,
// JSON {passed, failed} from the VS Code tiers) and prints the closing line CI reads.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
let passed = 0;
let failed = 0;
for (const name of fs.readdirSync(dir)) {
  const text = fs.readFileSync(path.join(dir, name), 'utf8');
  if (name.endsWith('.tap')) {
    passed += Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
    failed += Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
  } else if (name.endsWith('.json')) {
    const r = JSON.parse(text);
    passed += r.passed;
    failed += r.failed;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
