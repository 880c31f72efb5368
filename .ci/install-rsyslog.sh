#!/bin/sh
# Installs what the log drain tests need on a Debian CI runner: rsyslog with its OpenSSL stream driver (the real
# syslog receiver the drain contract starts on loopback, unprivileged) and the openssl CLI (makes the receivers'
# throwaway certificates). Idempotent: packages already present are not reinstalled; no daemon is started here.
set -eu

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=""
installed rsyslog || missing="$missing rsyslog"
installed rsyslog-openssl || missing="$missing rsyslog-openssl"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"

if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

rsyslogd -v | head -n 1
