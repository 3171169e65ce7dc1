#!/bin/sh
# vmemmapps-capture.sh: collect what VmemmapPS needs to simulate this arm64 host (Import-SimMachine).
#
# Plain POSIX sh. Reads only; needs no network; writes nothing outside the output folder (and the tarball
# next to it with -t). Runs without root: /proc/iomem then shows zero addresses and a few sysfs files are
# unreadable; capture-info.txt says so, and Import-SimMachine uses the memory blocks instead.
#
#   sh vmemmapps-capture.sh [-o DIR] [-t]
#     -o DIR  output folder (default ./vmemmapps-capture); must not exist or be empty
#     -t      also pack DIR into DIR.tar.gz
#
# VMEMMAPPS_ROOT (default empty) is prepended to /proc, /sys and /boot, so the script can be tested against a
# fake tree; the tools (uname, getconf, ndctl, daxctl, cxl) are found on PATH as usual.
set -u

out=./vmemmapps-capture
tarball=0
while getopts o:t opt; do
    case $opt in
        o) out=$OPTARG ;;
        t) tarball=1 ;;
        *) echo "usage: $0 [-o DIR] [-t]" >&2; exit 2 ;;
    esac
done

root=${VMEMMAPPS_ROOT:-}

if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
    echo "$0: $out exists and is not empty; choose another folder with -o" >&2
    exit 2
fi
mkdir -p "$out" || exit 1
info="$out/capture-info.txt"
: > "$info"

note() { printf '%s\n' "$*" >> "$info"; }

# copy SRC NAME: a readable file into the capture, or a note saying why not.
copy() {
    if [ -r "$1" ]; then
        if cat "$1" > "$out/$2" 2>/dev/null; then return 0; fi
        rm -f "$out/$2"
    fi
    if [ -e "$1" ]; then note "unreadable: $1"; else note "missing: $1"; fi
    return 1
}

# run NAME CMD...: a command's output into the capture, or a note when it is not installed or fails.
run() {
    name=$1; shift
    if ! command -v "$1" >/dev/null 2>&1; then note "not installed: $1"; return 1; fi
    if "$@" > "$out/$name" 2>/dev/null; then return 0; fi
    note "failed: $*"
    rm -f "$out/$name"
    return 1
}

note "format: vmemmapps-capture 1"
note "uid: $(id -u 2>/dev/null || echo unknown)"
[ "$(id -u 2>/dev/null)" = 0 ] || note "not root: /proc/iomem addresses read as zero; device resources may be unreadable"

run uname-r.txt uname -r
run uname-m.txt uname -m
run pagesize.txt getconf PAGESIZE

for f in cmdline iomem meminfo zoneinfo vmstat; do copy "$root/proc/$f" "proc-$f.txt"; done

mem="$root/sys/devices/system/memory"
copy "$mem/block_size_bytes" block_size_bytes.txt
if [ -d "$mem" ]; then
    # One line per memory block: name, phys_index, state, valid_zones, phys_device, node.
    {
        printf 'block\tphys_index\tstate\tvalid_zones\tphys_device\tnode\n'
        for b in "$mem"/memory[0-9]*; do
            [ -d "$b" ] || continue
            node=-
            for n in "$b"/node[0-9]*; do [ -e "$n" ] && node=${n##*/node}; done
            printf '%s\t%s\t%s\t%s\t%s\t%s\n' "${b##*/}" \
                "$(cat "$b/phys_index" 2>/dev/null || echo -)" \
                "$(cat "$b/state" 2>/dev/null || echo -)" \
                "$(cat "$b/valid_zones" 2>/dev/null | tr ' ' ',' || echo -)" \
                "$(cat "$b/phys_device" 2>/dev/null || echo -)" \
                "$node"
        done
    } > "$out/memory-blocks.tsv"
else
    note "missing: $mem"
fi

nodes="$root/sys/devices/system/node"
for n in "$nodes"/node[0-9]*; do
    [ -d "$n" ] || continue
    copy "$n/meminfo" "${n##*/}-meminfo.txt"
    copy "$n/cpulist" "${n##*/}-cpulist.txt"
done

release=$(cat "$out/uname-r.txt" 2>/dev/null || echo unknown)
if [ -r "$root/boot/config-$release" ]; then
    copy "$root/boot/config-$release" kernel-config.txt
elif [ -r "$root/proc/config.gz" ] && command -v gzip >/dev/null 2>&1; then
    gzip -dc "$root/proc/config.gz" > "$out/kernel-config.txt" 2>/dev/null || { note "failed: gzip -dc $root/proc/config.gz"; rm -f "$out/kernel-config.txt"; }
else
    note "missing: kernel config (/boot/config-$release, /proc/config.gz)"
fi

params="$root/sys/module/memory_hotplug/parameters"
if [ -d "$params" ]; then
    for p in "$params"/*; do
        [ -f "$p" ] && copy "$p" "memory_hotplug-${p##*/}.txt"
    done
else
    note "missing: $params"
fi

dax="$root/sys/bus/dax/devices"
if [ -d "$dax" ]; then
    # One line per dax device: name, its memmap_on_memory attribute (v6.8+; '-' where it has none), driver.
    {
        printf 'device\tmemmap_on_memory\tdriver\n'
        for d in "$dax"/dax[0-9]*; do
            [ -d "$d" ] || continue
            drv=-
            [ -e "$d/driver" ] && drv=$(basename "$(readlink "$d/driver" 2>/dev/null || echo -)")
            printf '%s\t%s\t%s\n' "${d##*/}" "$(cat "$d/memmap_on_memory" 2>/dev/null || echo -)" "$drv"
        done
    } > "$out/dax-devices.tsv"
fi

run ndctl-list.json ndctl list -NRDX
run daxctl-list.json daxctl list -DM
run cxl-list.json cxl list -RMD

if [ "$tarball" = 1 ]; then
    parent=$(dirname "$out"); base=$(basename "$out")
    (cd "$parent" && tar -cf - "$base" | gzip -c > "$base.tar.gz") || { echo "$0: could not write $out.tar.gz" >&2; exit 1; }
    echo "$out.tar.gz"
else
    echo "$out"
fi
