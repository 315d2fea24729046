#!/bin/sh
# Runs inside the VM booted from the installed package's root with systemd as PID 1
# (scripts/deb/test-service-vm.sh): attendanced.service starts and reports READY, the watchdog
# restarts it when its main process is stopped (SIGSTOP), and `systemctl stop` ends it cleanly.
# Prints "service-check: ..." lines and "service-check: figure NAME VALUE" for the report; exits 0 on success.
set -u
say() { echo "service-check: $*"; }
prop() { systemctl show -p "$1" --value attendanced.service; }
fail() {
  say "FAIL: $*"
  systemctl status attendanced.service --no-pager -l 2>&1 | tail -n 25
  echo "service-check: the unit's journal:"
  journalctl -u attendanced.service --no-pager -o cat 2>&1 | tail -n 40
  exit 1
}
now() { cut -d' ' -f1 /proc/uptime; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

say "systemd $(systemctl --version | head -n 1 | cut -d' ' -f2), attendanced $(/usr/bin/attendanced --version)"
[ "$(prop Type)" = notify ] || fail "the unit is not Type=notify"

# The operator's step. Type=notify: it returns once the daemon has sent READY=1.
t0=$(now)
systemctl enable --now attendanced.service || fail "systemctl enable --now failed"
say "figure start_to_ready_s $(elapsed "$t0")"
[ "$(systemctl is-active attendanced.service)" = active ] || fail "not active after start"
first=$(prop MainPID)
[ "$first" -gt 0 ] 2>/dev/null || fail "no main PID"
[ "$(prop User)" = attendance ] || fail "not running as attendance"
rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$first/status")
say "figure rss_after_ready_kib $rss"
journalctl -u attendanced.service --no-pager | grep -q "secret from /run/credentials/attendanced.service/device-secret" ||
  fail "the secret did not come from the systemd credential"

# Watchdog pings: the unit's drop-in sets WatchdogSec=6s (pings every 3 s).
sleep 8
[ "$(prop MainPID)" = "$first" ] || fail "restarted while healthy"
[ "$(prop NRestarts)" = 0 ] || fail "NRestarts is $(prop NRestarts) while healthy"
say "healthy for 8 s with WatchdogSec=$(prop WatchdogUSec): no restart"

# A stopped main loop sends no WATCHDOG=1: systemd aborts the process and Restart=on-failure starts it again.
t1=$(now)
kill -STOP "$first"
i=0
while :; do
  pid=$(prop MainPID)
  if [ "$pid" != "$first" ] && [ "$pid" -gt 0 ] 2>/dev/null && [ "$(systemctl is-active attendanced.service)" = active ]; then
    break
  fi
  i=$((i + 1))
  [ "$i" -le 300 ] || fail "not restarted within 60 s of SIGSTOP"
  sleep 0.2
done
say "figure watchdog_restart_s $(elapsed "$t1")"
[ "$(prop NRestarts)" = 1 ] || fail "NRestarts is $(prop NRestarts), expected 1"
journalctl -u attendanced.service --no-pager | grep -qi "watchdog timeout" || fail "the journal does not say the watchdog fired"
say "SIGSTOP: the watchdog fired and the daemon was restarted (PID $first -> $pid)"

# SIGTERM: a clean stop within TimeoutStopSec.
t2=$(now)
systemctl stop attendanced.service || fail "systemctl stop failed"
say "figure stop_s $(elapsed "$t2")"
[ "$(prop Result)" = success ] || fail "Result=$(prop Result) after stop"
[ "$(prop ExecMainStatus)" = 0 ] || fail "exit status $(prop ExecMainStatus) after stop"
journalctl -u attendanced.service --no-pager | grep -q "attendanced stopped" || fail "no 'attendanced stopped' line"
say "stopped cleanly (exit 0) within TimeoutStopSec=$(prop TimeoutStopUSec)"

# Priorities in the journal: the watchdog's notice is not at the default (info) priority.
journalctl -u attendanced.service --no-pager -p notice -o cat | head -n 3 | sed 's/^/service-check: journal -p notice: /'
say "PASS"
