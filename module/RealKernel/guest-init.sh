#!/bin/busybox sh
# /init of the Compare-SimKernel guest (busybox). Runs a scenario's steps on the pmem regions the host put in
# the device tree, the way ndctl and daxctl would (plain sysfs writes), and prints what the kernel did as
# 'VPS ...' lines on the serial console for the host to parse.
#
# Kernel command line:
#   vps.d=START:KIND:MAP:ALIGN,...   one entry per device, in scenario order; START hex, KIND fsdax|devdax,
#                                    MAP mem|dev, ALIGN bytes
#   vps.steps=add:I,remove:I,kmem:I:MOM,...   I = device index; kmem hands device I (devdax) to the kmem driver
#                                    with memmap_on_memory = MOM and onlines its blocks
#   vps.settle=SECONDS               quiet time before each reading (default 2)
# Output: VPS begin / snap N / step N / dmesg N / end. Snapshot 0 is before the first step, snapshot N after step N.
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev; mkdir -p /tmp

arg() { tr ' ' '\n' < /proc/cmdline | sed -n "s/^vps\.$1=//p" | tail -1; }
DEVS=$(arg d | tr ',' ' ')
STEPS=$(arg steps | tr ',' ' ')
SETTLE=$(arg settle); [ -n "$SETTLE" ] || SETTLE=2
ND=/sys/bus/nd/devices
PSZ=$(( $(awk '/^KernelPageSize:/{print $2; exit}' /proc/self/smaps) * 1024 ))

echo "VPS begin release=$(uname -r) pagesize=$PSZ"

# Field N (1-based) of device I's entry.
devfield() { echo $DEVS | tr ' ' '\n' | sed -n "$(( $1 + 1 ))p" | cut -d: -f$2; }

# Reads that take the device lock hang for good after an Oops in a probe that held it: never wait long.
rd() { timeout 5 cat "$1" 2>/dev/null | head -1; }

snap() {
  sync; echo 3 > /proc/sys/vm/drop_caches; echo 1 > /proc/sys/vm/compact_memory 2>/dev/null; sleep "$SETTLE"
  F=$(awk '/^nr_free_pages /{print $2}' /proc/vmstat)
  P=$(awk '$1=="count:"{s+=$2} END{print s+0}' /proc/zoneinfo)
  M=$(awk '/^(MemTotal|Slab|KernelStack|Percpu):/{printf "%s=%s ", tolower($1), $2}' /proc/meminfo | tr -d ':')
  echo "VPS snap $1 free=$F pcp=$P $M"
}

# The nd device (pfn or dax) that configures device I, created from its region's seed on first use.
region_of() {
  for r in $ND/region*; do
    [ -f "$r/resource" ] && [ $(( $(cat "$r/resource") )) -eq $(( 0x$(devfield "$1" 1) )) ] && { basename "$r"; return; }
  done
}

configure() { # I -> prints the nd device name
  R=$(region_of "$1"); NS=namespace${R#region}.0
  if [ "$(devfield "$1" 2)" = fsdax ]; then D=$(cat $ND/$R/pfn_seed); else D=$(cat $ND/$R/dax_seed); fi
  cat /proc/sys/kernel/random/uuid > $ND/$D/uuid
  if [ "$(devfield "$1" 3)" = dev ]; then echo pmem > $ND/$D/mode; else echo ram > $ND/$D/mode; fi
  echo "$(devfield "$1" 4)" > $ND/$D/align
  echo $NS > $ND/$D/namespace
  echo $D
}

daxdev_of() { # region -> the device-dax device on the dax bus
  ls /sys/bus/dax/devices 2>/dev/null | grep "^dax${1#region}\." | head -1
}

# The shell's message for a failed sysfs write ("write error: No such device"), spaces as '_'.
werr() { sed -n 's/.*write error: //p' /tmp/err 2>/dev/null | head -1 | tr ' ' '_'; }

# Which driver binds the nd device, what it offers (the pfn/dax device's size and resource).
report() { # step action index nddevice rc
  DRV=$(basename "$(readlink $ND/$4/driver 2>/dev/null)" 2>/dev/null)
  SIZE=$(rd $ND/$4/size); RES=$(rd $ND/$4/resource)
  X=$(daxdev_of "$(region_of "$3")")
  DSIZE=; [ -n "$X" ] && DSIZE=$(rd /sys/bus/dax/devices/$X/size)
  echo "VPS step $1 action=$2 dev=$3 nd=$4 rc=$5 err=$(werr) driver=${DRV:-none} size=${SIZE:-none} resource=${RES:-none} daxsize=${DSIZE:-none}"
}

# The kernel log since the last call, as 'VPS dmesg N' lines. After an Oops the probe that died still holds
# its device lock: any sysfs read of that device would block for good (in D state, past any timeout), and so
# would a clean power-off (device_shutdown takes every device lock). So the runner reports the step and
# crashes the kernel on purpose: panic=-1 restarts at once, without device shutdown, and QEMU (-no-reboot) exits.
dmesg_of() {
  dmesg -c > /tmp/dmesg 2>/dev/null; sed "s/^/VPS dmesg $1 /" /tmp/dmesg
  if grep -q -e 'Internal error:' -e 'kernel BUG at' /tmp/dmesg; then
    echo "VPS step $1 oops=1"; echo "VPS end steps=$1 oops=1"; sync; echo c > /proc/sysrq-trigger
  fi
}

# Modules: the bus and regions first; then no automatic binding on the nd bus, so no raw namespace is
# claimed by nd_pmem behind our back (a raw namespace at an odd 2 MiB start Oopses on 16K pages).
insmod /mods/libnvdimm.ko; insmod /mods/of_pmem.ko
want=$(echo $DEVS | wc -w); n=0
while [ "$(ls -d $ND/namespace*.0 2>/dev/null | wc -l)" -lt "$want" ] && [ $n -lt 50 ]; do sleep 0.2; n=$((n+1)); done
echo 0 > /sys/bus/nd/drivers_autoprobe
for m in nd_btt nd_pmem dax_pmem device_dax; do insmod /mods/$m.ko || echo "VPS error insmod $m"; done
sleep 1
dmesg_of 0 > /dev/null
snap 0

S=0; KMEM=
for st in $STEPS; do
  S=$((S+1)); A=${st%%:*}; I=$(echo $st | cut -d: -f2)
  case $A in
    add)
      eval "D=\$ND_$I"; [ -n "$D" ] || { D=$(configure "$I"); eval "ND_$I=$D"; }
      timeout 120 sh -c "echo $D > /sys/bus/nd/drivers_probe" 2>/tmp/err; RC=$?
      dmesg_of $S; report $S add "$I" "$D" $RC;;
    remove)
      eval "D=\$ND_$I"
      if [ "$(devfield "$I" 2)" = fsdax ]; then U=nd_pmem; else U=dax_pmem; fi
      timeout 120 sh -c "echo $D > /sys/bus/nd/drivers/$U/unbind" 2>/tmp/err; RC=$?
      dmesg_of $S; report $S remove "$I" "$D" $RC;;
    kmem)
      eval "D=\$ND_$I"; MOM=$(echo $st | cut -d: -f3); X=$(daxdev_of "$(region_of "$I")")
      [ -n "$KMEM" ] || { insmod /mods/kmem.ko; KMEM=1; }
      echo $X > /sys/bus/dax/drivers/device_dax/unbind
      echo $MOM > /sys/bus/dax/devices/$X/memmap_on_memory
      B0=$(ls -d /sys/devices/system/memory/memory* | wc -l)
      timeout 120 sh -c "echo $X > /sys/bus/dax/drivers/kmem/new_id 2>/dev/null; [ -e /sys/bus/dax/devices/$X/driver ] || echo $X > /sys/bus/dax/drivers/kmem/bind" 2>/tmp/err; RC=$?
      n=0; for b in /sys/devices/system/memory/memory*; do
        [ "$(cat $b/state)" = offline ] && { echo online_movable > $b/state && n=$((n+1)); }
      done
      B1=$(ls -d /sys/devices/system/memory/memory* | wc -l)
      sleep 1; dmesg_of $S
      echo "VPS step $S action=kmem dev=$I nd=$D rc=$RC err=$(werr) driver=$(basename "$(readlink /sys/bus/dax/devices/$X/driver 2>/dev/null)" 2>/dev/null) memmap_on_memory=$(rd /sys/bus/dax/devices/$X/memmap_on_memory) blocks=$((B1-B0)) onlined=$n block_size=$(( 0x$(cat /sys/devices/system/memory/block_size_bytes) ))";;
    *) echo "VPS error unknown step $st";;
  esac
  snap $S
done
echo "VPS end steps=$S"
poweroff -f
