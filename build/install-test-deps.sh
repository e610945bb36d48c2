#!/usr/bin/env bash
# Installs, from Debian's packages and only when missing, what the test suite
# drives for real: an Xvfb + D-Bus + dunst desktop session (the desktop
# notification tests send through notify-send) and Chromium with DejaVu fonts
# (the dashboard's end-to-end tests, test/helpers/browser.ts). Used by the
# README's test command and by .ci/run. Needs root or sudo; says what to install
# otherwise.
set -euo pipefail

packages=""
for bin in Xvfb dbus-daemon dbus-send dunst notify-send; do
  command -v "$bin" >/dev/null || { packages="xvfb dunst libnotify-bin dbus-x11"; break; }
done
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/dejavu ]; then
  packages="$packages chromium fonts-dejavu-core"
fi
[ -z "$packages" ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "the tests need these Debian packages: $packages (run: apt-get install -y --no-install-recommends $packages)" >&2
    exit 1
  fi
  sudo="sudo"
fi
echo "installing the test suite's Debian packages:$packages"
$sudo apt-get update
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages
