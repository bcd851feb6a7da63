#!/usr/bin/env bash
# Build a tiny BIOS-bootable guest disk image for homenova's end-to-end tests.
#
#   scripts/guest-image/build.sh OUT_PATH [--format raw|qcow2]    (default raw)
# Layout: a whole-disk FAT filesystem ("superfloppy", no partition table) made
# with mkfs.vfat -C, syslinux installed into its boot sector through mtools,
# holding the Debian cloud kernel and a busybox initramfs. SeaBIOS boots it from
# any disk bus (virtio, ide, ...) because the guest never reads its own disk.
# No root, no loop devices. Packages: see scripts/real-hosts/install.sh.
# The guest's /init prints to the serial console (console=ttyS0):
#   homenova-guest: booted
#   homenova-guest: tty0    (it drew on the VGA screen: a blue screen with a
#     white "homenova-guest: screen" line, for the graphical console tests)
#   homenova-guest: acpid   (listening for the ACPI power button, see below)
#   homenova-metadata-begin / <meta_data.json> / homenova-metadata-end  (if a
#     filesystem labelled config-2 shows up within N seconds: env HN_CDWAIT at
#     build time, default 5, or kernel arg homenova.cdwait=N), then
#     homenova-userdata-begin / <user_data in base64> / homenova-userdata-end
#     if the drive has user data
#   homenova-guest: ready
#   homenova-guest: network 10.0.2.15/24  (DHCP on eth0 answered)
#   homenova-guest: sshd   (dropbear on port 22 with the drive's public keys as
#     root's authorized_keys; only with a config drive holding a key)
#   and a shell on the serial port (root, no login: a test guest), and one on
#     the VGA screen for keys typed through `console vnc`, which says
#     homenova-guest: screen shell
# then sleeps forever, or powers off if the kernel cmdline has homenova.poweroff
# (build with HN_APPEND=homenova.poweroff to bake that in). An ACPI power-button
# press (`virsh shutdown`) makes it print "homenova-guest: acpi power button"
# and power off: busybox acpid on the button module's input device, so a
# graceful stop can be tested. Kernel arg homenova.noacpid (HN_APPEND) leaves
# acpid out: a guest that ignores ACPI.
set -euo pipefail

usage() { echo "usage: $0 OUT_PATH [--format raw|qcow2]" >&2; exit 2; }
OUT="" FORMAT=raw
while [[ $# -gt 0 ]]; do
  case "$1" in
    --format) FORMAT="${2:-}"; shift 2 || usage ;;
    -*) usage ;;
    *) [[ -z "$OUT" ]] || usage; OUT="$1"; shift ;;
  esac
done
[[ -n "$OUT" && ( "$FORMAT" == raw || "$FORMAT" == qcow2 ) ]] || usage

# Newest Debian cloud kernel, unless KERNEL=/path/to/vmlinuz-VERSION is given.
KERNEL="${KERNEL:-$(printf '%s\n' /boot/vmlinuz-*-cloud-amd64 | sort -V | tail -n1)}"
[[ -r "$KERNEL" ]] || { echo "no cloud kernel: run scripts/real-hosts/install.sh" >&2; exit 1; }
MODDIR="/lib/modules/${KERNEL##*/vmlinuz-}"
BUSYBOX=/bin/busybox   # must be busybox-static: the initramfs has no libc
if [[ ! -x "$BUSYBOX" ]] || ldd "$BUSYBOX" >/dev/null 2>&1; then echo "need busybox-static" >&2; exit 1; fi
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT; ROOT="$WORK/initramfs"
mkdir -p "$ROOT"/{bin,sbin,proc,sys,dev,tmp,mnt/config,lib/modules,etc/acpi/PWRF}
cp "$BUSYBOX" "$ROOT/bin/busybox"

# Modules for a config drive (IDE cdrom, virtio disk/scsi; iso9660 or vfat), the
# NIC (virtio_net, for SSH into the guest), and
# for the ACPI power button (button makes the input device, evdev its
# /dev/input/event* node that acpid reads), deps first.
WANT="button evdev virtio_pci virtio_blk virtio_scsi virtio_net ata_piix ata_generic sr_mod sd_mod cdrom isofs vfat nls_cp437 nls_iso8859-1 nls_utf8"
declare -A SEEN=(); ORDER=()
resolve() {  # $1 = path relative to MODDIR, as written in modules.dep
  local rel="$1" deps d
  [[ -n "${SEEN[$rel]:-}" ]] && return 0 || SEEN[$rel]=1
  deps="$(awk -v m="$rel:" '$1 == m { $1 = ""; print }' "$MODDIR/modules.dep")"
  for d in $deps; do resolve "$d"; done
  ORDER+=("$rel")
}
for name in $WANT; do
  rel="$(grep -oE "^[^:]*/${name}\.ko(\.xz|\.zst|\.gz)?:" "$MODDIR/modules.dep" | head -n1 | tr -d :)" || true
  if [[ -n "$rel" ]]; then resolve "$rel"; else echo "note: module $name not found (built in?)" >&2; fi
done
: > "$ROOT/lib/modules/order"
for rel in "${ORDER[@]}"; do
  base="$(basename "$rel")"; ko="${base%%.ko*}.ko"
  case "$base" in            # busybox insmod wants plain .ko (Debian 12: plain)
    *.xz) xz -dc "$MODDIR/$rel" ;; *.zst) zstd -qdc "$MODDIR/$rel" ;;
    *.gz) gzip -dc "$MODDIR/$rel" ;; *) cat "$MODDIR/$rel" ;;
  esac > "$ROOT/lib/modules/$ko"
  echo "$ko" >> "$ROOT/lib/modules/order"
done

cat > "$ROOT/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin:/sbin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
echo                            # own line even after firmware escape codes
echo "homenova-guest: booted"
# The VGA screen (tty0) for `console vnc` and screenshots: the console is the
# serial port, so nothing else draws there. Blue background, a white line.
if printf '\033[0;37;44m\033[2J\033[H\033[1;37;44m homenova-guest: screen \033[0;33;44m\n VGA text console of the test guest\n' > /dev/tty0 2>/dev/null; then
  echo "homenova-guest: tty0"
fi
for ko in $(cat /lib/modules/order); do insmod "/lib/modules/$ko" 2>/dev/null; done
# acpid first, so a power-button press is heard before the config drive wait;
# it opens the event devices it finds at start: wait briefly for devtmpfs.
i=0; while [ ! -e /dev/input/event0 ] && [ "$i" -lt 20 ]; do i=$((i + 1)); sleep 0.1; done
if ! grep -qw homenova.noacpid /proc/cmdline && acpid -l /tmp/acpid.log -p /tmp/acpid.pid; then
  echo "homenova-guest: acpid"
fi
wait=@CDWAIT@
for arg in $(cat /proc/cmdline); do
  case "$arg" in homenova.cdwait=*) wait="${arg#*=}" ;; esac
done
dev="" i=0
while [ -z "$dev" ] && [ "$i" -lt $((wait * 4)) ]; do
  dev="$(findfs LABEL=config-2 2>/dev/null)" || { dev=""; i=$((i + 1)); sleep 0.25; }
done
if [ -n "$dev" ] && mount -o ro "$dev" /mnt/config; then
  echo "homenova-metadata-begin"
  f=/mnt/config/openstack/latest/meta_data.json
  cat "$f"; [ -n "$(tail -c1 "$f")" ] && echo
  echo "homenova-metadata-end"
  # The hostname, as cloud-init would set it (the JSON is one line: no spaces).
  h="$(grep -o '"hostname":"[^"]*"' "$f" | cut -d'"' -f4)"; [ -n "$h" ] && hostname "$h"
  # User data may be binary: base64 lets a test compare it byte for byte.
  u=/mnt/config/openstack/latest/user_data
  if [ -f "$u" ]; then echo "homenova-userdata-begin"; base64 "$u"; echo "homenova-userdata-end"; fi
fi
echo "homenova-guest: ready"
grep -qw homenova.poweroff /proc/cmdline && poweroff -f
# Network by DHCP (QEMU's user-mode network answers it), then an SSH server
# (dropbear) taking the public keys from the config drive, as cloud-init would.
if [ -e /sys/class/net/eth0 ]; then
  ip link set lo up; ip link set eth0 up
  if udhcpc -i eth0 -s /etc/udhcpc.script -q -n -t 10 -T 1 >/dev/null 2>&1; then
    echo "homenova-guest: network $(ip -4 addr show eth0 | grep -o 'inet [0-9./]*' | cut -d' ' -f2)"
  fi
fi
if [ -n "$dev" ] && [ -x /usr/sbin/dropbear ]; then
  mkdir -p /root/.ssh /dev/pts /etc/dropbear; chmod 700 /root /root/.ssh
  mount -t devpts devpts /dev/pts 2>/dev/null
  grep -oE '(ssh-(ed25519|rsa)|ecdsa-sha2-nistp[0-9]+) [A-Za-z0-9+/=]+' /mnt/config/openstack/latest/meta_data.json | sort -u > /root/.ssh/authorized_keys
  chmod 600 /root/.ssh/authorized_keys
  # -R: make host keys at first connection; -E: log to stderr (the console).
  if [ -s /root/.ssh/authorized_keys ] && /usr/sbin/dropbear -R -E -p 22 2>/dev/null; then echo "homenova-guest: sshd"; fi
fi
# A shell on the serial port for `console serial` (cttyhack makes it the
# controlling terminal, so Ctrl-C works); started again when it exits.
(while true; do setsid cttyhack sh -l </dev/ttyS0 >/dev/ttyS0 2>&1; sleep 1; done) &
# And one on the VGA screen (tty1, the visible console), so keys typed through
# `console vnc` reach a shell. Not cttyhack: it would pick the serial port.
# tty1 is opened (keys typed from then on wait for the shell) before the line
# that says so.
(while true; do setsid sh -c 'exec </dev/tty1 >/dev/tty1 2>&1; echo "homenova-guest: screen shell" >/dev/ttyS0; exec sh -l'; sleep 1; done) &
while true; do sleep 3600; done
EOF
# A login for the SSH server (no password: keys only) and the DHCP client's hook.
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$ROOT/etc/passwd"
printf 'root:*:19000:0:99999:7:::\n' > "$ROOT/etc/shadow"
printf 'root:x:0:\n' > "$ROOT/etc/group"
printf '/bin/sh\n' > "$ROOT/etc/shells"
mkdir -p "$ROOT/root"
cat > "$ROOT/etc/udhcpc.script" <<'EOF'
#!/bin/sh
case "$1" in
  bound|renew)
    ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}"
    for r in $router; do route add default gw "$r" dev "$interface"; break; done ;;
esac
EOF
chmod 755 "$ROOT/etc/udhcpc.script"
# dropbear is not static: bring it with the libraries ldd names (and the loader).
if [[ -x /usr/sbin/dropbear ]]; then
  mkdir -p "$ROOT/usr/sbin"; cp /usr/sbin/dropbear "$ROOT/usr/sbin/"
  for lib in $(ldd /usr/sbin/dropbear | grep -oE '/[^ ]+'); do
    mkdir -p "$ROOT$(dirname "$lib")"; cp -L "$lib" "$ROOT$lib"
  done
else
  echo "note: no /usr/sbin/dropbear (package dropbear-bin): the guest will have no SSH server" >&2
fi
sed -i "s/@CDWAIT@/${HN_CDWAIT:-5}/" "$ROOT/init"; chmod 755 "$ROOT/init"

# busybox acpid maps the power key to PWRF/00000080 and runs this file. There is
# no init to signal (our /init is a shell), so power off at once (-f).
cat > "$ROOT/etc/acpi/PWRF/00000080" <<'EOF'
#!/bin/sh
echo "homenova-guest: acpi power button" > /dev/console
poweroff -f
EOF
chmod 755 "$ROOT/etc/acpi/PWRF/00000080"

# Main cpio, then a second hand-written newc archive holding the /dev/console
# char device (5,1): making the node for real would need root (mknod).
newc() {  # name mode rdevmajor rdevminor
  local name="$1" hdr
  hdr="$(printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
    1 "$2" 0 0 1 0 0 0 0 "$3" "$4" $(( ${#name} + 1 )) 0)"
  printf '%s%s\0' "$hdr" "$name"
  local pad=$(( (4 - (110 + ${#name} + 1) % 4) % 4 ))
  head -c "$pad" /dev/zero
}
(
  cd "$ROOT" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0
  newc dev/console $((0020600)) 5 1
  newc TRAILER!!! 0 0 0
) | gzip -9 > "$WORK/initrd.gz"

# HN_APPEND adds kernel args, e.g. HN_APPEND=homenova.poweroff
cat > "$WORK/syslinux.cfg" <<EOF
SERIAL 0 115200
PROMPT 0
DEFAULT linux
LABEL linux
  KERNEL vmlinuz
  INITRD initrd.gz
  APPEND console=ttyS0,115200 quiet loglevel=3 panic=-1 ${HN_APPEND:-}
EOF

# FAT image sized to its contents plus 2 MiB slack (KiB units for mkfs.vfat -C).
kib=$(( ( $(stat -c %s "$KERNEL") + $(stat -c %s "$WORK/initrd.gz") ) / 1024 + 2048 ))
kib=$(( (kib + 1023) / 1024 * 1024 ))
IMG="$WORK/disk.raw"
mkfs.vfat -C -n HNGUEST "$IMG" "$kib" >/dev/null
syslinux --install "$IMG"                 # boot sector + ldlinux.sys via mtools
export MTOOLS_SKIP_CHECK=1
mcopy -i "$IMG" "$KERNEL" ::vmlinuz
mcopy -i "$IMG" "$WORK/initrd.gz" "$WORK/syslinux.cfg" ::

if [[ "$FORMAT" == qcow2 ]]; then
  qemu-img convert -f raw -O qcow2 "$IMG" "$IMG.qcow2" && mv -f "$IMG.qcow2" "$IMG"
fi
mkdir -p "$(dirname "$OUT")"; chmod 644 "$IMG"; mv -f "$IMG" "$OUT"
echo "$OUT"
