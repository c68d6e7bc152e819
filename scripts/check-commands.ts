// Checks that every command package.json contributes is registered by the extension, and every command the
// extension registers is contributed — so the Command Palette never lists a command that does nothing and no
// command is unreachable. Registrations are found with the type checker: a command id written as a constant
// (e.g. `showFixDiffCommandId`) counts by its literal type. Run by `npm test` (scripts/test.sh) after lint.
//
// usage: node --import tsx scripts/check-commands.ts
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '..');
const extensionDir = path.join(root, 'src', 'extension');

interface Manifest {
  contributes: {
    commands: Array<{ command: string }>;
    menus?: Record<string, Array<{ command: string }>>;
    walkthroughs?: Array<{ steps: Array<{ completionEvents?: string[] }> }>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const contributed = new Set(manifest.contributes.commands.map((entry) => entry.command));
const registered = registeredCommands();

const problems: string[] = [];
for (const command of contributed) if (!registered.has(command)) problems.push(`${command} is contributed in package.json but never registered in src/extension`);
for (const command of registered) if (!contributed.has(command)) problems.push(`${command} is registered in src/extension but not contributed in package.json`);
for (const [menu, entries] of Object.entries(manifest.contributes.menus ?? {})) {
  for (const entry of entries) if (!contributed.has(entry.command)) problems.push(`menu ${menu} names ${entry.command}, which is not contributed`);
}

if (problems.length > 0) {
  console.error(`check-commands: ${problems.length} problem(s):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log(`check-commands: ${contributed.size} commands, each contributed and registered`);

/** The first argument of every `commands.registerCommand(...)` call under src/extension, as string literal types. */
function registeredCommands(): Set<string> {
  const configFile = ts.readConfigFile(path.join(root, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  const files = parsed.fileNames.filter((file) => path.resolve(file).startsWith(extensionDir + path.sep));
  const program = ts.createProgram(files, parsed.options);
  const checker = program.getTypeChecker();
  const found = new Set<string>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'registerCommand') {
        const [first] = node.arguments;
        const type = first ? checker.getTypeAtLocation(first) : undefined;
        if (!type?.isStringLiteral()) {
          const { line } = source.getLineAndCharacterOfPosition(node.getStart());
          throw new Error(`${path.relative(root, file)}:${line + 1}: registerCommand's command id is not a string constant`);
        }
        found.add(type.value);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
