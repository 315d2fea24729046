#!/bin/sh
# Stage 2 of the tier-3 VM, run by the initramfs as PID 1 of the new root (the host's root, read-only over
# 9p, under a tmpfs overlay). Loads the drivers the tests use, starts systemd-udevd, then runs the
# caller's command (/run/vmio/command.sh, written by run-in-vm.sh) and leaves its exit status in
# /run/vmio/status and on the console as VM-EXIT-STATUS=N.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
. /run/vmio/run.conf
io=/run/vmio

t0=$(cut -d' ' -f1 /proc/uptime)
t1=$t0
finish() {
  echo "$t0 $t1 $(cut -d' ' -f1 /proc/uptime)" >"$io/times"
  echo "$1" >"$io/status"
  dmesg >"$io/dmesg.log" 2>/dev/null
  echo "VM-EXIT-STATUS=$1"
  sync
  # PID 1 here: power the VM off (qemu then exits), the status is on the vmio share.
  /usr/lib/attendance-vm/busybox poweroff -f
  exit "$1"
}
up() { cut -d' ' -f1 /proc/uptime; }
load() {
  [ -n "${VM_TRACE:-}" ] && echo "vm: $(up) s modprobe $1"
  if ! modprobe "$@"; then
    echo "vm: modprobe $* failed"
    finish 125
  fi
}

[ -d /sys/kernel/config ] || load configfs
mount -t configfs configfs /sys/kernel/config

# udev first: it then sees every driver's devices appear (the uevents libusb's hotplug listens for).
udevd=/usr/lib/systemd/systemd-udevd
if [ -x "$udevd" ]; then
  "$udevd" --daemon 2>"$io/udevd.log" || { cat "$io/udevd.log"; echo "vm: systemd-udevd did not start"; }
  # Listening before the drivers load, so that no uevent goes by unseen.
  udevadm control --ping --timeout=10 || echo "vm: systemd-udevd does not answer"
else
  echo "vm: no $udevd in the VM's tree"
fi

# The drivers, four groups loaded side by side (each modprobe spends most of its time reading over 9p).
# vivid: one instance, one video-capture node, one input of type webcam (discrete sizes and frame
# rates, like a UVC camera). KernelTests reload it with the same parameters (VM_VIVID_OPTIONS).
export VM_VIVID_OPTIONS="n_devs=1 node_types=0x1 num_inputs=1 input_types=0x0"
rm -f "$io/modprobe-failed"
group() {
  for spec in "$@"; do
    # shellcheck disable=SC2086
    if [ -n "${VM_TRACE:-}" ]; then echo "vm: $(up) s modprobe $spec"; fi
    modprobe $spec || echo "modprobe $spec failed" >>"$io/modprobe-failed"
  done
}
group "vivid $VM_VIVID_OPTIONS" &
group "dummy_hcd num=2" libcomposite usb_f_fs &
group ch341 cp210x &
if [ -n "${VM_V4L2LOOPBACK:-}" ]; then group "v4l2loopback $VM_V4L2LOOPBACK" & fi
wait
if [ -f "$io/modprobe-failed" ]; then
  sed 's/^/vm: /' "$io/modprobe-failed"
  finish 125
fi
t_mod=$(up)

if [ -x "$udevd" ]; then
  # Coldplug only what the tests use (every device would load dozens of unrelated modules).
  udevadm trigger --action=add --type=devices --subsystem-match=video4linux --subsystem-match=media \
    --subsystem-match=usb --subsystem-match=udc --subsystem-match=tty --subsystem-match=usb-serial
  udevadm settle --timeout=30 || echo "vm: udevadm settle timed out"
fi
t1=$(cut -d' ' -f1 /proc/uptime)
[ -n "${VM_TRACE:-}" ] && echo "vm: drivers loaded at $t_mod s"
echo "vm: kernel $(uname -r), up in ${t1} s (drivers and udev ${t0} -> ${t1} s); running in $VM_CWD"

cd "$VM_CWD" || {
  echo "vm: cannot cd to $VM_CWD"
  finish 125
}
shell=sh
[ -x /bin/bash ] && shell=/bin/bash
"$shell" "$io/command.sh" </dev/null
finish $?
