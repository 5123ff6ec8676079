#!/usr/bin/env bash
# Test-only system packages: Debian's Chromium for the browser test of the data-quality report, and
# LibreOffice Writer (headless) to read .doc/.wps reports and to make Word renderings of the real
# reports in tests. Installed when missing and we are root (CI, fresh machines); otherwise the tests
# that need them skip and say why.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian ${missing[*]} for the tests (one time)…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "${missing[*]} not found and cannot install (not root): the tests that need them will be skipped." >&2
fi
