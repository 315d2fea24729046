#!/bin/sh
# Runs inside the tier-3 VM (make test-vm): the driver suites of KernelTests, then the daemon end to end
# alone, after vivid is unloaded so that camera.device "auto" finds the v4l2loopback face camera.
# Usage: scripts/vm/tier3.sh TEST-BUNDLE
set -u
bundle=$1
now() { cut -d' ' -f1 /proc/uptime; }
start=$(now)
"$bundle" --testing-library swift-testing --filter KernelTests
drivers=$?
middle=$(now)
echo "==> tier 3: driver suites: exit $drivers after $(awk "BEGIN { print $middle - $start }") s"
modprobe -r vivid || { echo "==> tier 3: cannot unload vivid"; exit 1; }
ATTENDANCE_TIER3_DAEMON=1 "$bundle" --testing-library swift-testing --filter DaemonOnRealDriversTests
daemon=$?
echo "==> tier 3: daemon end to end: exit $daemon after $(awk "BEGIN { print $(now) - $middle }") s"
[ "$drivers" -eq 0 ] && [ "$daemon" -eq 0 ]
