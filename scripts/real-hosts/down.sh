#!/usr/bin/env bash
# Tear down the real hosts made by up.sh:
#   - destroy + undefine every domain named instance-* in each host user's
#     qemu:///session libvirt (only if that user's libvirtd is running: asking
#     virsh would otherwise spawn a fresh one),
#   - kill the users' session daemons (libvirtd, virtlogd, ...) by pid,
#   - stop the sshds whose pid files are in STATE_DIR.
# Users, their homes and STATE_DIR stay; root's system libvirtd keeps running.
#
#   scripts/real-hosts/down.sh [STATE_DIR]      (default: <repo>/.e2e)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_DIR="${1:-$REPO/.e2e}"
NAMES=(e2e1 e2e2 e2e3); USERS=(hnhost1 hnhost2 hnhost3)
DAEMONS="libvirtd virtqemud virtlogd virtnetworkd virtstoraged virtnodedevd virtsecretd virtinterfaced virtlockd"
[[ $(id -u) -eq 0 ]] || { echo "down.sh: must run as root" >&2; exit 1; }

# Same environment an ssh login gets (no XDG_RUNTIME_DIR), so virsh finds the
# session sockets in ~/.cache/libvirt exactly as the tests' virsh did.
as_user() {
  local u="$1"; shift
  (cd / && runuser -u "$u" -- env -i HOME="/home/$u" USER="$u" LOGNAME="$u" \
    PATH=/usr/local/bin:/usr/bin:/bin "$@")
}

stop_pids() {  # pids...: TERM, wait up to 5 s, then KILL
  [[ $# -gt 0 ]] || return 0
  kill "$@" 2>/dev/null || true
  for _ in $(seq 50); do
    local alive=0 p
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive -eq 1 ]] || return 0
    sleep 0.1
  done
  kill -9 "$@" 2>/dev/null || true
}

all=()   # every pid to stop, stopped together at the end (libvirtd takes ~2 s)
for user in "${USERS[@]}"; do
  id "$user" >/dev/null 2>&1 || continue
  if pgrep -u "$user" -x libvirtd >/dev/null || pgrep -u "$user" -x virtqemud >/dev/null; then
    for dom in $(as_user "$user" virsh -q -c qemu:///session list --all --name 2>/dev/null | grep '^instance-' || true); do
      as_user "$user" virsh -q -c qemu:///session destroy "$dom" >/dev/null 2>&1 || true
      as_user "$user" virsh -q -c qemu:///session undefine --nvram "$dom" >/dev/null 2>&1 ||
        as_user "$user" virsh -q -c qemu:///session undefine "$dom" >/dev/null 2>&1 || true
      echo "down.sh: $user: removed domain $dom"
    done
  fi
  pids=()
  for d in $DAEMONS; do
    while read -r p; do [[ -n "$p" ]] && pids+=("$p"); done < <(pgrep -u "$user" -x "$d" || true)
  done
  [[ ${#pids[@]} -eq 0 ]] || { all+=("${pids[@]}"); echo "down.sh: $user: stopping session daemons ${pids[*]}"; }
done

for name in "${NAMES[@]}"; do
  pidfile="$STATE_DIR/sshd-$name/sshd.pid"
  if [[ -s "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    all+=("$(cat "$pidfile")")
    echo "down.sh: stopping sshd for $name"
  fi
done
stop_pids "${all[@]}"
for name in "${NAMES[@]}"; do rm -f "$STATE_DIR/sshd-$name/sshd.pid"; done
echo "down.sh: done"
