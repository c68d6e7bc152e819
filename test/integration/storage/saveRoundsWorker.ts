// Run as a separate process by reviewStore.test.ts: saves rounds of one branch, as a second VS Code
// window would, and logs when it is inside the ledger update so the test can see any overlap.
// Usage: node --import tsx saveRoundsWorker.ts REPO BRANCH COUNT LOG_FILE START_AT_MS
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { reconcileRound } from '../../../src/engine/storage/reconcileRound';
import { openReviewStore } from '../../../src/engine/storage/reviewStore';
import { reportOf } from './storeTestSupport';

async function main(): Promise<void> {
  const [repo, branch, count, log, startAt] = process.argv.slice(2);
  if (repo === undefined || branch === undefined || count === undefined || log === undefined || startAt === undefined) {
    throw new Error('usage: saveRoundsWorker REPO BRANCH COUNT LOG_FILE START_AT_MS');
  }
  const store = await openReviewStore(repo);
  // Both workers start together, whatever their start-up times.
  await sleep(Math.max(0, Number(startAt) - Date.now()));
  for (let saved = 0; saved < Number(count); saved++) {
    const createdAt = new Date().toISOString();
    await store.saveRound(branch, {
      report: reportOf(branch, 'a'.repeat(40), [], createdAt),
      transcripts: { worker: `{"pid":${process.pid}}\n` },
      reconcile: async (ledger, round) => {
        fs.appendFileSync(log, `${process.pid} start ${round}\n`);
        // A slow update widens the window in which an unlocked save would interleave.
        await sleep(40);
        const { ledger: updated } = await reconcileRound(ledger, { round, createdAt, head: 'a'.repeat(40), findings: [], readFileAtHead: () => Promise.resolve(null) });
        fs.appendFileSync(log, `${process.pid} end ${round}\n`);
        return { ledger: updated };
      },
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
