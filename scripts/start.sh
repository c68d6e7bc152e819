#!/usr/bin/env bash
# `npm start -- [REPO]`: builds the extension and opens VS Code on REPO with it loaded as an extension under
# development (the window title starts with "[Extension Development Host]").
#
#   REPO  folder to open; relative paths are taken from where npm was run. Default: that folder.
#
# 1. `npm ci` when node_modules is missing or older than package-lock.json, then `npm run build`.
# 2. Desktop VS Code when a `code` command exists and can show a window (a display, macOS, or a VS Code
#    terminal): `code --extensionDevelopmentPath=<this repo> REPO`, and this script ends.
# 3. Otherwise real VS Code in the browser: scripts/setup-tools.sh installs code-server (tools/code-server),
#    which then runs on 127.0.0.1:$PORT (default 8080) with its state (user settings, sign-in state kept by
#    the editor, open editors) in .deep-review-dev/code-server (git-ignored), kept across restarts, and the
#    script prints the URL to open; that URL loads the extension under development. Ctrl+C stops the server
#    (its whole process group).
# The agent CLIs pinned in package.json (node_modules/.bin) are on the editor's PATH (npm puts that folder
# first), so a review works without installing them; the environment this script runs in (API keys
# included) is the editor's.
# DEEP_REVIEW_EDITOR=code-server forces 3 even when desktop VS Code is available.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CALLER_DIR=${INIT_CWD:-$PWD}   # npm runs scripts from the package root and keeps the caller's folder here
cd "$ROOT"

target=${1:-$CALLER_DIR}
[[ $target == /* ]] || target="$CALLER_DIR/$target"
if [[ ! -d $target ]]; then
  echo "start: $target is not a folder" >&2
  exit 1
fi
target=$(cd "$target" && pwd -P)

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "start: installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
node scripts/check-node.mjs
echo "start: building the extension"
npm run --silent build

# Run without npm, the pinned CLIs come after the user's own PATH.
export PATH="$PATH:$ROOT/node_modules/.bin"

desktop_can_open() {
  [[ ${DEEP_REVIEW_EDITOR:-} != code-server ]] && command -v code >/dev/null &&
    [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} || -n ${VSCODE_IPC_HOOK_CLI:-} || $(uname) == Darwin ]]
}
if desktop_can_open; then
  echo "start: opening $target in VS Code with the extension under development"
  exec code --extensionDevelopmentPath="$ROOT" "$target"
fi

bash scripts/setup-tools.sh
port=${PORT:-8080}
if ! node -e 'const s = require("node:net").createServer(); s.once("error", () => process.exit(1)); s.listen(Number(process.argv[1]), "127.0.0.1", () => s.close());' "$port"; then
  echo "start: port $port on 127.0.0.1 is in use; choose another with PORT=<port> npm start" >&2
  exit 1
fi

run_dir="$ROOT/.deep-review-dev/code-server"
mkdir -p "$run_dir"
server_pid=
cleanup() {
  trap - EXIT INT TERM
  if [[ -n $server_pid ]]; then
    echo
    echo "start: stopping code-server"
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    sleep 1   # the file watcher child outlives the server briefly
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# setsid: a process group of its own, so cleanup() also stops the extension host and the file watcher.
# The source control view is on here (tests turn git off).
# force-disable-user-env: VS Code would otherwise give the extension host the PATH of a fresh login shell,
# without the pinned CLIs and without what was exported in this shell.
# Its output goes to a log file: on Ctrl+C the file watcher, stopped with the server, prints an error that
# means nothing (it was asked to stop), and the server's own messages are for debugging only.
server_log="$ROOT/.deep-review-dev/code-server.log"
CS_SETTINGS='{"git.enabled": true}' setsid bash scripts/start-code-server.sh "$port" "$run_dir" --vscode-option force-disable-user-env >"$server_log" 2>&1 &
server_pid=$!

# shellcheck disable=SC2016 # JavaScript, not shell
url=$(node -e '
  const [port, folder, extension] = process.argv.slice(1);
  const payload = [["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${port}${extension}`]];
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  (async () => {
    for (let i = 0; i < 600; i++) {
      if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return console.log(url);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    process.exit(1);
  })();
' "$port" "$target" "$ROOT") || { echo "start: code-server did not start; its output:" >&2; cat "$server_log" >&2; exit 1; }

cat <<EOF

  Deep Review in VS Code (code-server), with the extension under development, on:
    $target

  Open this URL in a browser (from another machine: ssh -L $port:127.0.0.1:$port <this host>):
    $url

  Settings and editor state are kept in $run_dir (git-ignored).
  The server's log: $server_log
  Press Ctrl+C to stop.

EOF
wait "$server_pid"
