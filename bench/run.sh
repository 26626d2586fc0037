#!/usr/bin/env bash
# `make bench`: every performance figure the issues ask for, measured here, as one table.
# Figures vary about ±30% run to run on this kind of machine; compare within one run.
set -uo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
data="$build/bench-data/kiosk-1m"
mkdir -p "$data"

echo "| benchmark | figure | target |"
echo "|---|---|---|"
"$build/bin/store_bench" --db "$data/kiosk.db"
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" bench/kiosk_ui_bench.sh "$build" "$data"
[ -x "$build/bin/print_bench" ] && "$build/bin/print_bench"
[ -x bench/usb_bench.sh ] && bench/usb_bench.sh "$build"
[ -x bench/npm_peers/run.sh ] && bench/npm_peers/run.sh "$build"
exit 0
