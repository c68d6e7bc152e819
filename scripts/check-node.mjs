// Prints one line when this Node.js is older than what a pinned agent CLI declares (its package.json
// "engines.node"), and what that means here. Called by `npm start` and `npm test`; never fails.
// Today that is Claude Code 2.1.330 (node >=22): its npm package only installs a native binary, which runs the
// same under Node 20, and the whole suite passes on Node 20 — npm's EBADENGINE warning about it is expected.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const clis = ['@anthropic-ai/claude-code', '@openai/codex', '@google/gemini-cli'];
const current = process.versions.node.split('.').map(Number);

/** The minimum version of a ">=X[.Y[.Z]]" range (the form these packages use); null for other forms. */
function minimumOf(range) {
  const match = /^\s*>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range ?? '');
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : null;
}

function older(version, minimum) {
  for (let i = 0; i < 3; i += 1) if (version[i] !== minimum[i]) return version[i] < minimum[i];
  return false;
}

const wanting = [];
for (const name of clis) {
  const file = path.join(root, 'node_modules', name, 'package.json');
  if (!fs.existsSync(file)) continue;
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  const minimum = minimumOf(manifest.engines?.node);
  if (minimum && older(current, minimum)) wanting.push(`${name}@${manifest.version} declares node ${manifest.engines.node}`);
}
if (wanting.length > 0) {
  console.log(
    `node: Node.js ${process.versions.node} is older than ${wanting.join('; ')}: it runs anyway (its package installs a native binary) and the whole test suite passes on Node 20, so npm's EBADENGINE warning is expected; Node 22 or later silences it.`,
  );
}
