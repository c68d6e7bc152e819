import { h } from '../dom';
import { markdownBlock, none, section } from './parts';

/** How the review went: failures, merges, unlocated findings, the consolidator's process notes. */
export function renderProcessNotes(notes: readonly string[]): HTMLElement {
  const written = notes.filter((note) => note.trim() !== '');
  return section('Review Process Notes', 'notes', written.length === 0 ? none() : h('ul', { class: 'notes' }, ...written.map((note) => h('li', {}, markdownBlock(note)))));
}
