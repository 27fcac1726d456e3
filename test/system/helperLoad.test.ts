// Load on the real helper: 64 concurrent clients × 500 requests (reads and real quota writes under the
// test prefix), every request answered, and no file descriptor leak in the helper afterwards.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HelperCallError, HelperClient } from '../../src/adapters/helperClient';
import {
  cleanupTestGroups,
  createChildGroup,
  createTestGroup,
  uniqueTestName,
  v1Mount,
} from './cgroupTestTree';
import { auditLines, countOpenFds, isAlive, sleep, startHelper, type RunningHelper } from './helperKit';

const CLIENTS = 64;
const REQUESTS = 500;

describe(
  'helper under load',
  { skip: v1Mount('cpu') === undefined ? 'no v1 cpu hierarchy here' : false },
  () => {
    const name = uniqueTestName('load');
    let helper: RunningHelper;

    before(async () => {
      const root = createTestGroup(v1Mount('cpu') as string, name);
      for (let i = 0; i < 8; i++) createChildGroup(root, `c${i}`);
      helper = await startHelper({ policy: { subtrees: { '*': ['/' + name] } } });
    });

    after(async () => {
      await helper?.stop();
      await cleanupTestGroups();
    });

    it(`answers ${CLIENTS} clients × ${REQUESTS} requests and leaks no descriptors`, async () => {
      // Warm up once so lazily opened descriptors (audit log, libuv internals) are counted in the baseline.
      const warm = new HelperClient({ socketPath: helper.socketPath });
      await warm.call('setCpuLimit', { group: `/${name}/c0`, quotaUs: 50000 });
      warm.dispose();
      await sleep(200);
      const fdsBefore = countOpenFds(helper.pid);

      let answered = 0;
      let writes = 0;
      const failures: string[] = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, clientIndex) => {
          const client = new HelperClient({
            socketPath: helper.socketPath,
            clientName: `load-${clientIndex}`,
          });
          for (let i = 0; i < REQUESTS; i++) {
            try {
              if (i % 2 === 0) {
                await client.call('ping', {});
              } else {
                const group = `/${name}/c${(clientIndex + i) % 8}`;
                const result = await client.call('setCpuLimit', {
                  group,
                  quotaUs: 10000 + ((i * 1000) % 90000),
                });
                if (result.writes.length > 0) writes++;
              }
              answered++;
            } catch (error) {
              // An error answer still counts as answered; a connection failure does not.
              if (error instanceof HelperCallError && !error.unreachable) answered++;
              else failures.push(String(error));
            }
          }
          client.dispose();
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `load: ${CLIENTS * REQUESTS} requests from ${CLIENTS} clients in ${seconds.toFixed(1)} s ` +
          `(${Math.round((CLIENTS * REQUESTS) / seconds)}/s), ${writes} quota writes`,
      );
      assert.deepEqual(failures.slice(0, 3), []);
      assert.equal(answered, CLIENTS * REQUESTS, 'every request answered');
      assert.equal(
        auditLines(helper.auditPath).length,
        writes + 1,
        'one audit line per write (and the warm-up)',
      );

      // Connections close asynchronously on the helper's side: give them a moment.
      let fdsAfter = countOpenFds(helper.pid);
      for (let i = 0; i < 50 && fdsAfter > fdsBefore; i++) {
        await sleep(100);
        fdsAfter = countOpenFds(helper.pid);
      }
      assert.ok(isAlive(helper.pid));
      assert.ok(fdsAfter <= fdsBefore, `descriptors before ${fdsBefore}, after ${fdsAfter}`);
    });
  },
);
