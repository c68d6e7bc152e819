import { z } from 'zod';
import { findingIdSchema } from './findingModel';

/** Where a finding of the current report is now, in 1-based lines of the text being edited: the Problems panel's place. */
export const findingPlaceSchema = z.strictObject({ startLine: z.number().int().min(1), endLine: z.number().int().min(1) });
export type FindingPlaceNow = z.infer<typeof findingPlaceSchema>;
/** By finding id; null when the finding's code is gone; an unanchored finding has no entry. */
export const findingLocationsSchema = z.record(findingIdSchema, findingPlaceSchema.nullable());
export type FindingLocations = z.infer<typeof findingLocationsSchema>;
