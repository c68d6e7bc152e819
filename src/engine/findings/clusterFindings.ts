import { severities, type Severity } from '../../shared/findingModel';
import { normalizeSnippet } from './fingerprint';

/** What clustering needs to know about one reviewer's finding once it has been located at HEAD. */
export interface ClusterCandidate {
  reviewerId: string;
  severity: Severity;
  path: string;
  /** Lines at HEAD where the snippet was found; the reviewer's own lines when `anchored` is false. */
  startLine: number;
  endLine: number;
  anchored: boolean;
  title: string;
  snippet: string;
  body: string;
}

// Reviewers quote neighbouring lines for one problem (the call, the line before it); three lines of slack covers that.
const maxLineGap = 3;
const minTitleJaccard = 0.5;
// Containment of a very short snippet ("}", "return;") says nothing about the concern.
const minContainedSnippetLength = 8;

/**
 * Groups findings from different reviewers that report the same problem: same file, lines that overlap
 * or nearly touch, and the same concern (similar titles, or the same quoted code with a title word in
 * common). A reviewer's own findings are never merged with each other. Unanchored findings have no
 * trustworthy lines, so they merge only on the same file and the same title (or the same snippet with a title word in common).
 *
 * The result does not depend on the input order: clusters and their members come in a canonical order.
 */
export function clusterFindings<T extends ClusterCandidate>(items: readonly T[]): T[][] {
  const nodes = [...items]
    .sort(compareCandidates)
    .map((item, index): Node<T> => ({ item, index, features: featuresOf(item), parent: null, reviewers: new Set([item.reviewerId]) }));
  const pairs: Array<{ a: Node<T>; b: Node<T>; score: number }> = [];
  for (const run of runsByPath(nodes)) {
    run.forEach((a, at) => {
      for (const b of run.slice(at + 1)) {
        const score = matchScore(a.item, a.features, b.item, b.features);
        if (score > 0) pairs.push({ a, b, score });
      }
    });
  }
  // Strongest matches first, so that a reviewer's finding joins the cluster it resembles most.
  pairs.sort((p, q) => q.score - p.score || p.a.index - q.a.index || p.b.index - q.b.index);
  for (const { a, b } of pairs) join(a, b);
  const clusters = new Map<Node<T>, T[]>();
  for (const node of nodes) {
    const root = rootOf(node);
    const cluster = clusters.get(root);
    if (cluster) cluster.push(node.item);
    else clusters.set(root, [node.item]);
  }
  // Nodes are visited in canonical order, so clusters come ordered by their first member.
  return [...clusters.values()];
}

/** A finding in a union-find forest whose trees never hold two findings of the same reviewer. */
interface Node<T> {
  item: T;
  /** Position in the canonical order. */
  index: number;
  features: Features;
  parent: Node<T> | null;
  /** Reviewers in this node's tree; kept up to date on roots only. */
  reviewers: Set<string>;
}

function rootOf<T>(node: Node<T>): Node<T> {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

function join<T>(a: Node<T>, b: Node<T>): void {
  const rootA = rootOf(a);
  const rootB = rootOf(b);
  if (rootA === rootB) return;
  for (const id of rootB.reviewers) if (rootA.reviewers.has(id)) return;
  const [keep, drop] = rootA.index < rootB.index ? [rootA, rootB] : [rootB, rootA];
  drop.parent = keep;
  for (const id of drop.reviewers) keep.reviewers.add(id);
}

/** Consecutive runs of nodes in the same file (the nodes are sorted by path). */
function runsByPath<T extends ClusterCandidate>(nodes: ReadonlyArray<Node<T>>): Array<Array<Node<T>>> {
  const runs: Array<Array<Node<T>>> = [];
  let current: Array<Node<T>> = [];
  for (const node of nodes) {
    if (current.length > 0 && current[0]?.item.path !== node.item.path) {
      runs.push(current);
      current = [];
    }
    current.push(node);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

interface Features {
  titleTokens: ReadonlySet<string>;
  snippet: string;
}

function featuresOf(item: ClusterCandidate): Features {
  return { titleTokens: titleTokens(item.title), snippet: normalizeSnippet(item.snippet) };
}

/** 0 when the two findings are different problems; otherwise how strongly they match. */
function matchScore(a: ClusterCandidate, fa: Features, b: ClusterCandidate, fb: Features): number {
  if (a.reviewerId === b.reviewerId || a.path !== b.path) return 0;
  const jaccard = jaccardIndex(fa.titleTokens, fb.titleTokens);
  const sameSnippet = fa.snippet !== '' && fa.snippet === fb.snippet;
  const shareTitleWord = jaccard > 0;
  if (!a.anchored || !b.anchored) {
    const sameTitle = jaccard === 1;
    return sameTitle || (sameSnippet && shareTitleWord) ? 1 + jaccard : 0;
  }
  if (lineGap(a, b) > maxLineGap) return 0;
  const similarTitles = jaccard >= minTitleJaccard || isSubset(fa.titleTokens, fb.titleTokens) || isSubset(fb.titleTokens, fa.titleTokens);
  // The same quoted code alone is not the same concern: two reviewers often quote one line for two different problems.
  const sameCode = (sameSnippet || snippetContains(fa.snippet, fb.snippet)) && shareTitleWord;
  if (!similarTitles && !sameCode) return 0;
  return jaccard + (sameSnippet ? 1 : sameCode ? 0.5 : 0) + 1 / (1 + lineGap(a, b));
}

/** Lines between two ranges; 0 or less when they overlap. */
function lineGap(a: ClusterCandidate, b: ClusterCandidate): number {
  return Math.max(a.startLine, b.startLine) - Math.min(a.endLine, b.endLine);
}

function snippetContains(a: string, b: string): boolean {
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return shorter.length >= minContainedSnippetLength && longer.includes(shorter);
}

const stopWords = new Set(
  (
    'a an the is are was were be been being am of in on at to for from by with without into onto over under about ' +
    'and or but not no nor so as if then than when while where which who whom what that this these those it its ' +
    'can could may might will would should shall must do does did done has have had there here via per up out too very'
  ).split(' '),
);

/** Lowercased words of a title without punctuation, stop words or a plural "s". */
function titleTokens(title: string): Set<string> {
  const words = title
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && !stopWords.has(word));
  return new Set(words.map(singular));
}

// Enough stemming for "logs"/"log" and "passwords"/"password"; real stemming is the consolidator's job.
function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

function jaccardIndex(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared += 1;
  return shared / (a.size + b.size - shared);
}

function isSubset(small: ReadonlySet<string>, large: ReadonlySet<string>): boolean {
  if (small.size === 0) return false;
  for (const token of small) if (!large.has(token)) return false;
  return true;
}

/** A total order on what clustering reads, so that the input order cannot change the clusters. */
function compareCandidates(a: ClusterCandidate, b: ClusterCandidate): number {
  return (
    compareText(a.path, b.path) ||
    a.startLine - b.startLine ||
    a.endLine - b.endLine ||
    compareText(a.reviewerId, b.reviewerId) ||
    severities.indexOf(a.severity) - severities.indexOf(b.severity) ||
    Number(b.anchored) - Number(a.anchored) ||
    compareText(a.title, b.title) ||
    compareText(a.snippet, b.snippet) ||
    compareText(a.body, b.body)
  );
}

/** Code-point order, so the result does not depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
