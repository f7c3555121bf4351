#!/usr/bin/env bash
# Prints the path of a Chromium for the browser tests and screenshots, installing Debian's
# `chromium` package first when none is found and this is Debian or Ubuntu run as root (CI on a
# fresh machine). Elsewhere it fails saying what to install. A Chrome on PATH does too;
# CHROMIUM=<path> picks a binary. Playwright's own browser downloads are never used.
set -euo pipefail

find_chromium() {
  if [ -n "${CHROMIUM:-}" ]; then
    [ -x "$CHROMIUM" ] && { echo "$CHROMIUM"; return 0; }
    echo "CHROMIUM=$CHROMIUM is not an executable file" >&2
    exit 1
  fi
  for name in chromium chromium-browser google-chrome-stable google-chrome; do
    local found
    found=$(command -v "$name" 2>/dev/null) || continue
    # Ubuntu's chromium-browser can be a stub that only points at the snap: skip it if it cannot run.
    if "$found" --version >/dev/null 2>&1; then echo "$found"; return 0; fi
  done
  return 1
}

if find_chromium; then exit 0; fi

os_id=""
if [ -r /etc/os-release ]; then
  os_id=$(. /etc/os-release && echo "${ID:-} ${ID_LIKE:-}")
fi
case " $os_id " in
  *" debian "* | *" ubuntu "*) debian_like=1 ;;
  *) debian_like=0 ;;
esac

if [ "$debian_like" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "No Chromium found: installing Debian's chromium package (apt-get, once per machine)..." >&2
  started=$(date +%s)
  # One installer at a time: a UI run and a screenshot may start together on a fresh machine.
  exec 9>/tmp/n8n-nodes-dialpad-chromium.lock
  command -v flock >/dev/null 2>&1 && flock 9
  if ! find_chromium >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
  fi
  echo "chromium installed in $(( $(date +%s) - started )) s" >&2
  find_chromium && exit 0
  echo "apt-get install chromium finished, but no chromium binary is on PATH" >&2
  exit 1
fi

cat >&2 <<'MSG'
The browser tests need Chromium, and none was found on PATH (chromium, chromium-browser or google-chrome).
Install it, then run the tests again:
  Debian / Ubuntu (as root):  apt-get update && apt-get install -y chromium
  Fedora:                     dnf install chromium
  Arch:                       pacman -S chromium
  macOS:                      brew install --cask chromium
or point CHROMIUM at a Chromium or Chrome binary: CHROMIUM=/path/to/chrome npm run test:ui
MSG
exit 1
