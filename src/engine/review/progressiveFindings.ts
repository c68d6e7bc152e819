import { reviewerFindingSchema, type ReviewerAnswer, type ReviewerFinding } from '../../shared/reviewerAnswer';

/** The line a reviewer writes in its messages for each finding as soon as it is sure of it. */
export const progressiveFindingMarker = 'DEEP-REVIEW-FINDING:';

/**
 * Collects the findings a reviewer announced in its messages while it worked, so a reviewer stopped at its
 * budget does not lose them. Lines that are not valid findings are ignored: the final answer is what counts
 * when there is one.
 */
export class ProgressiveFindings {
  private readonly found = new Map<string, ReviewerFinding>();

  /** Reads one message of the agent's (text that may hold several marker lines). */
  push(text: string): void {
    for (const line of text.split(/\r?\n/)) {
      const at = line.indexOf(progressiveFindingMarker);
      if (at === -1) continue;
      const finding = parseFinding(line.slice(at + progressiveFindingMarker.length));
      if (finding) this.found.set(`${finding.file}:${finding.startLine}:${finding.title}`, finding);
    }
  }

  get count(): number {
    return this.found.size;
  }

  /** The announced findings as an answer, with a summary that says the review was cut short. */
  answer(reason: string): ReviewerAnswer {
    return {
      summary: `Stopped before it finished (${reason}); these are the findings it had reported by then.`,
      findings: [...this.found.values()],
      designObservations: [],
      testingAssessment: '',
      documentationAssessment: '',
    };
  }
}

function parseFinding(text: string): ReviewerFinding | null {
  const json = text.trim().replace(/^`+|`+$/g, '');
  try {
    const parsed = reviewerFindingSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
