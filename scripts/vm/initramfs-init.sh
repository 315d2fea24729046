#!/bin/busybox sh
# /init of the tier-3 VM's initramfs (built by scripts/vm/prepare.sh). Loads what it takes to mount
# the host's root over virtio-9p, lays a tmpfs overlay on it (with the VM's extra tree of kernel
# modules, udev and kmod as a second read-only layer), and switches root into it to run stage 2 (the
# stage2 path and the run's settings come from run.conf on the run's writable "vmio" share).
/bin/busybox --install -s /bin
export PATH=/bin

fail() {
  echo "vm-init: $*"
  echo "VM-EXIT-STATUS=125"
  poweroff -f
  sleep 5
  reboot -f
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# Command output goes to the serial console: no CR added to each line.
stty -F /dev/console -opost 2>/dev/null
# Kernel messages stay in dmesg (saved with the log), not among the command's output.
echo 1 >/proc/sys/kernel/printk

# Loopback up: servers on 127.0.0.1, and Foundation (CFSocket's wake-up sockets, which Process needs
# to see a child's exit) depend on it.
ip link set lo up || echo "vm-init: cannot bring lo up"

for m in virtio_pci 9pnet_virtio 9p overlay; do
  modprobe "$m" || fail "modprobe $m failed"
done

mkdir -p /vmio /host /extra /ovl /newroot
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 vmio /vmio || fail "cannot mount the vmio share"
. /vmio/run.conf || fail "no run.conf on the vmio share"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose,ro hostroot /host ||
  fail "cannot mount the host root (9p tag hostroot)"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000,cache=loose,ro extra /extra ||
  fail "cannot mount the VM's extra tree (9p tag extra)"
mount -t tmpfs -o mode=0755 tmpfs /ovl
mkdir -p /ovl/upper /ovl/work
mount -t overlay overlay -o lowerdir=/extra:/host,upperdir=/ovl/upper,workdir=/ovl/work /newroot ||
  fail "cannot mount the overlay on the host root"

# /run is the VM's own (udev); /tmp stays the host's, seen through the overlay (writes stay in the VM).
mkdir -p /newroot/run
mount -t tmpfs -o mode=0755 tmpfs /newroot/run
mkdir -p /newroot/run/vmio
mount --move /vmio /newroot/run/vmio
mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
mount --move /dev /newroot/dev
mkdir -p /newroot/dev/pts /newroot/dev/shm
mount -t devpts -o mode=0620,ptmxmode=0666 devpts /newroot/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /newroot/dev/shm
# Writable host folders (run-in-vm.sh --rw DIR): 9p tags rw0, rw1, ... at the same paths.
i=0
for dir in $VM_RW_DIRS; do
  mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 "rw$i" "/newroot$dir" || fail "cannot mount $dir writable"
  i=$((i + 1))
done

if [ "${VM_SYSTEMD:-0}" = 1 ]; then
  # The root's own systemd is PID 1 (run-in-vm.sh --systemd): the caller's tree over it, then the
  # command as a oneshot unit that leaves its status on the vmio share and powers the VM off.
  if [ -d /newroot/run/vmio/overlay ]; then
    # cp -a of "overlay/." also copies the overlay folder's own mode onto / (mktemp's 0700 locks everyone out).
    mode=$(stat -c %a /newroot)
    cp -a /newroot/run/vmio/overlay/. /newroot/
    chmod "$mode" /newroot
  fi
  mkdir -p /newroot/etc/systemd/system/multi-user.target.wants
  cat >/newroot/etc/systemd/system/vm-command.service <<'UNIT'
[Unit]
Description=tier-3 VM command (run-in-vm.sh --systemd)
After=basic.target

[Service]
Type=oneshot
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
ExecStart=/bin/sh -c 'cd / && /bin/sh /run/vmio/command.sh; s=$?; echo "$s" >/run/vmio/status; echo "VM-EXIT-STATUS=$s"; sync'
ExecStartPost=/bin/systemctl --no-block poweroff
UNIT
  ln -sf /etc/systemd/system/vm-command.service /newroot/etc/systemd/system/multi-user.target.wants/vm-command.service
  # No login prompt on the console: a getty's vhangup would cut the command's output off the serial line.
  ln -sf /dev/null /newroot/etc/systemd/system/serial-getty@ttyS0.service
  ln -sf /dev/null /newroot/etc/systemd/system/getty.target
  [ -x /newroot/lib/systemd/systemd ] || fail "the root has no /lib/systemd/systemd"
  exec switch_root /newroot /lib/systemd/systemd
fi

# Stage 2 becomes PID 1 of the new root (udevadm refuses to work in a chroot) and powers off.
exec switch_root /newroot /bin/sh "$VM_STAGE2"
