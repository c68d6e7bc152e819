import type { Finding } from '../../shared/findingModel';

/** The findings with every path a later commit renamed replaced by its new name (locations and fix edits). */
export function followRenames(findings: readonly Finding[], renames: ReadonlyMap<string, string>): Finding[] {
  if (renames.size === 0) return [...findings];
  const moved = (path: string): string => renames.get(path) ?? path;
  return findings.map((finding) => ({
    ...finding,
    location: { ...finding.location, path: moved(finding.location.path) },
    extraLocations: finding.extraLocations.map((location) => ({ ...location, path: moved(location.path) })),
    fix: finding.fix ? { ...finding.fix, edits: finding.fix.edits.map((edit) => ({ ...edit, path: moved(edit.path) })) } : null,
  }));
}
