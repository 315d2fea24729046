#!/bin/sh
# can-run.sh: whether this machine can run the tier-3 VM. Prints nothing and exits 0 when it can;
# otherwise prints the reason on one line and exits 1 (`make test` then skips tier 3 and says why).
if [ -n "${ATTENDANCE_SKIP_TIER3:-}" ]; then
  echo "ATTENDANCE_SKIP_TIER3 is set"
  exit 1
fi
if [ "$(uname -m)" != x86_64 ]; then
  echo "not an x86_64 machine (the VM boots Debian's amd64 kernel; uname -m is $(uname -m))"
  exit 1
fi
if ! command -v apt-get >/dev/null || ! command -v dpkg >/dev/null; then
  echo "no apt-get/dpkg (the VM boots Debian's kernel, busybox and udev packages)"
  exit 1
fi
if ! command -v qemu-system-x86_64 >/dev/null && [ "$(id -u)" != 0 ]; then
  echo "qemu-system-x86_64 is missing; as root: apt-get install -y --no-install-recommends qemu-system-x86"
  exit 1
fi
exit 0
