#!/bin/sh
# Installs what the ACME certificate tests need on a Debian CI runner: pebble (the ACME test CA) and
# pebble-challtestsrv (its DNS server), both from Debian's `pebble` package. The tests start both on loopback
# themselves, with state in a temp dir. Idempotent: nothing is installed when both are present.
set -eu
. "$(dirname "$0")/apt-install.sh"

if ! command -v pebble >/dev/null 2>&1 || ! command -v pebble-challtestsrv >/dev/null 2>&1; then
  apt_install pebble
fi

command -v pebble
command -v pebble-challtestsrv
