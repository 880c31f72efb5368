# Sourced by the .ci installers (not run on its own, hence no install- prefix): `apt_install PKG...` installs
# Debian packages without prompts, through sudo unless already root. Does nothing when given no package.
apt_install() {
  [ "$#" -gt 0 ] || return 0
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "$@"
}
