import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, test } from 'node:test';
import { geminiAuthCheck, geminiLoginStep } from '../../../src/engine/agents/gemini/geminiCheck';
import { geminiSignIn, stripJsonComments } from '../../../src/engine/agents/gemini/geminiUserConfig';

let homes: string[] = [];
afterEach(() => {
  for (const home of homes) fs.rmSync(home, { recursive: true, force: true });
  homes = [];
});

/** A user home with `~/.gemini/<name>` files. */
function userHome(files: Record<string, string> = {}): string {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-test-gemini-home-')));
  homes.push(home);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, name)), { recursive: true });
    fs.writeFileSync(path.join(home, name), content);
  }
  return home;
}

const selected = (type: string): string => JSON.stringify({ security: { auth: { selectedType: type } } });

test('no auth method in settings and no auth variable: missing, with the exact next step', () => {
  const home = userHome();

  assert.deepEqual(geminiAuthCheck({ HOME: home }), {
    status: 'missing',
    detail: `No Gemini CLI sign-in found: no auth method in ${home}/.gemini/settings.json and none of GEMINI_API_KEY, GOOGLE_GENAI_USE_VERTEXAI or GOOGLE_GENAI_USE_GCA is set.`,
    nextStep: 'Run `gemini` in a terminal and sign in with Google, or set GEMINI_API_KEY in the environment VS Code starts from (or in ~/.gemini/.env).',
  });
  assert.equal(geminiLoginStep, geminiAuthCheck({ HOME: home }).nextStep);
});

test('GEMINI_API_KEY in the environment is enough, as for Gemini CLI itself', () => {
  assert.deepEqual(geminiAuthCheck({ HOME: userHome(), GEMINI_API_KEY: 'k' }), { status: 'ok', detail: 'Gemini API key (GEMINI_API_KEY is set).', nextStep: null });
});

test('a key in ~/.gemini/.env counts, and the check says where it is', () => {
  const home = userHome({ '.gemini/.env': '# mine\nexport GEMINI_API_KEY="abc"\n' });

  const check = geminiAuthCheck({ HOME: home });

  assert.equal(check.status, 'ok');
  assert.equal(check.detail, `Gemini API key (GEMINI_API_KEY is set in ${home}/.gemini/.env).`);
});

test('sign in with Google: ok with saved credentials, missing without, each naming the file', () => {
  const signedIn = userHome({ '.gemini/settings.json': selected('oauth-personal'), '.gemini/oauth_creds.json': '{}' });
  const signedOut = userHome({ '.gemini/settings.json': selected('oauth-personal') });

  assert.deepEqual(geminiAuthCheck({ HOME: signedIn }), { status: 'ok', detail: `Signed in with Google (credentials in ${signedIn}/.gemini/oauth_creds.json).`, nextStep: null });
  assert.deepEqual(geminiAuthCheck({ HOME: signedOut }), {
    status: 'missing',
    detail: `Sign in with Google is selected, but there are no saved credentials in ${signedOut}/.gemini/oauth_creds.json.`,
    nextStep: 'Run `gemini` in a terminal and sign in with Google.',
  });
});

test('GEMINI_CLI_HOME is where Gemini CLI keeps its settings and credentials, not HOME', () => {
  const geminiHome = userHome({ '.gemini/settings.json': selected('oauth-personal'), '.gemini/oauth_creds.json': '{}' });

  assert.equal(geminiAuthCheck({ HOME: userHome(), GEMINI_CLI_HOME: geminiHome }).status, 'ok');
});

test('an API key selected but not in the environment is unknown (it may be in the keychain), with what to set', () => {
  const check = geminiAuthCheck({ HOME: userHome({ '.gemini/settings.json': selected('gemini-api-key') }) });

  assert.equal(check.status, 'unknown');
  assert.match(check.detail, /GEMINI_API_KEY is not set; a key Gemini CLI saved in the system keychain cannot be checked/);
  assert.match(check.nextStep ?? '', /^Set GEMINI_API_KEY/);
});

test('Vertex AI needs a project and location (or an API key)', () => {
  const home = userHome({ '.gemini/settings.json': selected('vertex-ai') });

  assert.equal(geminiAuthCheck({ HOME: home, GOOGLE_CLOUD_PROJECT: 'p', GOOGLE_CLOUD_LOCATION: 'us-central1' }).status, 'ok');
  assert.equal(geminiAuthCheck({ HOME: home, GOOGLE_API_KEY: 'k' }).status, 'ok');
  const missing = geminiAuthCheck({ HOME: home, GOOGLE_CLOUD_PROJECT: 'p' });
  assert.equal(missing.status, 'missing');
  assert.match(missing.nextStep ?? '', /^Set GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION/);
});

test('an enforced auth method that differs from the selected one is missing', () => {
  const home = userHome({ '.gemini/settings.json': JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key', enforcedType: 'oauth-personal' } } }) });

  const check = geminiAuthCheck({ HOME: home, GEMINI_API_KEY: 'k' });

  assert.equal(check.status, 'missing');
  assert.match(check.detail, /enforce the auth method "oauth-personal", but "gemini-api-key" is selected/);
});

test('settings with comments are read like Gemini CLI reads them; unreadable settings make the check unknown', () => {
  const commented = userHome({ '.gemini/settings.json': '{\n  // signed in once\n  "security": { "auth": { /* how */ "selectedType": "oauth-personal" } },\n  "x": "a // not a comment"\n}' });
  const broken = userHome({ '.gemini/settings.json': '{ "security": ' });

  assert.equal(geminiSignIn({ HOME: commented }).type, 'oauth-personal');
  assert.deepEqual(JSON.parse(stripJsonComments('{"x": "a // b /* c */"}')), { x: 'a // b /* c */' });
  const check = geminiAuthCheck({ HOME: broken });
  assert.equal(check.status, 'unknown');
  assert.match(check.detail, /settings\.json is not valid JSON/);
});

test('the auth method for a run: the user’s selected one, else what the environment implies', () => {
  assert.equal(geminiSignIn({ HOME: userHome({ '.gemini/settings.json': selected('vertex-ai') }), GEMINI_API_KEY: 'k' }).type, 'vertex-ai');
  assert.equal(geminiSignIn({ HOME: userHome(), GEMINI_API_KEY: 'k' }).type, 'gemini-api-key');
  assert.equal(geminiSignIn({ HOME: userHome(), GOOGLE_GENAI_USE_GCA: 'true' }).type, 'oauth-personal');
  assert.equal(geminiSignIn({ HOME: userHome({ '.env': 'GEMINI_API_KEY=k\n' }) }).type, 'gemini-api-key');
  assert.equal(geminiSignIn({ HOME: userHome() }).type, null);
});
