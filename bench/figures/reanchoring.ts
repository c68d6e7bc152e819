import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { prepareFile } from '../../src/engine/findings/anchorSnippet';
import { findingDiagnostic, locateFinding } from '../../src/server/findingDiagnostics';
import type { Finding } from '../../src/shared/findingModel';
import { median } from '../support/stats';
import { seededRandom } from '../../test/fixtures/seededRandom';

// Figure 3, second half: what the language server does on every edit of a file with findings
// (FindingStore.publish for that file): prepare the text once, locate every finding by its snippet,
// and make its diagnostic. Run here in-process, on the same functions, without the transport.

export interface EditSample {
  ms: number;
  /** The edited line is one a finding quotes (its snippet changes, so the cheap lookups fail). */
  inSnippet: boolean;
  located: number;
}

/** One character inserted into a random line of `text`, each time into the text as reviewed. */
export function measureReanchoring(text: string, findings: readonly Finding[], edits: number): EditSample[] {
  const uri = pathToFileURL(`/bench/${findings[0]?.location.path ?? 'file.js'}`).toString();
  const quoted = new Set(findings.flatMap((finding) => range(finding.anchor.startLine - 1, finding.anchor.endLine - 1)));
  const lines = text.split('\n');
  for (let warmUp = 0; warmUp < 20; warmUp++) republish(text, findings, uri);
  const random = seededRandom(8);
  const samples: EditSample[] = [];
  for (let edit = 0; edit < edits; edit++) {
    const line = Math.floor(random() * (lines.length - 1));
    const edited = [...lines.slice(0, line), `${lines[line]!.slice(0, 12)}x${lines[line]!.slice(12)}`, ...lines.slice(line + 1)].join('\n');
    const started = performance.now();
    const located = republish(edited, findings, uri).length;
    samples.push({ ms: performance.now() - started, inSnippet: quoted.has(line), located });
  }
  return samples;
}

/** The body of FindingStore.publish for one file. */
function republish(text: string, findings: readonly Finding[], uri: string): Diagnostic[] {
  const prepared = prepareFile(text);
  const lines = text.split('\n');
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    const at = locateFinding(finding, prepared);
    if (at) diagnostics.push(findingDiagnostic(finding, lines, at, uri, () => uri));
  }
  return diagnostics;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, at) => from + at);
}

export function medianOf(samples: readonly EditSample[], pick: (sample: EditSample) => boolean = () => true): number {
  return median(samples.filter(pick).map((sample) => sample.ms));
}
