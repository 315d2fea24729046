#!/bin/bash
# The package install test (make test-deb, after make deb):
#  1. the .deb's contents (every path with its mode and owner) and metadata (Version = VERSION, computed
#     Depends, the conffile, the maintainer scripts);
#  2. lintian: fails on errors;
#  3. apt-get install of the .deb into a throwaway Debian bookworm root (debootstrap --variant=minbase,
#     cached as a tarball in .build-deb/), then the user, folders and modes it made, and
#     systemd-analyze verify of the installed unit;
#  4. attendanced --version and attendctl --help in that root;
#  5. one fingerprint enrollment end to end: the host's terminal-sim demo (cloud simulator, module
#     simulator on a Unix socket) drives the INSTALLED attendanced, run in the root as user attendance;
#  6. the daemon's start-to-READY time with the face models and its RSS after READY (sd_notify), and
#     the .deb's size and Installed-Size, written to .build-deb/install-report.json;
#  7. apt-get purge: /etc/attendanced goes, /var/lib/attendanced (the enrolled data) stays; then the
#     package is installed again (the root is left installed, in .build-deb/root).
# Needs root (chroot, mounts). Usage: scripts/deb/test-install.sh [DEB]
set -euo pipefail

project=$(cd "$(dirname "$0")/../.." && pwd)
out=$project/.build-deb
version=$(tr -d ' \t\r\n' <"$project/VERSION")
arch=$(dpkg --print-architecture)
deb=${1:-$out/attendance-terminal_${version}_${arch}.deb}
sim=${TERMINAL_SIM:-$project/.build/debug/terminal-sim}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
pristine=$out/bookworm-minbase.tar
root=$out/root
report=$out/install-report.json

say() { echo "==> test-deb: $*"; }
die() { echo "==> test-deb: FAILED: $*" >&2; exit 1; }
failures=0
check() { # check DESCRIPTION COMMAND...: one line, ok or FAIL; a failure fails the test at the end
	local what=$1
	shift
	if "$@"; then echo "    ok   $what"; else echo "    FAIL $what"; failures=$((failures + 1)); fi
}

[ "$(id -u)" = 0 ] || die "needs root (chroot and mounts)"
[ -f "$deb" ] || die "no package $deb (make deb)"
for tool in dpkg-deb lintian debootstrap chroot python3; do
	command -v "$tool" >/dev/null || die "no $tool (apt-get install -y lintian debootstrap)"
done

# ---- 1. contents and metadata ------------------------------------------------------------------
say "contents of $(basename "$deb") (dpkg-deb -c): paths, modes, owners"
listing=$(dpkg-deb -c "$deb")
expect_path() { # MODE PATH
	local mode=$1 path=$2 line
	line=$(echo "$listing" | awk -v p="./$path" '$6 == p')
	check "$mode root/root /$path" test -n "$line" -a "$(echo "$line" | awk '{print $1 " " $2}')" = "$mode root/root"
}
expect_path -rwxr-xr-x usr/bin/attendanced
expect_path -rwxr-xr-x usr/bin/attendctl
expect_path -rw-r--r-- usr/share/attendanced/models/shape_predictor_5_face_landmarks.dat
expect_path -rw-r--r-- usr/share/attendanced/models/dlib_face_recognition_resnet_model_v1.dat
expect_path -rw-r--r-- usr/lib/udev/rules.d/60-attendance-terminal.rules
expect_path -rw-r--r-- lib/systemd/system/attendanced.service
expect_path -rw-r--r-- usr/lib/sysusers.d/attendance-terminal.conf
expect_path -rw-r--r-- usr/lib/tmpfiles.d/attendance-terminal.conf
expect_path -rw-r----- etc/attendanced/attendanced.json
expect_path -rw-r--r-- usr/share/doc/attendance-terminal/copyright
expect_path -rw-r--r-- usr/share/doc/attendance-terminal/changelog.gz
expect_path -rw-r--r-- usr/share/man/man1/attendanced.1.gz
expect_path -rw-r--r-- usr/share/man/man1/attendctl.1.gz
check "every entry owned by root/root" test -z "$(echo "$listing" | awk '$2 != "root/root"')"
check "nothing under /var/lib/attendanced in the archive (tmpfiles.d makes it)" \
	test -z "$(echo "$listing" | awk '$6 ~ /^\.\/var\/lib\/attendanced/')"

say "metadata (dpkg-deb -I)"
field() { dpkg-deb -f "$deb" "$1"; }
depends=$(field Depends)
echo "    Depends: $depends"
check "Package attendance-terminal" test "$(field Package)" = attendance-terminal
check "Version $(field Version) = VERSION $version" test "$(field Version)" = "$version"
check "Architecture $arch" test "$(field Architecture)" = "$arch"
depends_names=$(tr ',|' '\n\n' <<<"$depends" | awk 'NF { print $1 }')
for library in libc6 libstdc++6 libgcc-s1 libusb-1.0-0 libsqlite3-0 libturbojpeg0 zlib1g libblas3 liblapack3 systemd; do
	check "Depends names $library" grep -qxF "$library" <<<"$depends_names"
done
check "Depends names dlib's library" grep -Eqx 'libdlib[0-9.]+' <<<"$depends_names"
check "no Swift runtime among the Depends (static stdlib)" test -z "$(grep -io 'swift' <<<"$depends" || true)"
control_files=$(dpkg-deb --ctrl-tarfile "$deb" | tar -t)
for name in control conffiles md5sums postinst prerm postrm; do
	check "control archive has $name" grep -qx "./$name" <<<"$control_files"
done
check "conffile /etc/attendanced/attendanced.json listed" \
	grep -qx /etc/attendanced/attendanced.json <<<"$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)"

# ---- 2. lintian --------------------------------------------------------------------------------
say "lintian $(basename "$deb") (fails on errors; warnings and infos listed)"
lintian_status=0
lintian --fail-on error --display-info --tag-display-limit 0 "$deb" >"$out/lintian-test.txt" 2>&1 || lintian_status=$?
grep -v 'running with root privileges' "$out/lintian-test.txt" | sed 's/^/    /' || true
lintian_errors=$(grep -c '^E: ' "$out/lintian-test.txt" || true)
lintian_warnings=$(grep -c '^W: ' "$out/lintian-test.txt" || true)
lintian_infos=$(grep -c '^I: ' "$out/lintian-test.txt" || true)
check "lintian: $lintian_errors error(s), $lintian_warnings warning(s), $lintian_infos info(s)" test "$lintian_status" = 0

# ---- 3. install into a throwaway bookworm root -------------------------------------------------
if [ ! -f "$pristine" ]; then
	say "debootstrap --variant=minbase bookworm from $mirror (once; cached as $pristine)"
	rm -rf "$out/debootstrap-tmp"
	debootstrap --variant=minbase bookworm "$out/debootstrap-tmp" "$mirror" >"$out/debootstrap.log" 2>&1 ||
		{ tail -20 "$out/debootstrap.log"; die "debootstrap failed (log $out/debootstrap.log)"; }
	tar -C "$out/debootstrap-tmp" -cf "$pristine.partial" .
	mv "$pristine.partial" "$pristine"
	rm -rf "$out/debootstrap-tmp"
fi

work=$(mktemp -d /tmp/adeb.XXXXXX) # the demo's TMPDIR, the same path inside the root
chmod 0755 "$work"
mounts=()
cleanup() {
	local status=$? i
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
	done
	rm -rf "$work"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mount_in_root() { # SOURCE TARGET [OPTIONS...]
	mkdir -p "$2"
	mount "${@:3}" "$1" "$2"
	mounts+=("$2")
}

say "unpacking the pristine bookworm root into $root"
# A run that was killed may have left its mounts (/dev among them): unmount before removing anything.
awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r | while read -r stale; do
	umount "$stale" 2>/dev/null || umount -l "$stale"
done
if awk -v r="$root" '$2 == r || index($2, r "/") == 1 { found = 1 } END { exit !found }' /proc/mounts; then
	die "something is still mounted under $root: not removing it"
fi
rm -rf --one-file-system "$root"
mkdir -p "$root"
tar -C "$root" -xf "$pristine"
mount_in_root proc "$root/proc" -t proc
mount_in_root sysfs "$root/sys" -t sysfs -o ro
mount_in_root /dev "$root/dev" --bind
mount_in_root devpts "$root/dev/pts" -t devpts -o newinstance,ptmxmode=0666
mkdir -p "$out/apt-archives/partial"
mount_in_root "$out/apt-archives" "$root/var/cache/apt/archives" --bind
mount_in_root "$work" "$root$work" --bind
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
# No service starts inside the root (the usual chroot guard; our postinst starts none anyway).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root "$@"; }

say "apt-get install ./$(basename "$deb") in the root (no systemd or udev running there)"
in_root apt-get update -q >"$out/apt-install.log" 2>&1 || { tail -20 "$out/apt-install.log"; die "apt-get update failed"; }
if ! in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	"./tmp/$(basename "$deb")" >>"$out/apt-install.log" 2>&1; then
	tail -30 "$out/apt-install.log"
	die "apt-get install failed (log $out/apt-install.log)"
fi
grep -E '^(Setting up attendance-terminal|[0-9]+ upgraded, [0-9]+ newly installed)' "$out/apt-install.log" | sed 's/^/    /'
check "dpkg says attendance-terminal $version is installed" \
	test "$(in_root dpkg-query -W -f='${Status} ${Version}' attendance-terminal)" = "install ok installed $version"
passwd_line=$(in_root getent passwd attendance || true)
echo "    passwd: $passwd_line"
check "system user attendance, home /var/lib/attendanced, nologin" \
	grep -Eq '^attendance:x:[0-9]+:[0-9]+:[^:]*:/var/lib/attendanced:/usr/sbin/nologin$' <<<"$passwd_line"
check "system group attendance" test -n "$(in_root getent group attendance)"
check "/var/lib/attendanced 750 attendance:attendance" \
	test "$(in_root stat -c '%a %U:%G' /var/lib/attendanced)" = "750 attendance:attendance"
check "/etc/attendanced/attendanced.json 640 root:attendance" \
	test "$(in_root stat -c '%a %U:%G' /etc/attendanced/attendanced.json)" = "640 root:attendance"
check "dpkg lists the conffile" grep -q /etc/attendanced/attendanced.json <<<"$(in_root dpkg-query -W -f='${Conffiles}' attendance-terminal)"
check "attendanced.service not enabled by the install (it needs the config filled in first)" \
	test ! -e "$root/etc/systemd/system/multi-user.target.wants/attendanced.service"
check "the shipped config is valid JSON" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$root/etc/attendanced/attendanced.json"
say "systemd-analyze verify attendanced.service (in the root, with its systemd)"
verify_output=$(in_root systemd-analyze verify --man=no attendanced.service 2>&1) && verify_status=0 || verify_status=$?
[ -z "$verify_output" ] || sed 's/^/    /' <<<"$verify_output"
check "systemd-analyze verify: no complaint" test "$verify_status" = 0 -a -z "$verify_output"
security=$(in_root systemd-analyze security --offline=true /lib/systemd/system/attendanced.service 2>&1 |
	sed -n 's/.*Overall exposure level for attendanced.service: \([0-9.]*\) \([A-Z]*\).*/\1 \2/p')
echo "    systemd-analyze security --offline=true: exposure ${security:-unknown} (0 = most locked down, 10 = least)"
check "systemd-analyze security rates the unit OK or SAFE" grep -Eq '^[0-9.]+ (OK|SAFE)$' <<<"$security"

# ---- 4. the installed binaries -----------------------------------------------------------------
say "attendanced --version, attendctl --help (installed, in the root)"
printed=$(in_root /usr/bin/attendanced --version 2>&1 || true)
echo "    attendanced --version: $printed"
check "attendanced --version prints $version" grep -qw -- "$version" <<<"$printed"
check "attendctl --help exits 0" in_root /usr/bin/attendctl --help >/dev/null
printed=$(in_root chroot --userspec="$(in_root id -u attendance):$(in_root id -g attendance)" / /usr/bin/attendanced \
	--config /etc/attendanced/attendanced.json 2>&1) && unconfigured_status=0 || unconfigured_status=$?
echo "    attendanced with the shipped config (exit $unconfigured_status): $printed"
check "the unconfigured daemon exits 78 (RestartPreventExitStatus) with one line" \
	test "$unconfigured_status" = 78 -a "$(wc -l <<<"$printed")" = 1

# ---- 5. one fingerprint enrollment against the cloud simulator ---------------------------------
uid=$(in_root id -u attendance)
gid=$(in_root id -g attendance)
wrappers=$work/bin
mkdir -p "$wrappers"
# terminal-sim runs these as it would run the binaries; they enter the root as user attendance. The
# demo's work folder (config, secret file, module socket, store) is made by terminal-sim as root, at
# the same path inside the root (bind mount): it is handed to attendance first, as an installer would.
for tool in attendanced attendctl; do
	cat >"$wrappers/$tool" <<EOF
#!/bin/sh
config=
previous=
for argument in "\$@"; do
	[ "\$previous" = --config ] && config=\$argument
	previous=\$argument
done
[ -n "\$config" ] && chown -R $uid:$gid "\$(dirname "\$config")"
exec chroot --userspec=$uid:$gid "$root" /usr/bin/$tool "\$@"
EOF
	chmod 0755 "$wrappers/$tool"
done
demo_status=skipped
if [ -x "$sim" ]; then
	say "terminal-sim demo --link unix --no-face against the INSTALLED attendanced (in the root, as attendance)"
	(cd "$project" && TMPDIR=$work timeout --kill-after=10 300 "$sim" demo --link unix --no-face \
		--daemon "$wrappers/attendanced" --attendctl "$wrappers/attendctl") >"$out/demo.log" 2>&1 &&
		demo_status=0 || demo_status=$?
	sed 's/^/    /' "$out/demo.log" | grep -E 'result|ACCEPTED|FAILED|daemon │ .*(attendanced|error|denied)|passage|outbox' | head -40 || true
	check "the fingerprint enrollment is accepted by the cloud (terminal-sim demo exit $demo_status; log $out/demo.log)" \
		test "$demo_status" = 0
else
	echo "    FAIL no $sim (make build)"
	failures=$((failures + 1))
fi

# ---- 6. figures ---------------------------------------------------------------------------------
deb_bytes=$(stat -c %s "$deb")
installed_kib=$(field Installed-Size)
ready_json=null
if grep -rqn 'READY=1' "$project/Sources"; then
	say "start to READY=1 with the face models, RSS after READY (sd_notify over a datagram socket)"
	state=$work/state
	mkdir -p "$state"
	cat >"$state/attendanced.json" <<EOF
{
  "cloud": { "endpoint": "ws://127.0.0.1:9/", "sn": "DEB-TEST-0001" },
  "store": { "path": "$state/terminal.sqlite" },
  "fingerprint": { "link": "none" },
  "camera": { "device": "/dev/attendance-camera" },
  "face": { "models": "/usr/share/attendanced/models" }
}
EOF
	chown -R "$uid:$gid" "$state"
	chmod 0640 "$state/attendanced.json"
	in_root chroot --userspec="$uid:$gid" / /usr/bin/attendctl face key init --config "$state/attendanced.json" \
		>"$out/face-key.log" 2>&1 || { sed 's/^/    /' "$out/face-key.log"; }
	ready_json=$(ATTENDANCE_DEVICE_SECRET=0123456789abcdef0123456789abcdef python3 "$project/scripts/deb/measure-ready.py" \
		"$work/notify" 120 -- chroot --userspec="$uid:$gid" "$root" /usr/bin/attendanced \
		--config "$state/attendanced.json") || true
	[ -n "$ready_json" ] || ready_json=null
	python3 - "$ready_json" <<'EOF'
import json, sys
r = json.loads(sys.argv[1]) if sys.argv[1] != "null" else None
if not r:
    print("    no measurement")
else:
    print(f"    READY: {r.get('ready')}, start to READY {r.get('start_to_ready_s')} s, status: {r.get('status')}")
    print(f"    RSS after READY {r.get('rss_after_ready_kib')} KiB, 2 s later {r.get('rss_2s_after_ready_kib')} KiB; SIGTERM -> exit {r.get('exit_status')} in {r.get('stop_s')} s")
    for line in r.get("output_tail", []):
        print("      daemon │ " + line)
EOF
	check "the installed daemon sends READY=1 with the face models" \
		python3 -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if r and r.get("ready") else 1)' "$ready_json"
else
	say "no READY=1 in Sources yet: start-to-READY and RSS not measured"
fi

# ---- 7. purge keeps the enrolled data ----------------------------------------------------------
say "apt-get purge attendance-terminal: /etc/attendanced goes, /var/lib/attendanced (enrolled data) stays"
in_root sh -c 'echo enrolled > /var/lib/attendanced/marker && chown attendance:attendance /var/lib/attendanced/marker'
if in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q attendance-terminal >"$out/apt-purge.log" 2>&1; then
	check "purged: /etc/attendanced removed" test ! -e "$root/etc/attendanced"
	check "purged: /var/lib/attendanced and its files kept" test -f "$root/var/lib/attendanced/marker"
	check "purged: the user attendance kept (it owns the kept data)" test -n "$(in_root getent passwd attendance)"
	# Installed again over the kept data, so that the root is left with the package installed (for
	# scripts/deb/test-service-vm.sh) and a reinstall is seen to keep the user and the data.
	if in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"./tmp/$(basename "$deb")" >>"$out/apt-purge.log" 2>&1; then
		check "reinstalled: the kept data still there, 750 attendance:attendance" \
			test -f "$root/var/lib/attendanced/marker" -a "$(in_root stat -c '%a %U:%G' /var/lib/attendanced)" = "750 attendance:attendance"
		rm -f "$root/var/lib/attendanced/marker"
	else
		tail -20 "$out/apt-purge.log"
		echo "    FAIL reinstall after purge (log $out/apt-purge.log)"
		failures=$((failures + 1))
	fi
else
	tail -20 "$out/apt-purge.log"
	echo "    FAIL apt-get purge (log $out/apt-purge.log)"
	failures=$((failures + 1))
fi

# ---- 8. the installed root booted with systemd as PID 1 (tier-3 VM) ------------------------------
service_json=$out/service-vm.json
rm -f "$service_json"
if bash "$project/scripts/deb/test-service-vm.sh" "$root" "$service_json"; then
	[ -f "$service_json" ] || echo '"skipped"' >"$service_json"
else
	echo "    FAIL the service under systemd in the VM (READY, watchdog restart, clean stop)"
	failures=$((failures + 1))
	[ -f "$service_json" ] || echo '"failed"' >"$service_json"
fi

python3 - "$report" "$deb" "$deb_bytes" "$installed_kib" "$version" "$depends" "$ready_json" \
	"$lintian_errors" "$lintian_warnings" "$lintian_infos" "$demo_status" "$failures" "$service_json" "$security" <<'EOF'
import json, os, sys
(path, deb, deb_bytes, installed_kib, version, depends, ready, errors, warnings, infos, demo, failures,
 service, security) = sys.argv[1:]
ready = json.loads(ready)
report = {
    "package": os.path.basename(deb),
    "version": version,
    "deb_bytes": int(deb_bytes),
    "deb_mib": round(int(deb_bytes) / 1048576, 1),
    "installed_size_kib": int(installed_kib),
    "depends": depends,
    "lintian": {"errors": int(errors), "warnings": int(warnings), "infos": int(infos)},
    "fingerprint_enrollment_demo_exit": demo if demo == "skipped" else int(demo),
    "start_to_ready_s": ready.get("start_to_ready_s") if ready else None,
    "ready_status": ready.get("status") if ready else None,
    "rss_after_ready_kib": ready.get("rss_after_ready_kib") if ready else None,
    "rss_2s_after_ready_kib": ready.get("rss_2s_after_ready_kib") if ready else None,
    "stop_after_sigterm_s": ready.get("stop_s") if ready else None,
    "systemd_analyze_security": security or None,
    "systemd_vm": json.load(open(service)),
    "failed_checks": int(failures),
}
with open(path, "w") as f:
    json.dump(report, f, indent=2, ensure_ascii=False)
    f.write("\n")
print(json.dumps(report, indent=2, ensure_ascii=False))
EOF
say "figures written to $report"
[ "$failures" = 0 ] || die "$failures check(s) failed"
say "all checks passed"
