#!/bin/sh
# Prepares an arm64 kernel for Compare-SimKernel: the host tools (QEMU, dtc, cpio), the kernel Image, and an
# initramfs holding busybox, the decompressed nvdimm/dax/kmem modules and the guest runner as /init.
# Everything lands in a cache folder and is reused: a second run with the same kernel does nothing.
#
#   prepare-kernel.sh --cache DIR --package NAME|VERSION [--page 4K|16K]
#   prepare-kernel.sh --cache DIR --image Image --modules DIR
#
# NAME is a Debian package (linux-image-6.12.117+deb12-arm64-unsigned); VERSION is 6.12.117 or 6.12 (the newest
# 6.12.N served), the flavour chosen by --page. --modules is a folder holding the .ko files (searched recursively,
# .ko, .ko.xz, .ko.zst), e.g. a 'make modules_install INSTALL_MOD_PATH=' tree.
# The last line on stdout is KERNEL_DIR=<folder with Image, initrd.gz, release>.
# Exit codes (the cmdlet turns them into error ids): 2 usage, 10 no apt (not Debian), 11 a tool is missing and we
# are not root, 12 the package mirror cannot be reached, 13 no such kernel package, 14 the kernel lacks a module
# the guest needs (Debian kernels before 6.11.2 have no ZONE_DEVICE), 15 the given Image or modules are unusable.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
MODULES="libnvdimm nd_btt nd_pmem of_pmem dax_pmem device_dax kmem"
TOOLS="qemu-system-aarch64:qemu-system-arm dtc:device-tree-compiler cpio:cpio xz:xz-utils zstd:zstd gzip:gzip"

fail() { echo "vps-prepare: $2" >&2; exit "$1"; }
say() { echo "vps-prepare: $*" >&2; }

CACHE= PACKAGE= PAGE=4K IMAGE= MODDIR=
while [ $# -gt 0 ]; do
  case $1 in
    --cache) CACHE=$2; shift 2;;
    --package) PACKAGE=$2; shift 2;;
    --page) PAGE=$2; shift 2;;
    --image) IMAGE=$2; shift 2;;
    --modules) MODDIR=$2; shift 2;;
    *) fail 2 "unknown argument '$1'";;
  esac
done
[ -n "$CACHE" ] || fail 2 "--cache is required"
[ -n "$PACKAGE" ] || [ -n "$IMAGE" ] || fail 2 "give --package or --image with --modules"
case $PAGE in 4K) FLAVOUR=arm64;; 16K) FLAVOUR=arm64-16k;; *) fail 2 "Debian builds arm64 kernels for 4K and 16K pages, not '$PAGE'";; esac
mkdir -p "$CACHE/debs"

is_root() { [ "$(id -u)" = 0 ]; }
have_apt() { command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1; }

UPDATED=
apt_update() {
  [ -n "$UPDATED" ] && return 0
  if is_root; then
    dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || fail 12 "apt-get update failed: the Debian package mirror cannot be reached"
  else
    dpkg --print-foreign-architectures | grep -qx arm64 ||
      fail 11 "arm64 packages are not enabled; run as root: dpkg --add-architecture arm64 && apt-get update"
  fi
  UPDATED=1
}

# Host tools: install what is missing when we can.
MISSING=
for t in $TOOLS; do command -v "${t%%:*}" >/dev/null 2>&1 || MISSING="$MISSING ${t#*:}"; done
if [ -n "$MISSING" ]; then
  have_apt || fail 10 "missing tools ($MISSING ) and no apt-get to install them; install them by hand"
  is_root || fail 11 "missing tools; run as root: apt-get install$MISSING"
  apt_update
  say "installing$MISSING"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $MISSING >&2 ||
    fail 12 "apt-get install$MISSING failed"
fi

# A Debian package into $CACHE/debs, downloaded once.
fetch_deb() { # name
  f=$(ls "$CACHE/debs/$(echo "$1" | sed 's/:.*//')"_*_arm64.deb 2>/dev/null | head -1 || true)
  if [ -z "$f" ]; then
    have_apt || fail 10 "no apt-get to download $1"
    apt-cache show "$1:arm64" >/dev/null 2>&1 || apt_update
    apt-cache show "$1:arm64" >/dev/null 2>&1 || fail 13 "the mirror serves no package '$1' for arm64"
    (cd "$CACHE/debs" && apt-get download -qq "$1:arm64" >&2 2>/dev/null) || fail 12 "apt-get download $1 failed"
    f=$(ls "$CACHE/debs/$1"_*_arm64.deb | head -1)
  fi
  echo "$f"
}

search_kernels() {
  apt-cache search --names-only "^linux-image-$(echo "$PACKAGE" | sed 's/\./\\./g')\.[0-9]+\+deb12-$FLAVOUR-unsigned\$" 2>/dev/null |
    awk '{print $1}' | sort -V | tail -1
}

# Which package: a full name, a 6.12.N version, or 6.12 = the newest 6.12.N served.
resolve_package() {
  case $PACKAGE in
    linux-image-*) echo "$PACKAGE"; return;;
  esac
  echo "$PACKAGE" | grep -Eq '^[0-9]+\.[0-9]+(\.[0-9]+)?$' || fail 2 "'$PACKAGE' is neither a linux-image package nor a version like 6.12.117"
  if echo "$PACKAGE" | grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+$'; then
    echo "linux-image-$PACKAGE+deb12-$FLAVOUR-unsigned"; return
  fi
  cached=$(ls "$CACHE/debs" 2>/dev/null | sed -n "s/^\(linux-image-$(echo "$PACKAGE" | sed 's/\./\\./g')\.[0-9]*+deb12-$FLAVOUR-unsigned\)_.*/\1/p" | sort -V | tail -1)
  if have_apt; then
    # The package lists already on the machine first; refreshed only when they know no such kernel.
    newest=$(search_kernels)
    [ -n "$newest" ] || { apt_update; newest=$(search_kernels); }
    [ -n "$newest" ] && { echo "$newest"; return; }
  fi
  [ -n "$cached" ] && { echo "$cached"; return; }
  fail 13 "the mirror serves no linux-image-$PACKAGE.N+deb12-$FLAVOUR-unsigned"
}

# Decompressed copies of the modules the guest loads, from a folder searched recursively.
copy_modules() { # from to
  for m in $MODULES; do
    f=$(find "$1" -name "$m.ko" -o -name "$m.ko.xz" -o -name "$m.ko.zst" -o -name "$m.ko.gz" | head -1)
    [ -n "$f" ] || return 1
    case $f in
      *.xz) xz -dc "$f" > "$2/$m.ko";;
      *.zst) zstd -qdc "$f" > "$2/$m.ko";;
      *.gz) gzip -dc "$f" > "$2/$m.ko";;
      *) cp "$f" "$2/$m.ko";;
    esac
    echo "$m" >> "$K/missing-check"
  done
}

BUSYBOX=$CACHE/busybox
if [ ! -x "$BUSYBOX" ]; then
  deb=$(fetch_deb busybox-static)
  rm -rf "$CACHE/bb"; mkdir -p "$CACHE/bb"; dpkg-deb -x "$deb" "$CACHE/bb"
  cp "$CACHE/bb/bin/busybox" "$BUSYBOX"; rm -rf "$CACHE/bb"
fi

STAMP=$(cat "$HERE/guest-init.sh" "$0" | cksum | cut -d' ' -f1)
if [ -n "$PACKAGE" ]; then
  NAME=$(resolve_package)
  RELEASE=$(echo "$NAME" | sed -e 's/^linux-image-//' -e 's/-unsigned$//')
  K=$CACHE/kernels/$RELEASE
  if [ "$(cat "$K/stamp" 2>/dev/null)" != "$STAMP" ]; then
    deb=$(fetch_deb "$NAME")
    say "unpacking $NAME"
    rm -rf "$K"; mkdir -p "$K/x"
    dpkg-deb -x "$deb" "$K/x"
    IMG=$(ls "$K"/x/boot/vmlinuz-* | head -1)
    cp "$IMG" "$K/Image"
    MSRC=$K/x/lib/modules
  fi
else
  [ -f "$IMAGE" ] || fail 15 "no kernel Image at '$IMAGE'"
  [ -n "$MODDIR" ] && [ -d "$MODDIR" ] || fail 15 "--modules must name a folder holding the kernel's modules"
  # The release is read from the Image itself ("Linux version 6.12.0-rc1 (..."), so the cache key follows the build.
  RELEASE=$( (gzip -dc "$IMAGE" 2>/dev/null || cat "$IMAGE") | grep -a -o -m1 'Linux version [^ ]*' | head -1 | cut -d' ' -f3)
  [ -n "$RELEASE" ] || RELEASE=custom
  SUM=$(cat "$IMAGE" | cksum | cut -d' ' -f1)
  K=$CACHE/kernels/custom-$RELEASE-$SUM
  [ "$(cat "$K/stamp" 2>/dev/null)" = "$STAMP" ] || { rm -rf "$K"; mkdir -p "$K"; cp "$IMAGE" "$K/Image"; }
  MSRC=$MODDIR
fi

if [ "$(cat "$K/stamp" 2>/dev/null)" != "$STAMP" ]; then
  R=$K/initrd
  rm -rf "$R" "$K/missing-check"; mkdir -p "$R/bin" "$R/proc" "$R/sys" "$R/dev" "$R/mods"
  if ! copy_modules "$MSRC" "$R/mods"; then
    have=$(cat "$K/missing-check" 2>/dev/null | tr '\n' ' ')
    rm -rf "$K"
    fail 14 "the kernel lacks a module the guest needs (needs: $MODULES; found: $have); it needs CONFIG_ZONE_DEVICE, LIBNVDIMM, OF_PMEM, DEV_DAX_PMEM, DEV_DAX_KMEM as modules"
  fi
  rm -f "$K/missing-check"
  cp "$BUSYBOX" "$R/bin/busybox"
  cp "$HERE/guest-init.sh" "$R/init"; chmod 755 "$R/init"
  (cd "$R" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$K/initrd.gz"
  rm -rf "$R" "$K/x"
  echo "$RELEASE" > "$K/release"
  echo "$STAMP" > "$K/stamp"
fi
echo "KERNEL_DIR=$K"
