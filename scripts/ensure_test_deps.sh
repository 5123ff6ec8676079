#!/usr/bin/env bash
# Test-only system packages, installed when missing and we are root (CI, fresh machines); otherwise the
# tests that need them skip and say why:
# - Debian's Chromium: the browser test of the data-quality report, and printing synthetic reports to PDF;
# - poppler-utils (pdftoppm) and fonts-wqy-zenhei (a Chinese font): rasterising those PDFs into the
#   synthetic scans the OCR tests read (tests/read/test_ocr_*.py).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing+=(fonts-wqy-zenhei)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian ${missing[*]} for the tests (one time)…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "${missing[*]} not found and cannot install (not root): the tests that need them will be skipped." >&2
fi
