import fs from 'node:fs';
import path from 'node:path';
import { isSafeRepoPath, type Fix } from '../../shared/findingModel';

// Which files a fix may edit. Fix edits are written by agents, and agents can be steered by text in the
// branch (prompt injection), so a fix is untrusted: it may only edit files of the reviewed commit, never
// git's own files, and files that make tools run code only after the user has seen the change.
// Used by the editor's quick fix and the report's Apply button (src/server), SARIF fixes and fix verification.

/** What a fix may do with one path. */
export type FixPathClass =
  | { kind: 'ordinary' }
  /** A file that configures a tool to run code: edited only through a preview naming it. */
  | { kind: 'tool-config'; reason: string }
  | { kind: 'forbidden'; reason: string };

/** How a whole fix may be applied. */
export type FixTargetDecision =
  | { kind: 'direct' }
  /** Applied only through a preview that shows every file; `paths` are named in the action's title. */
  | { kind: 'preview'; paths: string[]; toolConfigPaths: string[]; reason: string }
  | { kind: 'refused'; reason: string };

// Characters HFS+ and NTFS ignore in names (git's own is_hfs_dotgit / is_ntfs_dotgit know them): `.g\u200cit` is `.git` there.
const ignorableInNames = /[\u200b-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

/** A path segment as case-insensitive file systems see it: no ignorable characters, no NTFS stream, no trailing dots or spaces. */
function canonicalSegment(segment: string): string {
  return segment.replace(ignorableInNames, '').replace(/:.*$/, '').replace(/[. ]+$/, '').toLowerCase();
}

function isGitDirName(segment: string): boolean {
  const name = canonicalSegment(segment);
  // `git~1` is the NTFS short name of `.git`.
  return name === '.git' || /^git~\d+$/.test(name);
}

// Folders whose files make an editor, an agent CLI, CI or git hooks run code.
const toolFolders = new Set(['.vscode', '.claude', '.codex', '.gemini', '.husky', '.githooks', '.git-hooks', 'git-hooks', '.devcontainer', '.idea', '.circleci', '.buildkite']);
// Files that make git, a package manager, a build tool or the shell run code (package scripts, hooks, drivers).
const toolFiles = new Set([
  '.gitattributes',
  '.gitmodules',
  '.gitconfig',
  '.lfsconfig',
  '.mcp.json',
  '.envrc',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.pnpmfile.cjs',
  '.pre-commit-config.yaml',
  'lefthook.yml',
  '.lefthook.yml',
  '.gitlab-ci.yml',
  '.travis.yml',
  'azure-pipelines.yml',
  'jenkinsfile',
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bunfig.toml',
  'deno.json',
  'deno.jsonc',
  'composer.json',
  'pyproject.toml',
  'setup.py',
  'setup.cfg',
  'tox.ini',
  'noxfile.py',
  'pipfile',
  'gemfile',
  'rakefile',
  'cargo.toml',
  'build.rs',
  'go.mod',
  'makefile',
  'gnumakefile',
  'justfile',
  'taskfile.yml',
  'cmakelists.txt',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'settings.gradle',
  'settings.gradle.kts',
  'gradle-wrapper.properties',
]);
const toolFileEndings = ['.code-workspace', '.gemspec', '.csproj', '.fsproj', '.vbproj', '.props', '.targets'];

/** What a fix may do with `repoPath`, from its name alone (see fixPathOnDisk for symlinks). */
export function classifyFixPath(repoPath: string): FixPathClass {
  if (!isSafeRepoPath(repoPath)) return { kind: 'forbidden', reason: `${repoPath} is not inside the repository` };
  const segments = repoPath.split(/[\\/]/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.some(isGitDirName)) return { kind: 'forbidden', reason: `${repoPath} is inside git's own directory (.git)` };
  const names = segments.map(canonicalSegment);
  const file = names[names.length - 1] ?? '';
  const folder = names.slice(0, -1);
  const workflow = folder.some((name, at) => name === '.github' && (folder[at + 1] === 'workflows' || folder[at + 1] === 'actions'));
  if (workflow || folder.some((name) => toolFolders.has(name))) {
    return { kind: 'tool-config', reason: `${repoPath} configures a tool that runs code` };
  }
  if (toolFiles.has(file) || toolFileEndings.some((ending) => file.endsWith(ending))) {
    return { kind: 'tool-config', reason: `${repoPath} configures a tool that runs code` };
  }
  return { kind: 'ordinary' };
}

/**
 * The class of `repoPath` where it really is in the work tree at `repoRoot`: a symlink (in the path or
 * the file) that leads outside the work tree or into git's directory is forbidden, whatever its name.
 */
export function fixPathOnDisk(repoRoot: string, repoPath: string): FixPathClass {
  const byName = classifyFixPath(repoPath);
  if (byName.kind === 'forbidden') return byName;
  let root: string;
  try {
    root = fs.realpathSync(repoRoot);
  } catch {
    return { kind: 'forbidden', reason: `the work tree ${repoRoot} cannot be read` };
  }
  const real = realPathOfNearestExisting(path.join(root, repoPath));
  const relative = path.relative(root, real);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { kind: 'forbidden', reason: `${repoPath} leads outside the work tree through a symbolic link` };
  }
  const resolved = classifyFixPath(relative.split(path.sep).join('/'));
  if (resolved.kind === 'forbidden') return { kind: 'forbidden', reason: `${repoPath} leads into git's own directory (.git) through a symbolic link` };
  return resolved.kind === 'tool-config' ? resolved : byName;
}

/** The real path of `file`, or of its nearest existing parent folder joined with the rest. */
function realPathOfNearestExisting(file: string): string {
  let existing = file;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return file;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

export interface FixTargetContext {
  /** The file of the finding the fix belongs to: editing any other file needs a preview. */
  findingPath: string;
  /** Whether the path is a file of the reviewed commit; omitted where only files at that commit are read anyway. */
  isTracked?: (repoPath: string) => boolean;
  /** The path's class; classifyFixPath by default, fixPathOnDisk where a work tree is edited. */
  classify?: (repoPath: string) => FixPathClass;
}

/**
 * How a fix may be applied: refused when an edit is outside the files of the reviewed commit or in
 * git's directory; through a preview naming the files when it edits a tool's configuration or a file
 * other than its finding's; directly otherwise.
 */
export function fixTargetDecision(fix: Fix, context: FixTargetContext): FixTargetDecision {
  const classify = context.classify ?? classifyFixPath;
  const paths = [...new Set(fix.edits.map((edit) => edit.path))];
  const reasons: string[] = [];
  const toolConfigPaths: string[] = [];
  for (const repoPath of paths) {
    const target = classify(repoPath);
    if (target.kind === 'forbidden') return { kind: 'refused', reason: `The fix is not offered: ${target.reason}.` };
    if (context.isTracked && !context.isTracked(repoPath)) {
      return { kind: 'refused', reason: `The fix is not offered: ${repoPath} is not a file of the reviewed commit.` };
    }
    if (target.kind === 'tool-config') {
      toolConfigPaths.push(repoPath);
      reasons.push(target.reason);
    }
  }
  const others = paths.filter((repoPath) => repoPath !== context.findingPath);
  if (others.length > 0) reasons.push(`it edits ${others.length === 1 ? 'a file' : 'files'} other than the finding's`);
  if (reasons.length === 0) return { kind: 'direct' };
  return { kind: 'preview', paths, toolConfigPaths, reason: `Preview first: ${reasons.join('; ')}.` };
}
