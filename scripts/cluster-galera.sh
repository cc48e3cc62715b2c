#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on loopback, for tests and local trials.
#
#   bash scripts/cluster-galera.sh start [DIR]   forms the cluster; prints DIR (default: a new temp dir)
#   bash scripts/cluster-galera.sh stop DIR      stops every node and removes DIR
#   bash scripts/cluster-galera.sh kill DIR N    SIGKILLs node N (1–3)
#   bash scripts/cluster-galera.sh restart DIR N starts node N again (it rejoins by IST/SST)
#
# Node N (1–3) serves SQL on 127.0.0.1:$((GALERA_PORT_BASE + 10*(N-1))) (default base 14306:
# 14306, 14316, 14326), group communication on base+261+10*(N-1) (14567, …), IST on
# base+262+…, SST (rsync) on base+263+…. root has no password. Needs mariadbd, rsync and
# galera-4 (`apt-get install -y galera-4`); started by root, the nodes run as mysql.
set -euo pipefail

BASE="${GALERA_PORT_BASE:-14306}"
PROVIDER="${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}"
MARIADBD="${MARIADBD:-/usr/sbin/mariadbd}"
# root runs the nodes as mysql: the rsync SST daemon of a root node drops to nobody, which
# cannot write the joiner's data directory
RUN_AS=$(id -un)
if [ "$RUN_AS" = "root" ] && id mysql >/dev/null 2>&1; then RUN_AS=mysql; fi

sql_port() { echo $((BASE + 10 * ($1 - 1))); }
gcomm_port() { echo $((BASE + 261 + 10 * ($1 - 1))); }

config() { # dir node
  local dir=$1 n=$2 node="$1/n$2"
  local peers="127.0.0.1:$(gcomm_port 1),127.0.0.1:$(gcomm_port 2),127.0.0.1:$(gcomm_port 3)"
  mkdir -p "$node/data" "$node/tmp"
  cat >"$node/my.cnf" <<CNF
[mariadbd]
user=$RUN_AS
datadir=$node/data
tmpdir=$node/tmp
socket=$node/mysqld.sock
pid-file=$node/mysqld.pid
log-error=$node/error.log
port=$(sql_port "$n")
bind-address=127.0.0.1
character-set-server=utf8mb4
collation-server=utf8mb4_general_ci
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_buffer_pool_size=64M
innodb_log_file_size=32M
innodb_flush_log_at_trx_commit=2
max_connections=200
wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=vb_galera_test
wsrep_cluster_address=gcomm://$peers
wsrep_node_name=n$n
wsrep_node_address=127.0.0.1
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$(gcomm_port "$n");ist.recv_addr=127.0.0.1:$(( $(gcomm_port "$n") + 1 ));gcache.size=64M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.install_timeout=PT6S"
wsrep_sst_receive_address=127.0.0.1:$(( $(gcomm_port "$n") + 2 ))
wsrep_sst_method=rsync
wsrep_slave_threads=2
# causal reads: a read waits until the node has applied every write committed before it
# anywhere in the cluster, so a caller whose next statement lands on another node reads its own writes
wsrep_sync_wait=1
CNF
}

ready() { # dir node: the node accepts SQL and is Synced
  local state
  state=$(mysql --no-defaults --host=127.0.0.1 --port="$(sql_port "$2")" --user=root -N -e "show status like 'wsrep_local_state_comment'" 2>/dev/null | awk '{print $2}') || return 1
  [ "$state" = "Synced" ]
}

wait_ready() { # dir node seconds
  for _ in $(seq 1 "$3"); do
    ready "$1" "$2" && return 0
    if ! kill -0 "$(cat "$1/n$2/launcher.pid" 2>/dev/null || echo 0)" 2>/dev/null; then break; fi
    sleep 1
  done
  echo "node $2 did not become Synced; its log:" >&2
  tail -30 "$1/n$2/error.log" >&2 || true
  return 1
}

launch() { # dir node [extra args]
  local dir=$1 n=$2
  shift 2
  nohup "$MARIADBD" --defaults-file="$dir/n$n/my.cnf" "$@" >>"$dir/n$n/stdout.log" 2>&1 </dev/null &
  echo $! >"$dir/n$n/launcher.pid"
}

start() {
  local dir=${1:-}
  if [ -z "$dir" ]; then dir=$(mktemp -d /tmp/vb-galera.XXXXXX); fi
  mkdir -p "$dir"
  chmod 755 "$dir"
  for n in 1 2 3; do config "$dir" "$n"; done
  mariadb-install-db --no-defaults --datadir="$dir/n1/data" --user="$RUN_AS" --auth-root-authentication-method=normal \
    --skip-test-db >"$dir/n1/install.log" 2>&1
  if [ "$RUN_AS" != "$(id -un)" ]; then chown -R "$RUN_AS" "$dir"; fi
  launch "$dir" 1 --wsrep-new-cluster
  wait_ready "$dir" 1 60
  mysql --no-defaults --host=127.0.0.1 --port="$(sql_port 1)" --user=root -e \
    "create user if not exists 'root'@'127.0.0.1'; grant all on *.* to 'root'@'127.0.0.1' with grant option" 2>/dev/null || true
  launch "$dir" 2
  wait_ready "$dir" 2 90
  launch "$dir" 3
  wait_ready "$dir" 3 90
  echo "$dir"
}

stop_node() { # dir node signal
  local pidfile="$1/n$2/launcher.pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  kill "-$3" "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

stop() {
  local dir=${1:?usage: stop DIR}
  for n in 3 2 1; do stop_node "$dir" "$n" TERM; done
  case "$dir" in /tmp/*) rm -rf "$dir" ;; *) echo "left $dir in place (not under /tmp)" ;; esac
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  kill) stop_node "${2:?DIR}" "${3:?N}" KILL ;;
  restart) launch "${2:?DIR}" "${3:?N}"; wait_ready "$2" "$3" 120 ;;
  *) echo "usage: $0 start [DIR] | stop DIR | kill DIR N | restart DIR N" >&2; exit 2 ;;
esac
