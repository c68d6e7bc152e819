import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { checkReviewersRequestMethod, checkReviewersResultSchema } from '../shared/protocol';
import type { ReviewerCheck } from '../shared/reviewerCheck';
import type { ReviewerConfig } from '../shared/reviewerConfig';
import { readinessOf } from '../shared/reviewerReadiness';
import type { ApiKeyStore } from './apiKeyStore';

/** A check stays good this long: long enough for Review Branch right after Check Reviewers, short enough to see a new sign-in. */
const freshForMs = 30_000;

/**
 * The language server's reviewer checks (each reviewer's CLI and sign-in, in parallel), with the stored API
 * keys. When all were ready the answer is kept a short time, so Review Branch right after Check Reviewers does
 * not wait again; a stored key, a settings change or a closed sign-in terminal clears it (forget()).
 */
export class ReviewerChecks implements vscode.Disposable {
  private readonly cache = new Map<string, { at: number; checks: Promise<ReviewerCheck[]> }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly client: LanguageClient,
    private readonly keys: ApiKeyStore,
    private readonly now: () => number = Date.now,
  ) {
    this.subscriptions = [
      keys.onDidChange(() => { this.forget(); }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('deepReview')) this.forget();
      }),
    ];
  }

  /** The checks of these reviewers; with `cwd`, with their track records in that repository (never cached: Check Reviewers asks for it). */
  async check(reviewers: readonly ReviewerConfig[], options: { cwd?: string; fresh?: boolean } = {}): Promise<ReviewerCheck[]> {
    const apiKeys = await this.keys.all();
    if (options.cwd !== undefined || options.fresh === true) {
      const checks = this.request(reviewers, apiKeys, options.cwd);
      this.remember(reviewers, checks);
      return checks;
    }
    const cached = this.cache.get(cacheKey(reviewers));
    if (cached && this.now() - cached.at < freshForMs) return cached.checks;
    const checks = this.request(reviewers, apiKeys, undefined);
    this.remember(reviewers, checks);
    return checks;
  }

  forget(): void {
    this.cache.clear();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private remember(reviewers: readonly ReviewerConfig[], checks: Promise<ReviewerCheck[]>): void {
    const key = cacheKey(reviewers);
    const entry = { at: this.now(), checks };
    this.cache.set(key, entry);
    // Only an all-ready answer is kept: after "not ready" the user is fixing something (often outside the
    // editor: an install, a login in their own terminal), so the next call asks again. Nor is a failed request.
    const drop = (): void => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    };
    checks.then((result) => {
      if (!result.every((check) => readinessOf(check).ready)) drop();
    }, drop);
  }

  private async request(reviewers: readonly ReviewerConfig[], apiKeys: Awaited<ReturnType<ApiKeyStore['all']>>, cwd: string | undefined): Promise<ReviewerCheck[]> {
    const result = await this.client.sendRequest(checkReviewersRequestMethod, { reviewers, apiKeys, ...(cwd === undefined ? {} : { cwd }) });
    return checkReviewersResultSchema.parse(result).checks;
  }
}

/** The same settings, the same check. */
function cacheKey(reviewers: readonly ReviewerConfig[]): string {
  return JSON.stringify(reviewers);
}
