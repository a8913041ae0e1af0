#!/usr/bin/env bash
# Headless Chromium for the browser tests (tests/browser, marker `browser`), from Debian's
# packages. Playwright drives it through executable_path: we never run `playwright install`
# (it downloads a browser build of its own, which a machine without internet cannot do).
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version
