#!/usr/bin/env bash
# A one-node SLURM cluster on localhost for the SLURM tests (Debian 12: slurm-wlm + munge).
#   test/slurm/localCluster.sh start   → starts munged, slurmctld and slurmd; prints the SLURM_CONF path
#   test/slurm/localCluster.sh stop    → stops the daemons started by `start`
# Everything lives under $SCIFAI_SLURM_DIR (default /tmp/scifai-slurm); the system's /etc/slurm is
# not touched. Needs root (as in CI) for munge's key and the daemons.
set -euo pipefail
DIR="${SCIFAI_SLURM_DIR:-/tmp/scifai-slurm}"
CONF="$DIR/slurm.conf"
HOST="$(hostname)"

start() {
  mkdir -p "$DIR"/{state,spool,log}
  # munge: one key for the machine, daemon running as the munge user.
  if [ ! -f /etc/munge/munge.key ]; then
    if command -v mungekey >/dev/null; then mungekey -c; else dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; fi
  fi
  chown -R munge:munge /etc/munge
  chmod 700 /etc/munge
  chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown munge:munge /run/munge /var/lib/munge /var/log/munge
  if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
    for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  munge -n | unmunge | grep -q "STATUS: *Success" || { echo "munge does not work" >&2; exit 1; }

  cat > "$CONF" <<CONF
ClusterName=scifai-test
SlurmctldHost=$HOST
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
ReturnToService=2
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
SchedulerType=sched/backfill
MpiDefault=none
NodeName=$HOST CPUs=$(nproc) RealMemory=20000 State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$CONF"
  /usr/sbin/slurmctld -f "$CONF"
  /usr/sbin/slurmd -f "$CONF"
  for _ in $(seq 100); do
    if sinfo -h -o "%T" 2>/dev/null | grep -qE "idle|mixed|allocated"; then echo "$CONF"; return 0; fi
    sleep 0.2
  done
  echo "SLURM did not come up; logs in $DIR/log" >&2
  tail -n 20 "$DIR"/log/*.log >&2 || true
  exit 1
}

stop() {
  for pidfile in "$DIR/slurmd.pid" "$DIR/slurmctld.pid"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
