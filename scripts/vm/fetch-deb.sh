#!/bin/sh
# fetch-deb.sh CACHE PACKAGE [VERSION]
# Downloads one Debian package with `apt-get download` (nothing is installed) into CACHE/debs and
# unpacks it with `dpkg -x` into CACHE/pkg/PACKAGE_VERSION. Both are kept: the package is fetched
# again only when apt's candidate version (or the VERSION asked for) changes. Prints the unpacked
# folder on stdout; progress goes to stderr.
set -eu
cache=$1
pkg=$2
version=${3:-}

say() { echo "vm: $*" >&2; }

if [ -z "$version" ]; then
  version=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p')
  if [ -z "$version" ] || [ "$version" = "(none)" ]; then
    # Offline or an unknown package: use the newest one already unpacked, if any.
    last=$(ls -d "$cache/pkg/${pkg}_"* 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$last" ] && [ -f "$last/.unpacked" ]; then
      say "$pkg: apt knows no candidate version; using the cached $(basename "$last")"
      echo "$last"
      exit 0
    fi
    say "$pkg: apt knows no candidate version (run apt-get update?) and nothing is cached in $cache"
    exit 1
  fi
fi

# Debian writes an epoch as %3a in the file name; the folder uses the version without it.
plain=${version#*:}
dir="$cache/pkg/${pkg}_${plain}"
if [ -f "$dir/.unpacked" ]; then
  echo "$dir"
  exit 0
fi

mkdir -p "$cache/debs"
deb=$(ls "$cache/debs/${pkg}_"*"${plain}_"*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
  say "$pkg $version: apt-get download"
  (cd "$cache/debs" && apt-get download -q "$pkg=$version" >&2) || {
    say "$pkg $version: apt-get download failed"
    exit 1
  }
  deb=$(ls "$cache/debs/${pkg}_"*"${plain}_"*.deb | head -n 1)
fi
rm -rf "$dir.tmp"
mkdir -p "$dir.tmp"
dpkg -x "$deb" "$dir.tmp"
touch "$dir.tmp/.unpacked"
rm -rf "$dir"
mv "$dir.tmp" "$dir"
say "$pkg $version: unpacked into $dir"
echo "$dir"
