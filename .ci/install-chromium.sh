#!/usr/bin/env bash
# Installs Debian's Chromium for Playwright (which must never download its own browsers); a no-op when present.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

# sudo only when not already root (CI containers run as root).
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# Recommends (upower, udev, mesa, printing) are not needed headless; its recommended fonts are, for stable text layout.
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
