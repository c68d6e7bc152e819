type Child = Node | string | null | undefined | false;

/** Creates an element; strings become text nodes, so agent text is never parsed as HTML here. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

export function codicon(name: string, label?: string): HTMLElement {
  const icon = h('span', { class: `codicon codicon-${name}`, 'aria-hidden': label ? 'false' : 'true' });
  if (label) {
    icon.setAttribute('role', 'img');
    icon.setAttribute('aria-label', label);
  }
  return icon;
}

/** Sets `hidden` only when it changes: filtering 500 findings then touches only the cards that change. */
export function setHidden(element: HTMLElement, hidden: boolean): void {
  if (element.hidden !== hidden) element.hidden = hidden;
}

/**
 * Agent text of one line (a title, a reason) with its `inline code` as <code>: backticks shown as code, not
 * as literal backticks; everything else stays text.
 */
export function withInlineCode(text: string): Array<Node | string> {
  const parts = text.split(/(`[^`\n]+`)/);
  const nodes: Array<Node | string> = [];
  parts.forEach((part, index) => {
    if (index % 2 === 1) nodes.push(h('code', {}, part.slice(1, -1)));
    else if (part !== '') nodes.push(part);
  });
  return nodes;
}
