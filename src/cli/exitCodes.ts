/** The CLI's exit codes; README and docs/ci.md list them, and CI scripts depend on them. */
export const exitCodes = {
  /** The report was written (and no finding reached --fail-on). */
  ok: 0,
  /** The review failed (the message says why and what to do); no report was written. */
  reviewFailed: 1,
  /** Bad arguments; the usage is printed. */
  usage: 2,
  /** The report was written and has a finding at or above --fail-on. */
  findingsAtThreshold: 3,
  /** Cancelled with Ctrl+C / SIGTERM. */
  cancelled: 130,
} as const;
