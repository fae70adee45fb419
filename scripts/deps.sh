#!/bin/sh
# deps.sh — install the Debian packages pydbg needs to build and test, if any
# are missing.  Uses sudo when not run as root.  Idempotent: does nothing when
# everything is already installed.
set -e
PKGS="build-essential clang autoconf automake pkg-config check libgmp-dev libpcre2-dev \
libreadline-dev libncurses-dev tmux zlib1g-dev libssl-dev libb2-dev tzdata"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
