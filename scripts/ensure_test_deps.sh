#!/usr/bin/env bash
# Test-only system packages: Debian's Chromium for the browser test of the data-quality report.
# Installed when missing and we are root (CI, fresh machines); otherwise the browser test skips
# and says why.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian chromium for the browser test (one time)…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "chromium not found and cannot install it (not root): the browser test will be skipped." >&2
fi
