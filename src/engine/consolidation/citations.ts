// The consolidator cites findings by the keys of the clusters it was given ("(K3)"); the report numbers
// them only afterwards (C1, I2, S3). Every text it wrote goes through here: a key becomes the final id of the
// finding that cluster became, a rejected cluster's key its title, and a key or id that names nothing is
// taken out, with a correction the report shows. No cluster key reaches the report.

/** What the clusters became: final ids by key, rejected clusters' titles by key, and every final id. */
export interface CitationTargets {
  idsByKey: ReadonlyMap<string, string>;
  rejectedTitlesByKey: ReadonlyMap<string, string>;
  finalIds: ReadonlySet<string>;
}

const key = /^K\d+$/;
const findingId = /^[CIS]\d+$/;
/** "(K3)", "(K3, K5)", "(I2 and K4)": a parenthesised list of keys or ids only. */
const citationList = /\(\s*((?:[CISK]\d+)(?:\s*(?:,|;|&|and)\s*[CISK]\d+)*)\s*\)/g;
/** A key standing alone in prose ("K3 is the worst"), not part of a longer word (K8s). */
const bareKey = /\bK\d+\b/g;
/** Inline code and fenced blocks: their text is code, not a citation (`K2` may be a constant). */
const codeSpans = /(```[\s\S]*?```|`[^`\n]+`)/;

export class Citations {
  /** Each problem said once, however often the consolidator repeated it. */
  private readonly noted = new Set<string>();

  constructor(private readonly targets: CitationTargets, private readonly corrections: string[]) {}

  /** `text` with every citation resolved; `where` names the text in a correction ("the executive summary"). */
  resolve(text: string, where: string): string {
    return text
      .split(codeSpans)
      .map((part, index) => (index % 2 === 1 ? this.inCode(part, where) : this.inProse(part, where)))
      .join('');
  }

  private inProse(text: string, where: string): string {
    const lists = text.replace(citationList, (_whole, items: string) => {
      const cited = items.split(/\s*(?:,|;|&|\band\b)\s*/).flatMap((item) => this.citationOf(item.trim(), where));
      return cited.length === 0 ? '' : `(${[...new Set(cited)].join(', ')})`;
    });
    const bare = lists.replace(bareKey, (found) => this.citationOf(found, where)[0] ?? 'a finding it did not name');
    // A citation taken out leaves "word ." or "word  more": close the gap it left.
    return bare === text ? text : bare.replace(/[ \t]+([.,;:!?])/g, '$1').replace(/[ \t]{2,}/g, ' ');
  }

  /** A code span that is exactly a key ("`K2`") is a citation too; any other code stays as written. */
  private inCode(span: string, where: string): string {
    const inner = span.replace(/^`|`$/g, '');
    if (!key.test(inner)) return span;
    return this.citationOf(inner, where)[0] ?? 'a finding it did not name';
  }

  /** What `item` cites in the report: a final id, a rejected finding's title, or nothing (noted). */
  private citationOf(item: string, where: string): string[] {
    if (key.test(item)) {
      const id = this.targets.idsByKey.get(item);
      if (id !== undefined) return [id];
      const rejected = this.targets.rejectedTitlesByKey.get(item);
      if (rejected !== undefined) return [`rejected: “${rejected}”`];
      this.note(`The consolidator cited a group of findings it was not given in ${where}; the citation was taken out.`);
      return [];
    }
    if (findingId.test(item)) {
      if (this.targets.finalIds.has(item)) return [item];
      this.note(`The consolidator cited ${item} in ${where}, which is no finding of this report; the citation was taken out.`);
      return [];
    }
    return [item];
  }

  private note(correction: string): void {
    if (this.noted.has(correction)) return;
    this.noted.add(correction);
    this.corrections.push(correction);
  }
}
