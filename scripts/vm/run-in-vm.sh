#!/bin/bash
# run-in-vm.sh [options] -- COMMAND [ARG...]
# Runs COMMAND inside a throwaway qemu VM (TCG) on Debian's own kernel, with real drivers loaded
# (vivid, dummy_hcd, libcomposite, usb_f_fs, ch341, cp210x, v4l2loopback when built), configfs
# mounted and systemd-udevd running. The VM sees the host's root read-only (virtio-9p) under a
# tmpfs overlay, so host-built binaries run unchanged; COMMAND starts in the caller's current
# folder with ATTENDANCE_TIER3=1 (and the caller's ATTENDANCE_* variables) set. Exits with
# COMMAND's exit status; 124 when the VM ran out of time, 125 when the VM itself failed.
#
# Options:
#   --timeout S   kill the VM after S seconds (default 600)
#   --log FILE    also write the VM's console (COMMAND's output) to FILE; dmesg goes to FILE.dmesg
#   --rw DIR      make host folder DIR writable inside the VM, at the same path (repeatable)
#   --env K=V     set K=V for COMMAND (repeatable)
#   --mem MB      guest memory (default 2048); --cpus N  guest CPUs (default 2)
#   --quiet       no vm: progress lines on stderr
#   --root DIR    boot DIR (a Debian root, e.g. a package installed by debootstrap) instead of the host's
#                 root, read-only over 9p under the same tmpfs overlay
#   --systemd     PID 1 is the root's own systemd (/lib/systemd/systemd): COMMAND then runs as the
#                 oneshot unit vm-command.service once the boot has reached basic.target, from /
#   --overlay DIR copy DIR's tree over the root before it boots (units, config: writes stay in the VM)
# Boot files are prepared (and cached) by scripts/vm/prepare.sh under .build-vm/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${VM_CACHE:-$repo/.build-vm}

timeout_s=600
log=""
mem=2048
cpus=2
quiet=0
rw_dirs=()
envs=()
root_dir=/
systemd_boot=0
overlay_dir=""
usage() {
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) timeout_s=$2; shift 2 ;;
    --log) log=$2; shift 2 ;;
    --rw) rw_dirs+=("$(cd "$2" && pwd)"); shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    --mem) mem=$2; shift 2 ;;
    --cpus) cpus=$2; shift 2 ;;
    --quiet) quiet=1; shift ;;
    --root) root_dir=$(cd "$2" && pwd); shift 2 ;;
    --systemd) systemd_boot=1; shift ;;
    --overlay) overlay_dir=$(cd "$2" && pwd); shift 2 ;;
    --) shift; break ;;
    -h | --help) usage ;;
    *) echo "run-in-vm.sh: unknown option $1 (COMMAND goes after --)" >&2; usage ;;
  esac
done
[ $# -gt 0 ] || { echo "run-in-vm.sh: no COMMAND (give it after --)" >&2; usage; }
say() { [ "$quiet" = 1 ] || echo "vm: $*" >&2; }

qemu=$(command -v qemu-system-x86_64 || true)
if [ -z "$qemu" ]; then
  echo "run-in-vm.sh: qemu-system-x86_64 is not installed (apt-get install -y --no-install-recommends qemu-system-x86)" >&2
  exit 125
fi
for d in "$PWD" "${rw_dirs[@]}"; do
  case "$d" in
    *[[:space:]]*) echo "run-in-vm.sh: folder '$d' has white space; the VM cannot mount it" >&2; exit 125 ;;
  esac
done

# v4l2loopback (built once per kernel; without gcc/make the VM runs without it and says so).
"$here/build-v4l2loopback.sh" >/dev/null || say "running without v4l2loopback (its build failed)"
vm=$("$here/prepare.sh") || { echo "run-in-vm.sh: preparing the VM's boot files failed" >&2; exit 125; }

mkdir -p "$cache/runs"
# Keep the last 20 runs' folders (console log, dmesg, status) for a look afterwards.
ls -1dt "$cache/runs"/run-* 2>/dev/null | tail -n +20 | xargs -r rm -rf || true
run=$(mktemp -d "$cache/runs/run-$(date +%Y%m%d-%H%M%S)-XXXX")

# The command, quoted for sh, with its environment.
{
  printf 'export ATTENDANCE_TIER3=1 HOME=%q TERM=dumb LANG=C.UTF-8\n' "${HOME:-/root}"
  printf 'export PATH=%q\n' "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
  while IFS='=' read -r k v; do
    printf 'export %s=%q\n' "$k" "$v"
  done < <(env | grep -E '^ATTENDANCE_[A-Za-z0-9_]*=' | grep -v '^ATTENDANCE_TIER3=' || true)
  for kv in "${envs[@]}"; do
    printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
  done
  printf 'exec'
  printf ' %q' "$@"
  printf '\n'
} >"$run/command.sh"
# %q may write bash-only $'...' quoting; the VM runs the script with bash when it has one.
{
  echo "VM_STAGE2=$here/stage2.sh"
  echo "VM_CWD=$PWD"
  echo "VM_RW_DIRS='${rw_dirs[*]}'"
  echo "VM_TRACE='${VM_TRACE:-}'"
  echo "VM_SYSTEMD=$systemd_boot"
  loop=$(ls "$vm/extra/usr/lib/modules/"*/updates/v4l2loopback.ko 2>/dev/null || true)
  if [ -n "$loop" ]; then
    echo "VM_V4L2LOOPBACK='devices=1 exclusive_caps=1 video_nr=10 card_label=attendance-loopback'"
  fi
} >"$run/run.conf"
if [ -n "$overlay_dir" ]; then
  cp -a "$overlay_dir" "$run/overlay"
fi

append="console=ttyS0 panic=-1 quiet"
[ "$systemd_boot" = 1 ] && append="$append systemd.show_status=0 systemd.log_level=warning"
args=(
  -accel "${VM_ACCEL:-tcg,thread=multi}" -cpu max -m "$mem" -smp "$cpus"
  -nodefaults -no-user-config -display none -serial stdio -no-reboot
  -kernel "$vm/vmlinux" -initrd "$vm/initrd.cpio"
  -append "$append"
  -virtfs "local,path=$root_dir,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap,id=hostroot"
  -virtfs "local,path=$vm/extra,mount_tag=extra,security_model=none,readonly=on,id=extra"
  -virtfs "local,path=$run,mount_tag=vmio,security_model=none,id=vmio"
)
i=0
for d in "${rw_dirs[@]}"; do
  args+=(-virtfs "local,path=$d,mount_tag=rw$i,security_model=none,multidevs=remap,id=rw$i")
  i=$((i + 1))
done

say "booting $(cat "$vm/versions") (timeout ${timeout_s} s; run folder $run)"
start=$(date +%s.%N)
set +e
timeout --kill-after=5 "$timeout_s" "$qemu" "${args[@]}" </dev/null 2>"$run/qemu.stderr" | tee "$run/console.log" |
  sed -u '/^\[ *[0-9.]*\] reboot: Power down/d'
codes=("${PIPESTATUS[@]}")
set -e
end=$(date +%s.%N)
qemu_status=${codes[0]}
[ -n "$log" ] && cp "$run/console.log" "$log" && { [ -f "$run/dmesg.log" ] && cp "$run/dmesg.log" "$log.dmesg" || true; }

if [ "$qemu_status" = 124 ] || [ "$qemu_status" = 137 ]; then
  echo "run-in-vm.sh: the VM was still running after ${timeout_s} s and was killed (log: $run/console.log)" >&2
  exit 124
fi
if [ ! -f "$run/status" ]; then
  echo "run-in-vm.sh: the VM stopped without a status (qemu exit $qemu_status; log: $run/console.log)" >&2
  sed 's/^/qemu: /' "$run/qemu.stderr" >&2
  exit 125
fi
status=$(cat "$run/status")
if [ "$quiet" != 1 ] && [ -f "$run/times" ]; then
  read -r t_start t_cmd t_end <"$run/times"
  awk -v s="$start" -v e="$end" -v a="$t_start" -v b="$t_cmd" -v c="$t_end" -v st="$status" 'BEGIN {
    printf "vm: boot %.1f s (kernel up %.1f s, drivers + udev %.1f s), command %.1f s, VM total %.1f s; exit %s\n",
      b, a, b - a, c - b, e - s, st }' >&2 || true
fi
exit "$status"
