import * as vscode from 'vscode';
import { z } from 'zod';

export const extensionId = 'deep-review.deep-review';

// The parts of package.json the checks compare with what VS Code reports.
const manifestSchema = z.object({
  contributes: z.object({
    commands: z.array(z.object({ command: z.string(), title: z.string().min(1), category: z.string().optional() })),
    menus: z.record(z.string(), z.array(z.object({ command: z.string(), when: z.string().optional() }))).optional(),
    views: z.record(z.string(), z.array(z.object({ id: z.string() }))).optional(),
    configuration: z.object({
      properties: z.record(z.string(), z.object({ default: z.unknown() })),
    }),
  }),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** The extension under test; throws when VS Code does not know it. */
export function deepReviewExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  if (!extension) throw new Error(`VS Code does not list the extension ${extensionId}`);
  return extension;
}

/** package.json as the extension host loaded it. */
export function manifest(): Manifest {
  return manifestSchema.parse(deepReviewExtension().packageJSON);
}
