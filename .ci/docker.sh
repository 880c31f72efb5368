#!/bin/sh
# Installs what the Docker driver tests need on a Debian CI runner: the engine (docker.io, started on demand by
# the test kit), a static busybox to build test images without a registry, and python3 (its zipfile module makes
# zip fixtures). Idempotent: packages already present are not reinstalled.
set -eu
. "$(dirname "$0")/apt-install.sh"

missing=""
command -v dockerd >/dev/null 2>&1 || missing="$missing docker.io"
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' || missing="$missing busybox-static"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
command -v tar >/dev/null 2>&1 || missing="$missing tar"

# shellcheck disable=SC2086
apt_install $missing

dockerd --version
/bin/busybox 2>/dev/null | head -n 1
