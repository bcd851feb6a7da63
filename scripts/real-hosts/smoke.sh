#!/usr/bin/env bash
# Manual check (not used by tests): boot the guest image on a real host made by
# up.sh, over ssh + virsh, the way homenova does, and time it.
#
#   scripts/real-hosts/smoke.sh [--bus virtio|ide] [--format raw|qcow2]
#                               [--host e2e1] [--state-dir DIR] [--config-drive]
#
# Builds the image (scripts/guest-image/build.sh), copies it to the host's
# instancesDir, defines + starts a minimal TCG domain with a serial log file,
# waits for "homenova-guest: booted" (then "ready") in that log, prints the
# timings, domstate and VNC display, then destroys/undefines it and removes
# its files (also on failure or Ctrl-C). --config-drive also attaches an ISO
# labelled config-2 as an IDE cdrom and checks the guest prints its metadata.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_DIR="$REPO/.e2e" BUS=virtio FORMAT=qcow2 HOST=e2e1 TIMEOUT=${TIMEOUT:-120} CD=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bus) BUS="$2"; shift 2 ;;
    --format) FORMAT="$2"; shift 2 ;;
    --host) HOST="$2"; shift 2 ;;
    --state-dir) STATE_DIR="$2"; shift 2 ;;
    --config-drive) CD=1; shift ;;
    *) echo "usage: $0 [--bus virtio|ide] [--format raw|qcow2] [--host NAME] [--state-dir DIR] [--config-drive]" >&2; exit 2 ;;
  esac
done
case "$BUS" in virtio) DEV=vda ;; ide) DEV=hda ;; *) echo "bad --bus $BUS" >&2; exit 2 ;; esac
[[ -f "$STATE_DIR/hosts.json" ]] || { echo "no $STATE_DIR/hosts.json: run up.sh first" >&2; exit 1; }

# host fields from hosts.json: port user identity uri instancesDir
read -r PORT USER_ KEY URI IDIR < <(node -e '
  const h = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))
    .find((x) => x.name === process.argv[2]);
  if (!h) process.exit(1);
  console.log([h.port, h.user, h.identity, h.uri, h.instancesDir].join(" "));
' "$STATE_DIR/hosts.json" "$HOST")
SSH=(ssh -i "$KEY" -p "$PORT" -o BatchMode=yes -o IdentitiesOnly=yes
     -o UserKnownHostsFile="$STATE_DIR/known_hosts" "$USER_@127.0.0.1")
rsh() { "${SSH[@]}" "$@"; }

IMG="$STATE_DIR/guest.$FORMAT"
"$REPO/scripts/guest-image/build.sh" "$IMG" --format "$FORMAT" >/dev/null
DOM="instance-smoke-$$"
RDIR="$IDIR/$DOM"

cleanup() {
  rsh "virsh -q -c $URI destroy $DOM >/dev/null 2>&1; virsh -q -c $URI undefine $DOM >/dev/null 2>&1; rm -rf '$RDIR'" || true
}
trap 'cleanup; rm -rf "${CDTMP:-}"' EXIT
CDXML=""
if [[ $CD -eq 1 ]]; then   # ISO 9660 config drive, as nova builds it
  CDTMP="$(mktemp -d)"; mkdir -p "$CDTMP/d/openstack/latest"
  echo "{\"uuid\": \"$DOM\", \"name\": \"smoke\"}" > "$CDTMP/d/openstack/latest/meta_data.json"
  genisoimage -quiet -o "$CDTMP/disk.config" -V config-2 -J -r "$CDTMP/d"
  CDXML="<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><source file='$RDIR/disk.config'/><target dev='hdc' bus='ide'/><readonly/></disk>"
fi

rsh "mkdir -p '$RDIR'"
scp -q -i "$KEY" -P "$PORT" -o BatchMode=yes -o IdentitiesOnly=yes \
  -o UserKnownHostsFile="$STATE_DIR/known_hosts" "$IMG" ${CDTMP:+"$CDTMP/disk.config"} "$USER_@127.0.0.1:$RDIR/"
rsh "mv '$RDIR/$(basename "$IMG")' '$RDIR/disk'"

rsh "cat > '$RDIR/domain.xml'" <<EOF
<domain type='qemu'>
  <name>$DOM</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <features><acpi/></features>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='$FORMAT'/>
      <source file='$RDIR/disk'/>
      <target dev='$DEV' bus='$BUS'/>
    </disk>
    $CDXML
    <serial type='pty'>
      <log file='$RDIR/console.log' append='on'/>
      <target port='0'/>
    </serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'/>
    <interface type='user'><model type='virtio'/></interface>
  </devices>
</domain>
EOF

echo "smoke: $HOST ($USER_@127.0.0.1:$PORT, $URI) domain $DOM, $BUS disk, $FORMAT image"
# One remote script: start, then poll the log file; times are measured there.
rsh "bash -s" <<EOF
set -euo pipefail
virsh -q -c $URI define '$RDIR/domain.xml' >/dev/null
t0=\$(date +%s.%N)
virsh -q -c $URI start $DOM >/dev/null
t1=\$(date +%s.%N)
echo "virsh start returned after \$(awk "BEGIN{printf \"%.2f\", \$t1-\$t0}") s"
echo "domstate: \$(virsh -q -c $URI domstate $DOM)  vnc: \$(virsh -q -c $URI vncdisplay $DOM)"
wait_for() {
  for _ in \$(seq \$(( $TIMEOUT * 10 ))); do
    if grep -q "\$1" '$RDIR/console.log' 2>/dev/null; then
      echo "'\$1' after \$(awk "BEGIN{printf \"%.2f\", \$(date +%s.%N)-\$t0}") s"; return 0
    fi
    sleep 0.1
  done
  echo "TIMEOUT waiting for '\$1'; console log:"; cat -v '$RDIR/console.log' || true; return 1
}
wait_for 'homenova-guest: booted'
[[ $CD -eq 0 ]] || wait_for 'homenova-metadata-end'
wait_for 'homenova-guest: ready'
echo "domstate: \$(virsh -q -c $URI domstate $DOM)"
ls -l '$RDIR/console.log'; echo '--- console.log:'; cat -v '$RDIR/console.log'
EOF
echo "smoke: OK"
