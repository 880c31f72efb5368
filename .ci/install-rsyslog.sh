#!/bin/sh
# Installs what the log drain tests need on a Debian CI runner: rsyslog with its OpenSSL stream driver (the real
# syslog receiver the drain contract starts on loopback, unprivileged) and the openssl CLI (makes the receivers'
# throwaway certificates). Idempotent: packages already present are not reinstalled; no daemon is started here.
set -eu
. "$(dirname "$0")/apt-install.sh"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=""
installed rsyslog || missing="$missing rsyslog"
installed rsyslog-openssl || missing="$missing rsyslog-openssl"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"

# shellcheck disable=SC2086
apt_install $missing

rsyslogd -v | head -n 1
