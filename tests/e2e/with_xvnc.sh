#!/usr/bin/env bash
# with_xvnc.sh WxH COMMAND...: runs COMMAND on a bare X server (no window manager) that can
# change its resolution at run time. Xvfb cannot (its RandR offers only the size it started
# with); TigerVNC's Xvnc can (`xrandr -s 1920x1080`). No VNC port is opened.
set -euo pipefail
size=$1
shift
dir=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
# A cookie, as xvfb-run makes one: only this run's clients may connect. The server takes every
# cookie in its file, whatever display it names; clients look theirs up by display number.
cookie=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
: >"$dir/auth"
xauth -q -f "$dir/auth" add :0 . "$cookie"
# -displayfd: the server picks a free display itself and says which, so runs side by side
# never race for one.
exec 3>"$dir/display"
Xvnc -displayfd 3 -geometry "$size" -depth 24 -SecurityTypes None -rfbport -1 -nolisten tcp \
  -auth "$dir/auth" >"$dir/xvnc.log" 2>&1 &
server=$!
exec 3>&-
for _ in $(seq 100); do
  [ -s "$dir/display" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$dir/display" ]; then
  echo "with_xvnc: Xvnc did not start:" >&2
  cat "$dir/xvnc.log" >&2
  exit 1
fi
display=":$(tr -d '[:space:]' <"$dir/display")"
xauth -q -f "$dir/auth" add "$display" . "$cookie"
DISPLAY=$display XAUTHORITY="$dir/auth" "$@"
