// Gemini CLI has no effort flag. Its built-in model configs give every Gemini 3 model the alias chain
// `chat-base-3` (thinkingLevel) and every Gemini 2.5 model `chat-base-2.5` (thinkingBudget), so one
// override per alias sets the thinking for whichever model the CLI resolves the reviewer's model to
// (e.g. `gemini-3-pro-preview` is sent as `gemini-3.1-pro-preview`). Verified with 0.61.

type ThinkingLevel = 'LOW' | 'MEDIUM' | 'HIGH';

interface Thinking {
  level: ThinkingLevel;
  /** Tokens; at most 24576 so it is valid for 2.5 Flash as well as 2.5 Pro. */
  budget: number;
}

const thinkingByEffort: Readonly<Record<string, Thinking>> = {
  minimal: { level: 'LOW', budget: 512 },
  low: { level: 'LOW', budget: 2048 },
  medium: { level: 'MEDIUM', budget: 8192 },
  high: { level: 'HIGH', budget: 24576 },
  xhigh: { level: 'HIGH', budget: 24576 },
  max: { level: 'HIGH', budget: 24576 },
};

export const geminiEfforts = Object.keys(thinkingByEffort);

export interface GeminiThinking {
  /** `modelConfigs.customOverrides` entries for Gemini CLI's settings (empty when the effort is unknown). */
  overrides: unknown[];
  warnings: string[];
}

/** The settings overrides that apply `effort` as thinking level (Gemini 3) or thinking budget (Gemini 2.5). */
export function geminiThinking(effort: string, model: string): GeminiThinking {
  const thinking = thinkingByEffort[effort.trim().toLowerCase()];
  if (thinking === undefined) {
    return {
      overrides: [],
      warnings: [`Effort "${effort}" is not one of ${geminiEfforts.join(', ')}; Gemini CLI used its default thinking.`],
    };
  }
  const overrides = [
    { match: { model: 'chat-base-3' }, modelConfig: { generateContentConfig: { thinkingConfig: { thinkingLevel: thinking.level } } } },
    { match: { model: 'chat-base-2.5' }, modelConfig: { generateContentConfig: { thinkingConfig: { thinkingBudget: thinking.budget } } } },
  ];
  const warnings = thinkingApplies(model)
    ? []
    : [`Effort "${effort}" sets Gemini 2.5 and 3 thinking only; model "${model}" ran with Gemini CLI's default thinking.`];
  return { overrides, warnings };
}

/** Models (and the CLI's own aliases) that resolve to a Gemini 2.5 or 3+ chat config. */
function thinkingApplies(model: string): boolean {
  return /^gemini-(2\.5|[3-9])([.-]|$)/.test(model) || ['auto', 'pro', 'flash', 'flash-lite'].includes(model) || model.startsWith('auto-gemini-');
}
