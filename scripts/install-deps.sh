#!/usr/bin/env bash
# Installs the Debian 12 packages the project needs, and only those that are missing.
# Idempotent: a second run installs nothing and does not touch the network.
set -euo pipefail

packages=(
  # Build
  build-essential cmake pkg-config g++ make
  # Kiosk UI
  libimgui-dev libsdl2-dev libfreetype-dev libstb-dev libgl-dev libgl1-mesa-dri fonts-noto-core
  # Headless runs; xwd grabs the X screen from outside the kiosk (tests/e2e/layout_test)
  xvfb xauth x11-apps
  # Full screen from outside (tests/e2e/display_test): an X server that changes resolution at
  # run time (Xvnc) and xrandr to change it; cage (below) on wlroots' headless backend, with
  # grim to grab its output, and the kiosk on SDL's Wayland driver through Mesa's EGL
  # (and Xlib to resize cage's window when it runs nested on X)
  tigervnc-standalone-server x11-xserver-utils grim libegl-mesa0 libx11-dev
  # Devices, store, text, network, serialisation
  libusb-1.0-0-dev libsqlite3-dev sqlite3 libicu-dev libcpp-httplib-dev libssl-dev libpq-dev nlohmann-json3-dev libtomlplusplus-dev
  # Sync over HTTPS with gzip (cpp-httplib's OpenSSL and zlib support)
  zlib1g-dev
  # Printing (symbol encoders and an independent decoder for tests)
  libzint-dev libqrencode-dev libzbar-dev
  # Tests
  doctest-dev umockdev libumockdev-dev gir1.2-umockdev-1.0
  # kiosk-server conformance suite on PostgreSQL (pg_virtualenv, postgresql-common)
  postgresql postgresql-common
  # Packaging (make package, tests/package): dpkg-shlibdeps, lintian, systemd-analyze, and
  # cage, which the unit runs (systemd-analyze verify checks that ExecStart exists)
  dpkg-dev lintian systemd cage
  # cage starts Xwayland (a Recommends of cage, not installed with --no-install-recommends);
  # without it cage exits before the kiosk starts (tests/e2e display_test, the .deb's unit)
  xwayland
  # make demo (scripts/demo.sh) posts an order to the intake API
  curl
  # tests/demo times and parses with python3
  python3
  # Fuzz targets
  clang libclang-rt-14-dev
  # kiosk-server's dashboard: Argon2id staff passwords; browser tests in Debian's Chromium
  # driven by Node (tests/web)
  libsodium-dev chromium nodejs
  # the yearly report printed to PDF is read back as text (tests/web); a label's QR code read
  # from its picture by zbar's own command-line decoder (tests/web/label_qr_test.cjs)
  poppler-utils zbar-tools
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
    missing+=("$p")
  fi
done

# npm ships inside some nodejs builds (NodeSource's); Debian's own nodejs needs the npm package.
if ! command -v npm >/dev/null 2>&1 && ! dpkg-query -W -f='${Status}' npm 2>/dev/null | grep -q 'ok installed'; then
  missing+=(npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The browser tests' npm packages, exactly as tests/web/package-lock.json pins them, into
# npm's cache: the build then installs them with `npm ci --offline` (tests/web/CMakeLists.txt).
# Skipped when the cache already holds them, so a second run touches no network.
web_lock="$(cd "$(dirname "$0")/.." && pwd)/tests/web/package-lock.json"
if [ -f "$web_lock" ]; then
  probe="$(mktemp -d)"
  cp "$web_lock" "$(dirname "$web_lock")/package.json" "$probe/"
  if ! (cd "$probe" && npm ci --offline --no-audit --no-fund --ignore-scripts --loglevel=silent >/dev/null 2>&1); then
    echo "install-deps: caching the npm packages of tests/web/package-lock.json"
    (cd "$probe" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  fi
  rm -rf "$probe"
fi
