#!/bin/bash
# test-service-vm.sh ROOT [REPORT]: boots ROOT (a Debian root with the attendance-terminal package
# installed, made by test-install.sh) in the tier-3 qemu VM with its own systemd as PID 1, and runs
# service-check.sh there: attendanced.service starts and reports READY, the watchdog restarts it after
# SIGSTOP, `systemctl stop` ends it cleanly. The root itself is not changed (a tmpfs overlay takes the
# writes). The daemon runs for real: the store in /var/lib/attendanced, the face models, no sensors,
# and a cloud endpoint nobody answers on (it keeps reconnecting; READY and the watchdog do not wait for
# the cloud). Figures ("service-check: figure NAME VALUE") go to REPORT as JSON when given.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
root=${1:?usage: test-service-vm.sh ROOT [REPORT]}
report=${2:-}
say() { echo "==> test-deb: $*"; }

reason=$("$repo/scripts/vm/can-run.sh") || { say "skipping the systemd boot: $reason"; exit 0; }
[ -x "$root/usr/bin/attendanced" ] || { echo "test-service-vm.sh: $root has no /usr/bin/attendanced" >&2; exit 1; }
[ -x "$root/lib/systemd/systemd" ] || { echo "test-service-vm.sh: $root has no systemd (/lib/systemd/systemd)" >&2; exit 1; }
gid=$(awk -F: '$1 == "attendance" { print $3 }' "$root/etc/group")
[ -n "$gid" ] || { echo "test-service-vm.sh: no group attendance in $root/etc/group (did postinst run?)" >&2; exit 1; }

overlay=$(mktemp -d)
trap 'rm -rf "$overlay"' EXIT
# The operator's steps: fill in the config (the serial number; the secret as a systemd credential) and
# enable the service. The drop-in shortens the watchdog so that the SIGSTOP check takes seconds.
chmod 0755 "$overlay"
install -d -m 0755 "$overlay/etc/attendanced" "$overlay/etc/systemd/system/attendanced.service.d" \
  "$overlay/usr/local/sbin"
cat >"$overlay/etc/attendanced/attendanced.json" <<'JSON'
{
  "cloud": {"sn": "VM-SERVICE-1", "endpoint": "ws://127.0.0.1:9/"},
  "store": {"path": "/var/lib/attendanced/terminal.sqlite"},
  "fingerprint": {"link": "none"},
  "camera": {"device": "none"},
  "face": {"models": "/usr/share/attendanced/models"}
}
JSON
chown "0:$gid" "$overlay/etc/attendanced/attendanced.json"
chmod 0640 "$overlay/etc/attendanced/attendanced.json"
# As the README says: the SecretNo in /etc/credstore/device-secret, found by the unit's LoadCredential=device-secret.
install -d -m 0700 "$overlay/etc/credstore"
printf 'vm-service-secret\n' >"$overlay/etc/credstore/device-secret"
chmod 0600 "$overlay/etc/credstore/device-secret"
cat >"$overlay/etc/systemd/system/attendanced.service.d/vm-test.conf" <<'CONF'
[Service]
WatchdogSec=6s
CONF
install -m 0755 "$here/service-check.sh" "$overlay/usr/local/sbin/attendance-service-check"

say "booting the installed root with systemd as PID 1 in the tier-3 VM (scripts/vm/run-in-vm.sh --root --systemd)"
log=$(mktemp)
status=0
"$repo/scripts/vm/run-in-vm.sh" --timeout "${VM_TIMEOUT:-300}" --root "$root" --systemd --overlay "$overlay" \
  --log "$log" -- /usr/local/sbin/attendance-service-check || status=$?
if [ -n "$report" ]; then
  python3 - "$log" "$report" <<'PY'
import json, re, sys
figures = {}
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"service-check: figure (\S+) (\S+)", line.strip())
    if m:
        figures[m.group(1)] = float(m.group(2))
json.dump(figures, open(sys.argv[2], "w"), indent=2)
PY
fi
rm -f "$log"
[ "$status" = 0 ] || { say "the service check in the VM failed (exit $status)"; exit 1; }
say "systemd in the VM: READY, watchdog restart after SIGSTOP, clean stop: passed"
