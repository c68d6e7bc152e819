import { z } from 'zod';

// The lines `opencode run --format json` writes (1.18): one JSON object per event, each with the session
// part it reports. Only the fields Deep Review reads are checked; the rest passes.

export const textLineSchema = z.looseObject({
  type: z.literal('text'),
  part: z.looseObject({ text: z.string() }),
});

export const toolUseLineSchema = z.looseObject({
  type: z.literal('tool_use'),
  part: z.looseObject({
    tool: z.string(),
    state: z.looseObject({
      status: z.string(),
      input: z.record(z.string(), z.unknown()).optional(),
      error: z.string().optional(),
    }),
  }),
});

export const stepFinishLineSchema = z.looseObject({
  type: z.literal('step_finish'),
  part: z.looseObject({
    reason: z.string().optional(),
    cost: z.number().optional(),
    tokens: z
      .looseObject({
        input: z.number().optional(),
        output: z.number().optional(),
        reasoning: z.number().optional(),
        cache: z.looseObject({ read: z.number().optional(), write: z.number().optional() }).optional(),
      })
      .optional(),
  }),
});

export const errorLineSchema = z.looseObject({
  type: z.literal('error'),
  error: z.looseObject({
    name: z.string().optional(),
    data: z.looseObject({ message: z.string().optional(), statusCode: z.number().optional(), responseBody: z.string().optional() }).optional(),
  }),
});
export type OpencodeErrorLine = z.infer<typeof errorLineSchema>;
