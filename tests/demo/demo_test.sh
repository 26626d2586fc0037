#!/usr/bin/env bash
# tests/demo: scripts/demo.sh end to end (see CMakeLists.txt). Fails with what it was waiting for.
set -euo pipefail
build=$(realpath "$1")
work=$2
src=$(realpath "$(dirname "$0")/../..")
rm -rf "$work" && mkdir -p "$work"
export DEMO_DIR="$work/demo" BUILD_DIR="$build"
export DEMO_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pull_s=3
printf 'sync_pull_interval_s = %s\nsound = false\n' "$pull_s" >"$work/kiosk.toml"
export DEMO_CONFIG="$work/kiosk.toml"
# The clerk: the demo farmer's card, 5 kg of tomatoes, confirm; then the counter stays open.
cat >"$work/clerk.script" <<'S'
sign_in NV-0001 1111
scan HPM7K2M9QX4A
tap product_CA-CHUA
weigh 5000 stable
tap add_item
tap confirm
wait 60000
quit
S
export DEMO_SCRIPT="$work/clerk.script"

setsid xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$src/scripts/demo.sh" "$build" >"$work/demo.log" 2>&1 &
demo_pid=$!
cleanup() { kill -- -"$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; }
trap cleanup EXIT

fail() { echo "demo_test: $*"; echo "--- demo.log"; cat "$work/demo.log"; echo "--- centre.log"; cat "$DEMO_DIR/centre.log" 2>/dev/null; exit 1; }
# seconds since the epoch, with milliseconds
now() { date +%s.%N; }
elapsed() { python3 -c "import time; print(round(time.time() - $1, 2))"; }
# within SECONDS SINCE: true while less than SECONDS have passed since SINCE
within() { python3 -c "import sys, time; sys.exit(0 if time.time() - $2 < $1 else 1)"; }

kiosk_db="$DEMO_DIR/kiosk/kiosk.db"
# The receipt is committed when the drop-off is in the kiosk's store.
start=$(now)
until [[ -f "$kiosk_db" ]] && [[ "$(sqlite3 -cmd '.timeout 2000' "$kiosk_db" 'SELECT count(*) FROM drop_offs' 2>/dev/null || echo 0)" -ge 1 ]]; do
  within 60 "$start" || fail "no drop-off in the kiosk's store after 60 s"
  kill -0 "$demo_pid" 2>/dev/null || fail "the demo exited early"
  sleep 0.2
done
dropoff=$(sqlite3 -cmd '.timeout 2000' "$kiosk_db" 'SELECT id FROM drop_offs LIMIT 1')
committed=$(now)
until "$src/scripts/demo.sh" events 2>/dev/null | grep -q "\"entity_id\":\"$dropoff\""; do
  within 10 "$committed" || fail "drop-off $dropoff not at the centre 10 s after it was committed"
  sleep 0.2
done
echo "demo_test: drop-off $dropoff reached the centre in $(elapsed "$committed") s"
n=$("$src/scripts/demo.sh" events | grep -c "\"entity_id\":\"$dropoff\"")
[[ "$n" == 1 ]] || fail "drop-off $dropoff is at the centre $n times"

answer=$("$src/scripts/demo.sh" order) || fail "posting an order failed: $answer"
code=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["pickup_code"])' "$answer")
posted=$(now)
until "$build/bin/kioskctl" pickup show "$code" --data "$DEMO_DIR/kiosk" >/dev/null 2>&1; do
  # One pull interval, with its jitter (±20 %) and a second for the pull itself.
  within "$(python3 -c "print($pull_s * 1.2 + 1)")" "$posted" || fail "order $code not at the counter within one pull interval (${pull_s} s)"
  sleep 0.2
done
echo "demo_test: order $code reached the counter in $(elapsed "$posted") s (pull interval ${pull_s} s)"
"$build/bin/kioskctl" pickup show "$code" --data "$DEMO_DIR/kiosk"
