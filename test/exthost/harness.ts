// A few lines of test runner for the extension host (mocha is not a dependency): checks run one after
// another, in order, because later ones rely on earlier ones (the extension is activated once).

export interface Check {
  name: string;
  run: () => Promise<void> | void;
}

const checkTimeoutMs = 60_000;

/** Runs every check, prints one line each and "N passed, M failed"; rejects when any failed. */
export async function runChecks(checks: readonly Check[]): Promise<void> {
  const failures: string[] = [];
  for (const check of checks) {
    const started = Date.now();
    try {
      await withTimeout(Promise.resolve(check.run()), checkTimeoutMs, check.name);
      console.log(`  ok   ${check.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failures.push(check.name);
      console.log(`  FAIL ${check.name} (${Date.now() - started} ms)\n${describe(error)}`);
    }
  }
  const summary = `${checks.length - failures.length} passed, ${failures.length} failed`;
  console.log(summary);
  if (failures.length > 0) throw new Error(`${summary}: ${failures.join('; ')}`);
}

function describe(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return text.replace(/^/gm, '       ');
}

async function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`'${name}' did not finish within ${ms} ms`)); }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
