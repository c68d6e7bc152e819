import { formatMs } from './stats';

/** The parts of a V8 CPU profile (Chrome DevTools Protocol `Profiler.Profile`, node --cpu-prof) used here. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileEntry {
  name: string;
  selfMs: number;
  totalMs: number;
}

/** Time per function (self, and total including callees), heaviest total first; `keep` filters by URL. */
export function profileEntries(profile: CpuProfile, keep: (url: string) => boolean = () => true): ProfileEntry[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const entries = new Map<string, ProfileEntry>();
  const nameOf = (id: number): string => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return '?';
    const file = frame.url.replace(/^.*\//, '');
    return file === '' ? frame.functionName || '(anonymous)' : `${frame.functionName || '(anonymous)'} (${file}:${frame.lineNumber + 1})`;
  };
  const entry = (name: string): ProfileEntry => {
    let found = entries.get(name);
    if (!found) entries.set(name, (found = { name, selfMs: 0, totalMs: 0 }));
    return found;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, index) => {
    const ms = (deltas[index + 1] ?? 0) / 1000;
    const leaf = byId.get(id);
    if (!leaf) return;
    if (keep(leaf.callFrame.url) || leaf.callFrame.url === '') entry(nameOf(id)).selfMs += ms;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const node = byId.get(at);
      if (!node || !keep(node.callFrame.url)) continue;
      const name = nameOf(at);
      if (seen.has(name)) continue;
      seen.add(name);
      entry(name).totalMs += ms;
    }
  });
  return [...entries.values()].filter((e) => e.name !== '(root)' && e.name !== '(idle)').sort((a, b) => b.totalMs - a.totalMs || b.selfMs - a.selfMs);
}

/** Markdown table rows: function, total, self. */
export function profileTable(entries: readonly ProfileEntry[], count: number): string[] {
  return ['| function | total | self |', '|---|---|---|', ...entries.slice(0, count).map((e) => `| \`${e.name}\` | ${formatMs(e.totalMs)} | ${formatMs(e.selfMs)} |`)];
}
