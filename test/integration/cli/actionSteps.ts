import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// action.yml read with js-yaml (already in node_modules through ESLint), and its steps run the way the
// Actions runner runs a composite action's `run` steps: bash -e, the step's env, its working directory.

const root = path.resolve(__dirname, '..', '..', '..');
const { load } = createRequire(__filename)('js-yaml') as { load: (text: string) => unknown };

export interface ActionStep {
  name?: string;
  id?: string;
  uses?: string;
  with?: Record<string, string>;
  if?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

export interface ActionDefinition {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export function readAction(): ActionDefinition {
  return load(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as ActionDefinition;
}

export function stepNamed(action: ActionDefinition, name: string): ActionStep {
  const found = action.runs.steps.find((step) => step.name === name);
  if (found === undefined) throw new Error(`action.yml has no step "${name}"`);
  return found;
}

/** The contexts an expression may read: inputs, github, steps' outputs. */
export interface ExpressionContext {
  inputs: Record<string, string>;
  github: Record<string, unknown>;
  steps?: Record<string, { outputs: Record<string, string> }>;
}

/** Evaluates the `${{ … }}` of action.yml: context paths, joined by `||` (the first non-empty one). */
export function evaluate(text: string, context: ExpressionContext): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
    for (const alternative of expression.split('||').map((part) => part.trim())) {
      const value = alternative.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), context);
      if (typeof value === 'string' || typeof value === 'number') {
        if (value !== '') return String(value);
      } else if (value !== undefined && value !== null) {
        throw new Error(`\${{ ${alternative} }} is not a string`);
      }
    }
    return '';
  });
}

/** Each input's value: the given one, else its default evaluated against `github`. */
export function inputValues(action: ActionDefinition, given: Record<string, string>, github: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, given[name] ?? evaluate(input.default ?? '', { inputs: {}, github })]),
  );
}

export interface StepRun {
  code: number | null;
  output: string;
}

/** Runs a `run` step with bash as the runner does (`bash --noprofile --norc -eo pipefail {0}`). */
export function runStep(step: ActionStep, context: ExpressionContext, env: NodeJS.ProcessEnv): Promise<StepRun> {
  if (step.run === undefined) throw new Error(`step "${step.name ?? ''}" has no run script`);
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, evaluate(value, context)]));
  const cwd = evaluate(step['working-directory'] ?? String(context.github.workspace), context);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', evaluate(step.run ?? '', context)], { cwd, env: { ...env, ...stepEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => { resolve({ code, output }); });
  });
}

/** The `name=value` lines a step appended to $GITHUB_OUTPUT. */
export function readOutputs(file: string): Record<string, string> {
  return Object.fromEntries(
    fs.readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}
