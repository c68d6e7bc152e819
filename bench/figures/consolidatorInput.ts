import type { ConsolidatorInputSample } from './orchestration';
import type { FigureReport } from '../support/results';
import { formatBytes, formatRatio, median } from '../support/stats';

// Figure 7: what the consolidator is sent (the compact clusters inside its prompt, as its model server
// received them in figure 1's runs) against the reviewers' answers and their whole transcripts.

// consolidate.ts keeps the input under this budget (the prompt goes on the command line, 128 KiB per argument).
const inputBudgetBytes = 90_000;
const argumentLimitBytes = 128 * 1024;

export function consolidatorInputFigure(samples: readonly ConsolidatorInputSample[]): FigureReport {
  const sample = samples[0];
  if (!sample || sample.inputBytes === 0) {
    return {
      number: 7,
      title: 'Consolidator input size',
      measurements: [{ what: 'consolidator input ÷ sum of reviewer answers', value: 'n/a', target: '—', status: 'not measured' }],
      details: ['No clean run of figure 1 reached the consolidator, so there is nothing to measure.'],
    };
  }
  const toAnswers = median(samples.map((s) => s.inputBytes / s.answerBytes));
  const toTranscripts = median(samples.map((s) => s.inputBytes / s.transcriptBytes));
  const perCluster = sample.inputBytes / sample.clusters;
  return {
    number: 7,
    title: 'Consolidator input size',
    measurements: [
      { what: `consolidator input (compact clusters) ÷ sum of the 3 reviewer answers, ${sample.clusters} clusters`, value: formatRatio(toAnswers), target: '— (report the ratio)', status: 'no target' },
      { what: 'consolidator input ÷ sum of the 3 reviewer transcripts', value: formatRatio(toTranscripts), target: '—', status: 'no target' },
    ],
    details: [
      `From figure 1's runs (${samples.length}; sizes are the same in every run). Bytes are UTF-8; the input is the JSON block of the consolidator prompt as its model server received it.`,
      '',
      '| what | bytes |',
      '|---|---|',
      `| reviewer answers (the 3 structured answers, compact JSON) | ${formatBytes(sample.answerBytes)} |`,
      `| reviewer transcripts (the 3 CLIs' event streams, as stored with the round) | ${formatBytes(sample.transcriptBytes)} |`,
      `| consolidator input (clusters, notes, commits) | ${formatBytes(sample.inputBytes)} (${formatBytes(perCluster)} per cluster) |`,
      `| whole consolidator prompt | ${formatBytes(sample.promptBytes)} |`,
      '',
      sample.inputBytes > inputBudgetBytes
        ? `The input is over the ${formatBytes(inputBudgetBytes)} budget even at the most compact level of consolidatorInput.ts (bodies dropped, snippets cut to 80 characters): ` +
          `at about ${formatBytes(perCluster)} per cluster the whole prompt reaches Linux's ${formatBytes(argumentLimitBytes)} limit for one command-line argument near ` +
          `${Math.floor((argumentLimitBytes - (sample.promptBytes - sample.inputBytes)) / perCluster)} clusters, where the consolidator could no longer be started.`
        : `The input fits the ${formatBytes(inputBudgetBytes)} budget of consolidatorInput.ts.`,
    ],
  };
}
