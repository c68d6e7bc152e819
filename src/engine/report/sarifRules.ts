import type { ReportingDescriptor } from 'sarif';
import type { Finding } from '../../shared/findingModel';

/**
 * The kinds a finding can have, most telling first. A finding with several tags takes the first kind
 * in this order (a "correctness, security" finding is a security finding); one with none of them is
 * "general". The order is fixed so a finding keeps its rule across runs.
 */
export const findingKinds = ['security', 'correctness', 'concurrency', 'performance', 'regression', 'tests', 'docs', 'design', 'style', 'general'] as const;
export type FindingKind = (typeof findingKinds)[number];

export function findingKind(finding: Pick<Finding, 'tags'>): FindingKind {
  const tags = new Set(finding.tags.map((tag) => tag.trim().toLowerCase()));
  return findingKinds.find((kind) => tags.has(kind)) ?? 'general';
}

export function ruleId(kind: FindingKind): string {
  return `deep-review/${kind}`;
}

interface RuleText {
  name: string;
  short: string;
  full: string;
}

const ruleTexts: Record<FindingKind, RuleText> = {
  security: {
    name: 'SecurityIssue',
    short: 'Security issue',
    full: 'Code that an attacker could abuse: injection, missing authorization, unsafe handling of secrets or of untrusted input.',
  },
  correctness: {
    name: 'CorrectnessBug',
    short: 'Correctness bug',
    full: 'Code that gives a wrong result, crashes or breaks its contract for some input or state.',
  },
  concurrency: {
    name: 'ConcurrencyProblem',
    short: 'Concurrency problem',
    full: 'A race, deadlock, lost cancellation or other problem that shows when work runs in parallel or is interrupted.',
  },
  performance: {
    name: 'PerformanceProblem',
    short: 'Performance problem',
    full: 'Work that grows faster than it needs to, repeats itself, or blocks where it need not.',
  },
  regression: {
    name: 'Regression',
    short: 'Regression',
    full: 'Behaviour that worked before this branch and no longer does.',
  },
  tests: {
    name: 'TestingGap',
    short: 'Testing gap',
    full: 'A missing, weak or misleading test for the changed code.',
  },
  docs: {
    name: 'DocumentationProblem',
    short: 'Documentation problem',
    full: 'Documentation or comments that are missing, wrong, or out of date with the code.',
  },
  design: {
    name: 'DesignConcern',
    short: 'Design concern',
    full: 'A structural problem: a responsibility in the wrong place, needless coupling, or an abstraction that will be hard to change.',
  },
  style: {
    name: 'StyleIssue',
    short: 'Style issue',
    full: 'Naming, formatting or idiom that makes the code harder to read than it needs to be.',
  },
  general: {
    name: 'ReviewFinding',
    short: 'Review finding',
    full: 'A problem a reviewer found that is of none of the other kinds.',
  },
};

const aboutResults =
  'Reported by Deep Review, a review of a branch by several AI reviewer agents. Each result names the reviewers ' +
  'that reported it and the severity each gave (properties.reporters), and carries the suggested fix when a ' +
  'reviewer offered one that matches the reviewed commit.';

/** The rule of one finding kind, as a SARIF reporting descriptor. */
export function sarifRule(kind: FindingKind): ReportingDescriptor {
  const text = ruleTexts[kind];
  return {
    id: ruleId(kind),
    name: text.name,
    shortDescription: { text: `${text.short}.` },
    fullDescription: { text: text.full },
    help: { text: `${text.full} ${aboutResults}`, markdown: `**${text.short}.** ${text.full}\n\n${aboutResults}` },
    properties: { tags: [kind] },
  };
}
