import { ledgerActionLabels, type ResolutionRow } from '../../shared/ledgerModel';
import { h } from '../dom';
import { shortHash } from '../labels';
import { code, dataTable, none, section, type Content } from './parts';

/** Every change of status of the branch's findings across rounds, from the ledger: the report's last section. */
export function renderResolution(rows: readonly ResolutionRow[]): HTMLElement {
  if (rows.length === 0) return section('Resolution', 'resolution', none('No finding of this branch has been fixed, declined or reopened yet.'));
  return section(
    'Resolution',
    'resolution',
    dataTable(
      'resolution',
      [{ header: 'Addressed' }, { header: 'Round' }, { header: 'Commit' }, { header: 'Finding', className: 'wide' }, { header: 'Action', className: 'wide' }],
      rows.map((row): Content[] => [
        row.date.slice(0, 10),
        String(row.round),
        row.commit === null ? h('span', { class: 'none' }, 'not committed') : code(shortHash(row.commit)),
        `${row.findingId}: ${row.title}`,
        h('span', { class: `action action-${row.action}` }, row.reason === null ? ledgerActionLabels[row.action] : `${ledgerActionLabels[row.action]} — ${row.reason}`),
      ]),
    ),
  );
}
