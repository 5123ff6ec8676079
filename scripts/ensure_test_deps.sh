#!/usr/bin/env bash
# Test-only system packages, installed when missing and we are root (CI, fresh machines):
#  - chromium: the browser test of the data-quality report, and the PDF renderings of the synthetic
#    corpus (xxgk.synth.chromium);
#  - fonts-wqy-zenhei: a Chinese font, so printed and exported PDFs carry the report's characters;
#  - libreoffice-writer-nogui: the PDF / .doc exports of the synthetic Word renderings (xxgk.synth.office);
#  - poppler-utils: pdftotext, the speed reference of the PDF benchmark.
# Otherwise the tests that need them skip and say why.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi zen hei" || missing+=(fonts-wqy-zenhei)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian ${missing[*]} for the browser and document tests (one time)…"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "${missing[*]} not found and cannot install (not root): the tests that need them will be skipped." >&2
fi
