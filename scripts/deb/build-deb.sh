#!/bin/sh
# Builds attendance-terminal_VERSION_ARCH.deb (ARCH: this machine's, dpkg --print-architecture) from release binaries that are already built
# (make deb builds them first), the face models and packaging/, then runs lintian on it.
# Usage: scripts/deb/build-deb.sh BIN_DIR MODELS_DIR OUT_DIR
#   BIN_DIR     holds attendanced and attendctl (swift build -c release --static-swift-stdlib)
#   MODELS_DIR  holds dlib's two face models (make face-models)
#   OUT_DIR     gets the .deb, the staged tree (pkgroot/) and lintian.txt
# Environment: DEB_MAINTAINER ("Name <address>"; default: the last commit's author).
set -eu

say() { echo "==> deb: $*"; }
die() { echo "==> deb: FAILED: $*" >&2; exit 1; }

[ $# -eq 3 ] || die "usage: $0 BIN_DIR MODELS_DIR OUT_DIR"
project=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$3"
bin=$(cd "$1" && pwd)
models=$(cd "$2" && pwd)
out=$(cd "$3" && pwd)
packaging=$project/packaging
package=attendance-terminal
arch=$(dpkg --print-architecture)

[ -f "$project/VERSION" ] || die "no VERSION file in $project"
version=$(tr -d ' \t\r\n' <"$project/VERSION")
echo "$version" | grep -Eq '^[0-9][A-Za-z0-9.+~-]*$' || die "VERSION '$version' is not a Debian version"
for f in attendanced attendctl; do [ -x "$bin/$f" ] || die "no release binary $bin/$f"; done
for f in shape_predictor_5_face_landmarks.dat dlib_face_recognition_resnet_model_v1.dat; do
	[ -f "$models/$f" ] || die "no face model $models/$f (make face-models)"
done
maintainer=${DEB_MAINTAINER:-$(git -C "$project" log -1 --format='%an <%ae>' 2>/dev/null || true)}
[ -n "$maintainer" ] || maintainer="attendance-terminal maintainers <maintainers@localhost>"
# Reproducible file times and changelog date: the last commit's time (or now, outside git).
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$project" log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH

mkdir -p "$out"
root=$out/pkgroot
rm -rf "$root"
umask 022

say "staging the tree in $root (version $version)"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/attendanced/models" \
	"$root/usr/lib/udev/rules.d" "$root/lib/systemd/system" "$root/usr/lib/sysusers.d" \
	"$root/usr/lib/tmpfiles.d" "$root/etc/attendanced" "$root/usr/share/doc/$package" \
	"$root/usr/share/man/man1"

# The binaries, stripped (the debug information stays in the build folder).
for f in attendanced attendctl; do
	install -m 0755 "$bin/$f" "$root/usr/bin/$f"
	strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/$f"
done
say "binaries: $(ls -l "$bin/attendanced" | awk '{print $5}') -> $(ls -l "$root/usr/bin/attendanced" | awk '{print $5}') bytes (attendanced, stripped), $(ls -l "$root/usr/bin/attendctl" | awk '{print $5}') bytes (attendctl, stripped)"

install -m 0644 "$models/shape_predictor_5_face_landmarks.dat" "$models/dlib_face_recognition_resnet_model_v1.dat" \
	"$root/usr/share/attendanced/models/"
install -m 0644 "$project/udev/60-attendance-terminal.rules" "$root/usr/lib/udev/rules.d/"
install -m 0644 "$packaging/attendanced.service" "$root/lib/systemd/system/attendanced.service"
install -m 0644 "$packaging/sysusers.conf" "$root/usr/lib/sysusers.d/$package.conf"
install -m 0644 "$packaging/tmpfiles.conf" "$root/usr/lib/tmpfiles.d/$package.conf"
# Group attendance is set by postinst (the group exists only once systemd-sysusers ran).
install -m 0640 "$packaging/attendanced.json" "$root/etc/attendanced/attendanced.json"

doc=$root/usr/share/doc/$package
install -m 0644 "$packaging/copyright" "$doc/copyright"
install -m 0644 "$packaging/README.Debian" "$doc/README.Debian"
install -d "$root/usr/share/lintian/overrides"
install -m 0644 "$packaging/lintian-overrides" "$root/usr/share/lintian/overrides/$package"
changelog_date=$(date -u -R -d "@$SOURCE_DATE_EPOCH")
{
	echo "$package ($version) unstable; urgency=medium"
	echo
	echo "  * Release $version: attendanced and attendctl, the sandboxed systemd unit,"
	echo "    udev rules, sysusers.d and tmpfiles.d entries, dlib's face models."
	echo
	echo " -- $maintainer  $changelog_date"
} >"$doc/changelog"
gzip -9n "$doc/changelog"
for page in attendanced attendctl; do
	gzip -9n -c "$packaging/man/$page.1" >"$root/usr/share/man/man1/$page.1.gz"
	chmod 0644 "$root/usr/share/man/man1/$page.1.gz"
done

# Shared-library dependencies as dpkg-shlibdeps computes them from the binaries' NEEDED entries and
# the installed libraries' shlibs/symbols files (it wants a debian/control, so in a scratch folder).
say "dpkg-shlibdeps on usr/bin/attendanced usr/bin/attendctl"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir "$scratch/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: %s\n' "$package" "$package" "$arch" >"$scratch/debian/control"
shlibs=$(cd "$scratch" && dpkg-shlibdeps -O -e"$root/usr/bin/attendanced" -e"$root/usr/bin/attendctl" 2>"$scratch/warnings") \
	|| { cat "$scratch/warnings" >&2; die "dpkg-shlibdeps failed"; }
sed 's/^/    /' "$scratch/warnings"
depends=$(echo "$shlibs" | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || die "dpkg-shlibdeps gave no shlibs:Depends ($shlibs)"
say "shlibs:Depends = $depends"

# Installed-Size in KiB the way dpkg-gencontrol counts it: each file rounded up, one per other entry.
installed_size=$(find "$root" -path "$root/DEBIAN" -prune -o -type f -printf '%s\n' -o -printf '1024\n' |
	awk '{ kib += int(($1 + 1023) / 1024) } END { print kib }')

homepage=${DEB_HOMEPAGE:-https://github.com/attendance-terminal/attendance-terminal}
# The values hold | & / and the like: substituted literally (no sed or awk replacement syntax).
ARCH=$arch VERSION=$version MAINTAINER=$maintainer INSTALLED_SIZE=$installed_size SHLIBS_DEPENDS=$depends HOMEPAGE=$homepage \
	awk '{
		line = $0
		while (match(line, /@[A-Z_]+@/)) {
			name = substr(line, RSTART + 1, RLENGTH - 2)
			line = substr(line, 1, RSTART - 1) ENVIRON[name] substr(line, RSTART + RLENGTH)
		}
		print line
	}' "$packaging/debian/control.in" >"$root/DEBIAN/control"
install -m 0644 "$packaging/debian/conffiles" "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do
	install -m 0755 "$packaging/debian/$script" "$root/DEBIAN/$script"
done
(cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z |
	xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/md5sums"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

deb=$out/${package}_${version}_${arch}.deb
rm -f "$out/${package}_"*"_${arch}.deb"
say "dpkg-deb --build --root-owner-group -> $deb"
dpkg-deb --build --root-owner-group -Zxz "$root" "$deb" >/dev/null
say "$(basename "$deb"): $(stat -c %s "$deb") bytes, Installed-Size $installed_size KiB"

say "lintian $(basename "$deb") (full output in $out/lintian.txt)"
# --fail-on none: this step reports; make test-deb fails on errors.
lintian --fail-on none --display-info --tag-display-limit 0 "$deb" >"$out/lintian.txt" 2>&1 || true
if [ -s "$out/lintian.txt" ]; then sed 's/^/    /' "$out/lintian.txt"; else say "lintian: no tags"; fi
