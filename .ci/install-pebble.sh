#!/bin/sh
# Installs what the ACME certificate tests need on a Debian CI runner: pebble (the ACME test CA) and
# pebble-challtestsrv (its DNS server), both from Debian's `pebble` package. The tests start both on loopback
# themselves, with state in a temp dir. Idempotent: nothing is installed when both are present.
set -eu

if ! command -v pebble >/dev/null 2>&1 || ! command -v pebble-challtestsrv >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends pebble
fi

command -v pebble
command -v pebble-challtestsrv
