#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for `pipeline repro --executor slurm`,
# its tests and CI.
#
#   scripts/slurm-local.sh start    install slurm-wlm + munge if missing, write
#                                   /etc/slurm/slurm.conf, start munged, slurmctld and
#                                   slurmd (each only if not running), wait for the
#                                   node to be idle
#   scripts/slurm-local.sh stop     stop the three daemons
#   scripts/slurm-local.sh status   what runs, and sinfo
#
# Made for a root container without systemd: the daemons are started directly. No
# cgroups (proctrack/linuxproc, task/none), no accounting database (the pipeline reads
# job states with squeue/scontrol and only tries sacct last). The scheduler runs every
# second so jobs, dependent ones included, start within a second or two.
set -euo pipefail

conf=/etc/slurm/slurm.conf
logs=/var/log/slurm
state=/var/lib/slurm
run=/run/slurm

log_tail() {
  for f in "$logs/slurmctld.log" "$logs/slurmd.log" /var/log/munge/munged.log; do
    [[ -f $f ]] && { echo "--- last lines of $f" >&2; tail -n 20 "$f" >&2; }
  done
  return 0
}

# A live process of that name: zombies do not count (a killed daemon stays one until
# something reaps it, and in a container PID 1 may never do).
running() {
  local pid
  for pid in $(pgrep -x "$1" 2>/dev/null); do
    [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) =~ ^[RSDI]$ ]] && return 0
  done
  return 1
}

install_packages() {
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null &&
    command -v sbatch >/dev/null && return 0
  echo "slurm-local: installing slurm-wlm and munge (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  # Another engineer's apt may hold the lock for a while: wait for it.
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; then
      return 0
    fi
    echo "slurm-local: apt-get failed (attempt $attempt), retrying in 10 s" >&2
    sleep 10
  done
  echo "slurm-local: could not install slurm-wlm and munge" >&2
  exit 1
}

write_config() {
  local host node
  host=$(hostname -s)
  # slurmd -C reports this machine as Slurm sees it: CPUs, sockets, cores, memory.
  node=$(slurmd -C | head -n 1)
  [[ $node == NodeName=* ]] || { echo "slurm-local: 'slurmd -C' said: $node" >&2; exit 1; }
  mkdir -p /etc/slurm "$logs" "$state/slurmctld" "$state/slurmd" "$run"
  local tmp
  tmp=$(mktemp /etc/slurm/.slurm.conf.XXXXXX)
  cat >"$tmp" <<EOF
# Written by scripts/slurm-local.sh: a single-node cluster on $host.
ClusterName=local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$state/slurmctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$run/slurmctld.pid
SlurmdPidFile=$run/slurmd.pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$logs/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
# Without a default a job asks for the whole node's memory and jobs cannot share it.
DefMemPerCPU=1024
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1,sched_min_interval=100000,bf_interval=1
ReturnToService=2
# Finished jobs stay visible to squeue/scontrol for 10 minutes.
MinJobAge=600
KillWait=5
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=30
$node State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  chmod 644 "$tmp"
  if [[ -f $conf ]] && cmp -s "$tmp" "$conf"; then
    rm -f "$tmp"
    return 1 # unchanged
  fi
  mv -f "$tmp" "$conf"
  return 0
}

wait_idle() {
  local host s deadline
  host=$(hostname -s)
  deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    s=$(timeout 5 sinfo -h -n "$host" -o '%T' 2>/dev/null || true)
    case $s in
      idle* | mixed* | allocated*) return 0 ;;
      down* | drain*) scontrol update NodeName="$host" State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  echo "slurm-local: node '$host' did not become idle (sinfo: ${s:-no answer})" >&2
  log_tail
  return 1
}

start() {
  install_packages
  local changed=0
  write_config && changed=1
  if ! running munged; then
    mkdir -p /run/munge /var/log/munge /var/lib/munge
    chown munge:munge /run/munge /var/log/munge /var/lib/munge
    [[ -f /etc/munge/munge.key ]] || { mungekey --create >/dev/null 2>&1 || true; }
    chown munge:munge /etc/munge/munge.key
    runuser -u munge -- /usr/sbin/munged || { echo "slurm-local: munged did not start" >&2; log_tail; exit 1; }
  fi
  if [[ $changed == 1 ]] && running slurmctld; then
    echo "slurm-local: slurm.conf changed, restarting the daemons"
    stop_slurm
  fi
  local d
  for d in slurmctld slurmd; do
    running $d && continue
    $d && sleep 0.5 && running $d || { echo "slurm-local: $d did not start" >&2; log_tail; exit 1; }
  done
  wait_idle || exit 1
  echo "slurm-local: up: $(sinfo -h -o '%P %D %T %c CPUs %m MB')"
}

stop_pid() {
  local name=$1 pid
  pid=$(pgrep -x "$name" || true)
  [[ -z $pid ]] && return 0
  kill $pid 2>/dev/null || true
  for _ in $(seq 1 40); do
    running "$name" || return 0
    sleep 0.25
  done
  kill -9 $pid 2>/dev/null || true
}

stop_slurm() {
  stop_pid slurmd
  stop_pid slurmctld
}

case "${1:-}" in
  start) start ;;
  stop)
    stop_slurm
    stop_pid munged
    echo "slurm-local: stopped"
    ;;
  status)
    for d in munged slurmctld slurmd; do
      if running $d; then echo "$d: running (pid $(pgrep -x $d | tr '\n' ' '))"; else echo "$d: not running"; fi
    done
    sinfo 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 64
    ;;
esac
