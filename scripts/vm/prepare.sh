#!/bin/bash
# prepare.sh: everything the tier-3 VM boots from, cached under .build-vm/ (or $VM_CACHE).
#   - the kernel package linux-image-amd64 depends on today, busybox-static, udev with the
#     libudev1/libsystemd-shared of its own version, and kmod: `apt-get download` + `dpkg -x`
#     (scripts/vm/fetch-deb.sh; fetched again only when a version changes; nothing is installed);
#   - vmlinux, the uncompressed kernel (PVH boot);
#   - extra/: a read-only tree laid over the host root inside the VM (kernel modules with their
#     depmod indexes, udev, kmod, and v4l2loopback.ko when scripts/vm/build-v4l2loopback.sh built it);
#   - initrd.cpio: busybox and the modules that mount the host root over 9p (initramfs-init.sh).
# Prints the folder that holds them (.build-vm/vm-KEY, KEY from the versions and these scripts).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${VM_CACHE:-$repo/.build-vm}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
say() { echo "vm: $*" >&2; }

exec 9>"$cache/.prepare.lock"
flock 9

# The kernel: the package linux-image-amd64 depends on (remembered for offline runs).
kpkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
if [ -n "$kpkg" ]; then
  echo "$kpkg" >"$cache/kernel-package"
elif [ -f "$cache/kernel-package" ]; then
  kpkg=$(cat "$cache/kernel-package")
  say "apt-cache does not name linux-image-amd64's kernel; using the cached $kpkg"
else
  say "apt-cache does not know linux-image-amd64 (run apt-get update) and nothing is cached"
  exit 1
fi
kver=${kpkg#linux-image-}
fetch() { "$here/fetch-deb.sh" "$cache" "$@" 2> >(grep -v 'unsandboxed as root' >&2); }
kdir=$(fetch "$kpkg")
bbdir=$(fetch busybox-static)
kmoddir=$(fetch kmod)
udev_version=$(apt-cache policy udev 2>/dev/null | sed -n 's/^ *Candidate: //p')
[ "$udev_version" = "(none)" ] && udev_version=""
udevdirs=""
for p in udev libudev1 libsystemd-shared; do
  udevdirs="$udevdirs $(fetch "$p" $udev_version)"
done
loopdir=""
if [ -f "$cache/v4l2loopback-$kver/v4l2loopback.ko" ]; then
  loopdir="$cache/v4l2loopback-$kver"
fi

key=$(
  {
    echo "$kdir $bbdir $kmoddir $udevdirs $loopdir"
    [ -n "$loopdir" ] && cat "$loopdir/v4l2loopback.ko"
    cat "$here/prepare.sh" "$here/initramfs-init.sh" "$here/extract-vmlinux.py"
  } | sha256sum | cut -c1-16
)
vm="$cache/vm-$key"
# Boot files of other versions that no run has used for 30 minutes (longer than any VM may run) go.
find "$cache" -maxdepth 2 -path "$cache/vm-*/.last-used" -mmin +30 2>/dev/null | while read -r used; do
  [ "$(dirname "$used")" = "$vm" ] || rm -rf "$(dirname "$used")"
done
if [ -f "$vm/.ready" ]; then
  touch "$vm/.last-used"
  echo "$vm"
  exit 0
fi
say "building the VM's boot files in $vm (kernel $kver)"
rm -rf "$vm"
mkdir -p "$vm/tools"

# extra/: merged-/usr like the host (a real /lib or /bin folder in a layer above the host's
# symlinks would hide the host's ones), hard links into the unpacked packages.
extra="$vm/extra"
mkdir -p "$extra/usr/lib/modules"
for d in $kmoddir $udevdirs; do
  for top in bin sbin lib lib64; do
    if [ -d "$d/$top" ]; then
      mkdir -p "$extra/usr/$top"
      cp -al "$d/$top/." "$extra/usr/$top/"
    fi
  done
  [ -d "$d/usr" ] && cp -al "$d/usr/." "$extra/usr/"
  [ -d "$d/etc" ] && mkdir -p "$extra/etc" && cp -al "$d/etc/." "$extra/etc/"
done
mkdir -p "$extra/usr/lib/attendance-vm"
cp "$bbdir/bin/busybox" "$extra/usr/lib/attendance-vm/busybox"
rm -rf "$extra/usr/share/doc" "$extra/usr/share/man" "$extra/etc/init.d"
cp -al "$kdir/lib/modules/$kver" "$extra/usr/lib/modules/"
if [ -n "$loopdir" ]; then
  mkdir -p "$extra/usr/lib/modules/$kver/updates"
  cp "$loopdir/v4l2loopback.ko" "$extra/usr/lib/modules/$kver/updates/"
fi
ln -s "$kmoddir/bin/kmod" "$vm/tools/depmod"
"$vm/tools/depmod" -b "$extra/usr" "$kver"

python3 "$here/extract-vmlinux.py" "$kdir/boot/vmlinuz-$kver" "$vm/vmlinux"

# initrd: busybox, /init, and the modules (with their dependencies) that mount 9p and overlayfs.
init="$vm/initrd"
mkdir -p "$init/bin" "$init/lib/modules/$kver" "$init/proc" "$init/sys" "$init/dev"
cp "$bbdir/bin/busybox" "$init/bin/busybox"
cp "$here/initramfs-init.sh" "$init/init"
chmod 755 "$init/init"
moddir="$extra/usr/lib/modules/$kver"
python3 - "$moddir" "$init/lib/modules/$kver" virtio_pci 9pnet_virtio 9p overlay <<'EOF'
import os, shutil, sys
src, dst, wanted = sys.argv[1], sys.argv[2], sys.argv[3:]
deps = {}
for line in open(os.path.join(src, "modules.dep")):
    path, _, rest = line.partition(":")
    deps[path] = rest.split()
by_name = {os.path.basename(p)[:-3].replace("-", "_"): p for p in deps}
need, todo = set(), [by_name[w] for w in wanted]
while todo:
    p = todo.pop()
    if p not in need:
        need.add(p)
        todo.extend(deps[p])
with open(os.path.join(dst, "modules.dep"), "w") as out:
    for p in sorted(need):
        os.makedirs(os.path.join(dst, os.path.dirname(p)), exist_ok=True)
        shutil.copy(os.path.join(src, p), os.path.join(dst, p))
        out.write(f"{p}: {' '.join(deps[p])}\n")
EOF
(cd "$init" && find . | "$bbdir/bin/busybox" cpio -o -H newc 2>/dev/null) >"$vm/initrd.cpio"
echo "kernel=$kver package=$(basename "$kdir") busybox=$(basename "$bbdir") kmod=$(basename "$kmoddir") udev=$(basename $(echo $udevdirs | cut -d" " -f1))${loopdir:+ v4l2loopback}" >"$vm/versions"
touch "$vm/.ready" "$vm/.last-used"
say "VM boot files ready: $(cat "$vm/versions")"
echo "$vm"
