#!/usr/bin/env bash
# `make demo`: the whole system on this machine. kiosk-server (SQLite, loopback, --demo) and a
# counter kiosk enrolled to it, so a drop-off made at the counter shows up at the centre and an
# order posted to the intake API shows up at the counter (docs/sync.md, "The demo").
#
#   scripts/demo.sh [BUILD_DIR]         run until the kiosk window is closed
#   scripts/demo.sh order               post an order for the demo post office (another shell)
#   scripts/demo.sh events              what the centre holds
#
# DEMO_DIR (default ~/.local/share/haiphong-kiosk-demo) keeps the centre and the kiosk between
# runs; DEMO_PORT (default 8443) is the centre's port; DEMO_SCRIPT runs the kiosk with
# --script FILE instead of by hand (tests/demo). Run twice, it reuses what it made.
set -euo pipefail
cd "$(dirname "$0")/.."
root=${DEMO_DIR:-$HOME/.local/share/haiphong-kiosk-demo}
port=${DEMO_PORT:-8443}
centre="$root/centre"
kiosk="$root/kiosk"
url="https://127.0.0.1:$port"
post_office=po-an-duong   # shared/demo: the demo kiosk's post office

case "${1:-}" in
  order | events) build=${BUILD_DIR:-build} ;;
  *) build=${1:-build} ;;
esac
server_bin="$build/bin/kiosk-server"
admin() { "$server_bin" admin --data "$centre" "$@"; }

platform_key() {
  # The shop's key is shown once by `admin api-key add`; the demo keeps it beside the centre.
  if [[ ! -s "$root/shop-key" ]]; then
    admin api-key add --name demo-shop | tail -n 1 >"$root/shop-key.tmp"
    mv "$root/shop-key.tmp" "$root/shop-key"
  fi
  cat "$root/shop-key"
}

if [[ "${1:-}" == "events" ]]; then
  admin events
  exit 0
fi

if [[ "${1:-}" == "order" ]]; then
  ref="DEMO-$(date +%Y%m%d-%H%M%S)-$RANDOM"
  body=$(printf '{"external_ref":"%s","post_office_id":"%s","buyer_name":"Ngô Thị Mai","buyer_phone":"0901234567","cash_on_delivery":true,"amount_due_vnd":59000,"items":[{"name":"Cà chua","quantity_text":"2 kg","amount_vnd":44000},{"name":"Bắp cải","quantity_text":"1,25 kg","amount_vnd":15000}]}' "$ref" "$post_office")
  key=$(platform_key)
  curl --silent --show-error --fail-with-body --cacert "$centre/tls/ca.pem" \
    -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    --data-binary "$body" "$url/api/v1/orders"
  echo
  exit 0
fi

mkdir -p "$centre" "$kiosk"
"$server_bin" --data "$centre" --listen "127.0.0.1:$port" --demo >>"$root/centre.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  if curl --silent --fail --cacert "$centre/tls/ca.pem" "$url/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "demo: kiosk-server did not start (is port $port taken? DEMO_PORT=...); its log: $root/centre.log" >&2
    exit 1
  fi
  sleep 0.1
done

if ! "$build/bin/kioskctl" sync status --data "$kiosk" 2>/dev/null | grep -q '"enrolled":true'; then
  code=$(admin enrol-code --post-office "$post_office" | tail -n 1)
  "$build/bin/kiosk" --data "$kiosk" --enrol "$url" "$code" --ca "$centre/tls/ca.pem"
fi
platform_key >/dev/null

cat <<EOF
demo: the centre is at $url (log: $root/centre.log), the kiosk's data in $kiosk.
  what the centre holds:      scripts/demo.sh events
  an order for this counter:  scripts/demo.sh order   (it reaches the counter at its next pull)
EOF

kiosk_args=(--data "$kiosk" --demo)
if [[ -n "${DEMO_SCRIPT:-}" ]]; then kiosk_args+=(--script "$DEMO_SCRIPT"); fi
if [[ -n "${DEMO_CONFIG:-}" ]]; then kiosk_args+=(--config "$DEMO_CONFIG"); fi
"$build/bin/kiosk" "${kiosk_args[@]}"
