import type { FindingPlaceNow } from '../../shared/findingLocations';
import type { Finding } from '../../shared/findingModel';

/**
 * Relabels a finding's location link with where the finding is now in the live report. The click already
 * opens there (the host maps the reviewed line to the current one); the title keeps the reviewed line.
 */
export function showLocationNow(button: HTMLButtonElement, finding: Finding, place: FindingPlaceNow | null): void {
  const { path } = finding.location;
  const { startLine, endLine } = place ?? finding.anchor;
  const moved = place !== null && (place.startLine !== finding.anchor.startLine || place.endLine !== finding.anchor.endLine);
  const icon = button.querySelector('.codicon');
  button.replaceChildren(...(icon ? [icon] : []), `${path}:${startLine === endLine ? startLine : `${startLine}-${endLine}`}`);
  button.title =
    place === null
      ? `Open ${path} at line ${startLine} (the finding's code is no longer there)`
      : `Open ${path} at line ${startLine}${moved ? ` (line ${finding.anchor.startLine} at the reviewed commit)` : ''}`;
}
