#!/usr/bin/env bash
# Install every Debian package homenova's end-to-end tests need: real libvirt
# hosts on this machine (sshd + libvirt + QEMU/TCG) and the guest disk image
# (scripts/guest-image/build.sh). Idempotent: returns at once when everything
# is already installed, so re-running it is cheap. Must run as root.
set -euo pipefail

PACKAGES=(
  openssh-server openssh-client # one sshd per fake host, ssh/scp client
  libvirt-daemon-system         # libvirtd, virtlogd, qemu driver (+ session mode)
  libvirt-clients               # virsh, virt-ssh-helper (qemu+ssh:// URIs)
  qemu-system-x86 qemu-utils    # the emulator (TCG) and qemu-img
  seabios ipxe-qemu             # BIOS; iPXE option ROMs for virtio/e1000 NICs
  procps                        # pgrep/pkill, used by up.sh/down.sh
  linux-image-cloud-amd64       # guest kernel (+ modules copied into initramfs)
  busybox-static cpio           # guest initramfs
  syslinux syslinux-common      # boot loader, installed onto FAT via mtools
  mtools dosfstools             # FAT image without root or loop devices
  genisoimage                   # config drive (ISO 9660, label config-2)
  dropbear-bin                  # the test guest's SSH server (server ssh)
  zsh                           # the integration test of zsh completion
  chromium                      # headless browser for the noVNC console page (console-proxy e2e)
  spice-html5                   # SPICE browser client the console proxy serves (--type spice-html5)
  tmux                          # drives the real dashboard in a terminal (test/integration/dashboard.test.ts)
)

missing=()
for p in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install.sh: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install.sh: must run as root to install: ${missing[*]}" >&2
  exit 1
fi

echo "install.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# libvirt-daemon-system ships config files: without force-conf* dpkg may stop
# at a prompt (no terminal in CI).
APT_OPTS=(-y -q -o Dpkg::Options::=--force-confold -o Dpkg::Options::=--force-confdef)
apt-get update -q
apt-get install "${APT_OPTS[@]}" "${PACKAGES[@]}"
echo "install.sh: done"
