const byExtension: Record<string, string> = {
  ts: 'ts', tsx: 'tsx', mts: 'ts', cts: 'ts', js: 'js', jsx: 'jsx', mjs: 'js', cjs: 'js',
  py: 'python', go: 'go', rs: 'rust', java: 'java', kt: 'kotlin', kts: 'kotlin', scala: 'scala',
  rb: 'ruby', php: 'php', cs: 'csharp', fs: 'fsharp', swift: 'swift', m: 'objectivec',
  c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp',
  sh: 'bash', bash: 'bash', zsh: 'bash', bats: 'bash', ps1: 'powershell',
  json: 'json', jsonc: 'jsonc', yml: 'yaml', yaml: 'yaml', toml: 'toml', xml: 'xml', ini: 'ini',
  html: 'html', htm: 'html', css: 'css', scss: 'scss', less: 'less', vue: 'vue', svelte: 'svelte',
  md: 'markdown', sql: 'sql', graphql: 'graphql', proto: 'protobuf', tf: 'hcl', lua: 'lua',
  dart: 'dart', ex: 'elixir', exs: 'elixir', erl: 'erlang', hs: 'haskell', clj: 'clojure', r: 'r',
};

const byName: Record<string, string> = { dockerfile: 'dockerfile', makefile: 'makefile', gnumakefile: 'makefile', 'cmakelists.txt': 'cmake' };

/** The fenced-code language for a file, or '' when unknown. */
export function languageForPath(path: string): string {
  const name = (path.split('/').pop() ?? '').toLowerCase();
  const named = byName[name];
  if (named) return named;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? (byExtension[name.slice(dot + 1)] ?? '') : '';
}
