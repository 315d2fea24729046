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
load() {
  if ! modprobe "$@"; then
    echo "vm: modprobe $* failed"
    finish 125
  fi
}

[ -d /sys/kernel/config ] || load configfs
mount -t configfs configfs /sys/kernel/config
# vivid: one instance, one video-capture node, one input of type webcam (discrete sizes and frame
# rates, like a UVC camera). KernelTests reload it with the same parameters (VM_VIVID_OPTIONS).
export VM_VIVID_OPTIONS="n_devs=1 node_types=0x1 num_inputs=1 input_types=0x0"
load vivid $VM_VIVID_OPTIONS
load dummy_hcd num=2
load libcomposite
load usb_f_fs
load ch341
load cp210x
if [ -n "${VM_V4L2LOOPBACK:-}" ]; then
  load v4l2loopback $VM_V4L2LOOPBACK
fi

t_mod=$(cut -d' ' -f1 /proc/uptime)
# udev: device nodes with their rules, and the uevents libusb's hotplug listens for.
udevd=/usr/lib/systemd/systemd-udevd
if [ -x "$udevd" ]; then
  "$udevd" --daemon || echo "vm: systemd-udevd did not start"
  # Coldplug only what the tests use (every device would load dozens of unrelated modules).
  udevadm trigger --action=add --type=devices --subsystem-match=video4linux --subsystem-match=media \
    --subsystem-match=usb --subsystem-match=udc --subsystem-match=tty --subsystem-match=usb-serial
  udevadm settle --timeout=30 || echo "vm: udevadm settle timed out"
else
  echo "vm: no $udevd in the VM's tree"
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
