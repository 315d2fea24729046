#!/bin/bash
# build-v4l2loopback.sh: v4l2loopback.ko for the tier-3 VM's kernel, built out of tree on the host
# from Debian's v4l2loopback-dkms source against that kernel's headers packages (apt-get download +
# dpkg -x: nothing is installed, no DKMS). Needs gcc and make. The module lands in
# .build-vm/v4l2loopback-KVER/ and is rebuilt only when a package version changes; prepare.sh puts
# it into the VM's module tree (updates/), and stage2.sh loads it (/dev/video10, see run-in-vm.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${VM_CACHE:-$repo/.build-vm}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
say() { echo "vm: $*" >&2; }
fetch() { "$here/fetch-deb.sh" "$cache" "$@" 2> >(grep -v 'unsandboxed as root' >&2); }

for tool in gcc make; do
  command -v "$tool" >/dev/null || { say "v4l2loopback: $tool is missing (apt-get install -y gcc make)"; exit 1; }
done
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
[ -n "$kpkg" ] || kpkg=$(cat "$cache/kernel-package")
kver=${kpkg#linux-image-}
kversion=$(apt-cache policy "$kpkg" 2>/dev/null | sed -n 's/^ *Candidate: //p')
kbuild=linux-kbuild-$(echo "$kver" | cut -d. -f1,2)

dirs=""
for p in "linux-headers-$kver" "linux-headers-${kver%-*}-common" "$kbuild"; do
  dirs="$dirs $(fetch "$p" "$kversion")"
done
src_pkg=$(fetch v4l2loopback-dkms)
out="$cache/v4l2loopback-$kver"
stamp="$dirs $src_pkg"
if [ -f "$out/v4l2loopback.ko" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "$out/v4l2loopback.ko"
  exit 0
fi

say "v4l2loopback: building $(basename "$src_pkg") against $kver"
tree="$out/tree"
rm -rf "$out"
mkdir -p "$tree"
for d in $dirs $src_pkg; do
  cp -a "$d/." "$tree/"
done
headers="$tree/usr/src/linux-headers-$kver"
# The arch headers' Makefile includes the common tree by its installed path: point it here.
sed -i "s|^include /usr/src/|include $tree/usr/src/|" "$headers/Makefile"
# The kbuild tools (fixdep, modpost, ...) are symlinks to /usr/lib/linux-kbuild-X.Y: point them here.
for link in $(find "$tree/usr/src" -type l); do
  target=$(readlink "$link")
  case "$target" in
    /usr/lib/linux-kbuild-*) ln -sfn "$tree$target" "$link" ;;
  esac
done
src=$(ls -d "$tree"/usr/src/v4l2loopback-* | head -n 1)
make -s -C "$headers" M="$src" modules >"$out/build.log" 2>&1 || {
  tail -n 30 "$out/build.log" >&2
  say "v4l2loopback: the build failed (log: $out/build.log)"
  exit 1
}
cp "$src/v4l2loopback.ko" "$out/v4l2loopback.ko"
echo "$stamp" >"$out/stamp"
rm -rf "$tree"
say "v4l2loopback: built $out/v4l2loopback.ko"
echo "$out/v4l2loopback.ko"
