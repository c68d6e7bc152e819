import { anchorSnippet } from '../../src/engine/findings/anchorSnippet';
import { prepareFile } from '../../src/engine/findings/preparedFile';
import { fidelityClasses, generateCorpus, loadCorpusTexts, type FidelityClass } from '../../test/fixtures/fidelityCorpus';
import { evaluateCase, figuresByClass, type ClassFigures } from '../../test/fixtures/fidelityOutcome';
import { repoRoot } from '../support/machine';
import type { FigureReport, Measurement } from '../support/results';

// Figure 8 (issue 15): real reviewers' quotes and fixes, per class of what they do, on a corpus generated
// from real code that is not ours (test/fixtures/fidelityCorpus.ts). "Before" is the anchoring as it was
// (the whole quote, exact and whitespace tiers only), run on the same cases.

const targets: Partial<Record<FidelityClass, { named: number; fixes?: number }>> = {
  context: { named: 0.95 },
  'blank-lines': { named: 0.95, fixes: 0.9 },
  whitespace: { named: 0.95, fixes: 0.9 },
  paraphrase: { named: 0.8 },
  elision: { named: 0.95, fixes: 0.9 },
};

export function fidelityFigure(quick: boolean): FigureReport {
  const perClass = quick ? 20 : 200;
  const cases = generateCorpus(loadCorpusTexts(repoRoot), perClass, 15);
  const figures = figuresByClass(cases.map(evaluateCase));
  const before = new Map<FidelityClass, number>();
  for (const corpusCase of cases) {
    const anchor = anchorSnippet(prepareFile(corpusCase.text), corpusCase.snippet, corpusCase.startLine, corpusCase.endLine);
    const atNamed = anchor.status !== 'unanchored' && anchor.startLine === corpusCase.namedStart && anchor.endLine === corpusCase.namedEnd;
    if (atNamed) before.set(corpusCase.kind, (before.get(corpusCase.kind) ?? 0) + 1);
  }
  const measurements: Measurement[] = [];
  const rows: string[] = [];
  let wrongAnchors = 0;
  let wrongFixes = 0;
  for (const kind of fidelityClasses) {
    const figure = figures.get(kind);
    if (!figure) continue;
    wrongAnchors += figure.wrong + figure.around;
    wrongFixes += figure.fixWrong;
    const target = targets[kind];
    const named = figure.named / figure.cases;
    if (target) {
      measurements.push({ what: `${kind}: findings at the named lines (${figure.cases} cases)`, value: `${percent(named)} (${percent((before.get(kind) ?? 0) / figure.cases)} before)`, target: `≥ ${percent(target.named)}`, status: named >= target.named ? 'met' : 'missed' });
    }
    if (target?.fixes) {
      const applied = figure.fixApplied / figure.fixExpected;
      measurements.push({ what: `${kind}: fixes applied giving the ground-truth file`, value: percent(applied), target: `≥ ${percent(target.fixes)}`, status: applied >= target.fixes ? 'met' : 'missed' });
    }
    if (kind === 'already-applied') {
      const recognised = figure.fixAlreadyApplied / figure.cases;
      measurements.push({ what: 'fixes already applied recognised as such', value: percent(recognised), target: '100%', status: recognised === 1 ? 'met' : 'missed' });
    }
    rows.push(tableRow(kind, figure, before.get(kind) ?? 0));
  }
  measurements.push({ what: 'findings placed anywhere but at their named lines (all classes)', value: String(wrongAnchors), target: '0', status: wrongAnchors === 0 ? 'met' : 'missed' });
  measurements.push({ what: 'fixes applied wrongly (all classes)', value: String(wrongFixes), target: '0', status: wrongFixes === 0 ? 'met' : 'missed' });
  return {
    number: 8,
    title: 'Fidelity to real reviewers',
    measurements,
    details: [
      `${cases.length} cases, ${perClass} per class, generated with seed 15 from ${loadCorpusTexts(repoRoot).length} source files under node_modules (Go, Python, C++, shell, Markdown, JavaScript, TypeScript; tab- and space-indented).`,
      'Each case names one or two lines, quotes them with context as the class says, and carries a fix (the named line changed, a line added after it). Ground truth: the named lines, and the file with the fix applied.',
      'A paraphrased fix original must be refused (fixes are never placed by similarity); an already-applied fix must be recognised.',
      '',
      '| class | cases | at named lines | of which approximate | around them | not located | wrong | before: at named lines | fixes applied | already applied | refused | applied wrongly |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
    ],
  };
}

function tableRow(kind: FidelityClass, figure: ClassFigures, before: number): string {
  return `| ${kind} | ${figure.cases} | ${figure.named} | ${figure.approximate} | ${figure.around} | ${figure.notLocated} | ${figure.wrong} | ${before} | ${figure.fixApplied} | ${figure.fixAlreadyApplied} | ${figure.fixRefused} | ${figure.fixWrong} |`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share === 1 || share === 0 ? 0 : 1)}%`;
}
