#!/usr/bin/env bash
# The .deb as `make package` builds it, checked the way Debian would: cpack from the build
# tree, the files where the counter needs them, lintian without errors, systemd-analyze and
# systemd-sysusers accepting the unit and the user, the changelog naming the version.
# usage: check_package.sh CPACK BUILD_DIR OUT_DIR
set -euo pipefail
cpack=$1 build=$2 out=$3

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

rm -rf "$out"
mkdir -p "$out"
"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1 ||
  { cat "$out/cpack.log" >&2; echo "FAIL: cpack (are kiosk and kioskctl built?)" >&2; exit 1; }
debs=("$out"/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "FAIL: expected one .deb in $out" >&2; exit 1; }
deb=${debs[0]}
echo "package: $(basename "$deb")"

# Contents: programs, strings, settings, udev rules, unit, user, documentation.
dpkg-deb -c "$deb" | awk '{print $6}' >"$out/contents.txt"
for path in ./usr/bin/kiosk ./usr/bin/kioskctl \
    ./usr/share/haiphong-kiosk/assets/i18n/vi.json ./usr/share/haiphong-kiosk/assets/i18n/en.json \
    ./etc/haiphong-kiosk/kiosk.toml ./etc/haiphong-kiosk/devices.toml \
    ./lib/udev/rules.d/70-haiphong-kiosk-usb.rules ./lib/systemd/system/haiphong-kiosk.service \
    ./usr/lib/sysusers.d/haiphong-kiosk.conf \
    ./usr/share/doc/haiphong-kiosk/copyright ./usr/share/doc/haiphong-kiosk/changelog.Debian.gz \
    ./usr/share/man/man1/kiosk.1.gz ./usr/share/man/man1/kioskctl.1.gz; do
  grep -qxF "$path" "$out/contents.txt" || fail "$path is not in the package"
done
if [ -e "$build/bin/kiosk-server" ] && ! grep -qxF ./usr/bin/kiosk-server "$out/contents.txt"; then
  fail "kiosk-server is built but not packaged"
fi

control() { dpkg-deb --ctrl-tarfile "$deb" | tar -xO "./$1" 2>/dev/null || true; }
control conffiles >"$out/conffiles"
for f in /etc/haiphong-kiosk/kiosk.toml /etc/haiphong-kiosk/devices.toml; do
  grep -qxF "$f" "$out/conffiles" || fail "$f is not a conffile (an upgrade would overwrite the technician's edits)"
done
depends=$(dpkg-deb -f "$deb" Depends)
for d in cage xwayland libsdl2-2.0-0 libusb-1.0-0 fonts-noto-core; do
  [[ ", $depends," == *", $d"[\ ,]* ]] || fail "Depends lacks $d: $depends"
done

version=$(dpkg-deb -f "$deb" Version)
root="$out/root"
mkdir -p "$root"
dpkg-deb -x "$deb" "$root"
top=$(zcat "$root/usr/share/doc/haiphong-kiosk/changelog.Debian.gz" | head -1)
[[ "$top" == "haiphong-kiosk ($version) "* ]] ||
  fail "packaging/deb/changelog's top entry is '$top', the package is $version: add an entry"

# The packaged kiosk runs from its installed place (shared libraries resolve, options parse).
"$root/usr/bin/kiosk" --help | grep -q -- "--devices-config" || fail "the packaged kiosk --help"

# lintian: errors fail; warnings are printed (an override needs a reason in packaging/lintian/).
if ! lintian --fail-on error "$deb" >"$out/lintian.txt" 2>&1; then
  fail "lintian reports errors"
fi
sed 's/^/lintian: /' "$out/lintian.txt"

# systemd-analyze verify works offline (no running systemd needed); a unit it only warns
# about still returns 0, so any output counts as a failure too. ExecStart must exist: cage.
unit="$root/lib/systemd/system/haiphong-kiosk.service"
if ! verify=$(systemd-analyze verify --man=no "$unit" 2>&1) || [ -n "$verify" ]; then
  fail "systemd-analyze verify haiphong-kiosk.service: $verify"
fi
if ! sysusers=$(systemd-sysusers --dry-run "$root/usr/lib/sysusers.d/haiphong-kiosk.conf" 2>&1) ||
    grep -qiE "fail|unknown|invalid|ignor" <<<"$sysusers"; then
  fail "systemd-sysusers haiphong-kiosk.conf: $sysusers"
fi
for s in postinst prerm postrm; do
  script=$(control "$s")
  [ -n "$script" ] || fail "no $s"
  sh -n <<<"$script" || fail "$s is not valid sh"
done

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed" >&2; exit 1; }
echo "package: contents, conffiles, Depends, changelog, lintian, systemd-analyze, sysusers: ok"
