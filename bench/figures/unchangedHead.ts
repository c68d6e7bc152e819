import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openReviewStore } from '../../src/engine/storage/reviewStore';
import { clearFindingsRequestMethod, restoreRequestMethod, restoreResultSchema } from '../../src/shared/protocol';
import { startModelServer, step } from '../../test/fixtures/modelServer/modelServer';
import { LspProcess, waitForDiagnosticsOn } from '../support/lspProcess';
import { against, type FigureReport } from '../support/results';
import { reviewerAnswer, reviewerFinding } from '../support/reviewerFindings';
import { formatMs, median, spread } from '../support/stats';
import { createSyntheticRepo } from '../support/syntheticRepo';
import { findingsGrid, syntheticReport } from '../support/syntheticReport';

// Figure 6: re-opening the review of a branch whose HEAD has not changed. "Review Branch" first asks the
// language server to restore the branch's latest stored round (deepReview/restore); when that round reviewed
// the current HEAD the extension shows it and runs no agent. Timed over stdio against dist/server.js, from
// the request to its answer (the report the panel then renders, figure 4) and to the last file's
// diagnostics, with 500 findings over 50 files. Agent calls are counted by a scripted model server every
// agent CLI of the server's environment would have to talk to.

const targetMs = 200;
const files = 50;
const perFile = 10;

export async function unchangedHeadFigure(quick: boolean): Promise<FigureReport> {
  const runs = quick ? 3 : 15;
  const synthetic = createSyntheticRepo({ modifiedFiles: 0, newFiles: files, linesPerFile: perFile * 10, commits: 3 });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-bench-unchanged-'));
  const model = await startModelServer({ protocol: 'anthropic', script: [step.structured(reviewerAnswer([], 'Claude'))] });
  let server: LspProcess | undefined;
  try {
    const report = await syntheticReport(synthetic, [{ reviewerId: 'claude', answer: reviewerAnswer(findingsGrid(files, perFile, 10).map(reviewerFinding), 'Claude') }]);
    const store = await openReviewStore(synthetic.repo.root);
    await store.saveRound('feature/bench', { report, transcripts: {} });
    server = await LspProcess.start([path.resolve(__dirname, '..', '..', 'dist', 'server.js')], {
      ...process.env,
      HOME: scratch,
      ANTHROPIC_BASE_URL: model.url,
      ANTHROPIC_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: model.url,
      GOOGLE_GEMINI_BASE_URL: model.url,
    });
    const answerMs: number[] = [];
    const shownMs: number[] = [];
    let headMoved = true;
    for (let run = 0; run < runs; run++) {
      await server.connection.sendRequest(clearFindingsRequestMethod);
      const diagnostics = waitForDiagnosticsOn(server, files);
      const started = performance.now();
      const restored = restoreResultSchema.parse(await server.connection.sendRequest(restoreRequestMethod, { cwd: synthetic.repo.root }));
      answerMs.push(performance.now() - started);
      if (restored.report?.findings.length !== report.findings.length) throw new Error(`restore returned ${restored.report?.findings.length ?? 0} findings, not ${report.findings.length}`);
      headMoved = restored.headMoved;
      shownMs.push((await diagnostics).lastAt - started);
    }
    const calls = model.modelRequests.length;
    return {
      number: 6,
      title: 'Unchanged HEAD',
      measurements: [
        { what: 'agent calls when re-opening the review of an unchanged branch', value: String(calls), target: '0', status: calls === 0 && !headMoved ? 'met' : 'missed' },
        { what: `stored report back from the language server (deepReview/restore, ${report.findings.length} findings) — median of ${runs}`, value: formatMs(median(answerMs)), target: `≤ ${targetMs} ms`, status: against(median(answerMs), targetMs) },
        { what: `… and every file's diagnostics published (${files} files)`, value: formatMs(median(shownMs)), target: `≤ ${targetMs} ms`, status: against(median(shownMs), targetMs) },
      ],
      details: [
        `A generated branch of ${files} files with a stored round of ${report.findings.length} findings at its HEAD (saved with ReviewStore.saveRound, as a review does).`,
        `Each of ${runs} runs clears the findings (deepReview/clearFindings), then times deepReview/restore over stdio against dist/server.js: the answer (the`,
        'report and statuses the extension shows at once; rendering it is figure 4) and the arrival of the last file\'s diagnostics. The answer said',
        `headMoved=${String(headMoved)}, so "Review Branch" shows this report with a *Review Again* button instead of running agents. The server's environment`,
        `points every agent CLI at a scripted model server; it received ${calls} requests. Spread: answer ${spread(answerMs)}, diagnostics ${spread(shownMs)}.`,
      ],
    };
  } finally {
    await server?.stop();
    await model.close();
    synthetic.repo.remove();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
