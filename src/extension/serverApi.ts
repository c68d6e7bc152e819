import type { CancellationToken } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { z } from 'zod';
import type { FindingStatuses } from '../shared/findingStatus';
import { findingStatusesSchema } from '../shared/findingStatus';
import {
  clearFindingsRequestMethod,
  dismissRequestMethod,
  fixPreviewRequestMethod,
  fixPreviewResultSchema,
  fixRequestMethod,
  fixResultSchema,
  historyRequestMethod,
  historyResultSchema,
  restoreRequestMethod,
  restoreResultSchema,
  reviewRequestMethod,
  reviewResultSchema,
  roundRequestMethod,
  roundResultSchema,
  type FixPreviewResult,
  type FixResult,
  type HistoryResult,
  type RestoreResult,
  type ReviewParams,
  type ReviewResult,
  type RoundResult,
} from '../shared/protocol';

/** The language server's Deep Review requests, typed and with their results validated. */
export class ServerApi {
  constructor(readonly client: LanguageClient) {}

  review(params: ReviewParams, token: CancellationToken): Promise<ReviewResult> {
    return this.request(reviewRequestMethod, params, reviewResultSchema, token);
  }

  restore(cwd: string): Promise<RestoreResult> {
    return this.request(restoreRequestMethod, { cwd }, restoreResultSchema);
  }

  history(cwd: string): Promise<HistoryResult> {
    return this.request(historyRequestMethod, { cwd }, historyResultSchema);
  }

  round(repoRoot: string, branch: string, round: number): Promise<RoundResult> {
    return this.request(roundRequestMethod, { repoRoot, branch, round }, roundResultSchema);
  }

  fixEdit(findingId: string): Promise<FixResult> {
    return this.request(fixRequestMethod, { findingId }, fixResultSchema);
  }

  fixPreview(findingId: string): Promise<FixPreviewResult> {
    return this.request(fixPreviewRequestMethod, { findingId }, fixPreviewResultSchema);
  }

  dismiss(findingId: string, reason: string): Promise<FindingStatuses> {
    return this.request(dismissRequestMethod, { findingId, reason }, findingStatusesSchema);
  }

  async clearFindings(): Promise<void> {
    await this.client.sendRequest(clearFindingsRequestMethod);
  }

  private async request<T extends z.ZodType>(method: string, params: unknown, schema: T, token?: CancellationToken): Promise<z.infer<T>> {
    const result: unknown = token ? await this.client.sendRequest(method, params, token) : await this.client.sendRequest(method, params);
    return schema.parse(result);
  }
}
