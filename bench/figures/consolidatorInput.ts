import type { ConsolidatorInputSample } from './orchestration';
import type { FigureReport } from '../support/results';
import { formatBytes, formatRatio, median } from '../support/stats';

// Figure 7: what the consolidator is sent (the compact clusters inside its prompt, as its model server
// received them in figure 1's runs) against the reviewers' answers and their whole transcripts.

// consolidate.ts shortens the input's texts toward this size (for cost; the prompt goes by stdin, without a size limit).
const inputBudgetBytes = 90_000;

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
        ? `The input is over the ${formatBytes(inputBudgetBytes)} budget even at the most compact level of consolidatorInput.ts (bodies dropped, snippets cut to 80 characters), ` +
          `about ${formatBytes(perCluster)} per cluster; it goes to the consolidator whole, by stdin (figure 10 consolidates 2,000 clusters).`
        : `The input fits the ${formatBytes(inputBudgetBytes)} budget of consolidatorInput.ts.`,
    ],
  };
}
