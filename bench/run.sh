#!/usr/bin/env bash
# bench/run.sh - litegres vs PostgreSQL 15 on this machine, in one run (not part of make test).
#
# Starts a throwaway PostgreSQL 15 (Debian's /usr/lib/postgresql/15/bin: initdb -A trust in
# a temp dir, a port above 20000, its own socket dir, default fsync settings) and litegres
# side by side on 127.0.0.1, loads the same 100k-row pgbench_accounts into both with
# bench/load.sql, then runs the same pgbench custom scripts against each, alternating:
#   select-8    bench/select.pgb  -M prepared  8 clients   (point select by primary key)
#   select-32   bench/select.pgb  -M prepared 32 clients
#   select-8s   bench/select.pgb  -M simple    8 clients   (literals inline: the translation
#                                                          cache's second key)
#   update-8    bench/update.pgb  -M prepared  8 clients   (single-row update by key)
# Each is repeated 3 times; prints the median TPS of each and litegres/PostgreSQL.
# Both servers are stopped by PID on exit.
#
# Environment: LITEGRES_BIN (default build/litegres), BENCH_SECONDS per run (default 10),
# BENCH_REPEAT (default 3), PG_BIN (default /usr/lib/postgresql/15/bin), KEEP=1 keeps the dir.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
lg_bin="${LITEGRES_BIN:-$root/build/litegres}"
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
secs="${BENCH_SECONDS:-10}"
repeat="${BENCH_REPEAT:-3}"

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$lg_bin" ] || die "no litegres binary at $lg_bin (build it, or set LITEGRES_BIN)"
[ -x "$pg_bin/postgres" ] || die "no PostgreSQL 15 in $pg_bin (apt-get install postgresql-15)"
command -v pgbench >/dev/null || die "pgbench not found (apt-get install postgresql-client-15)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/lg-bench.XXXXXX")"
pg_pid="" lg_pid=""
stop_all() {
    [ -n "$lg_pid" ] && kill -TERM "$lg_pid" 2>/dev/null && wait "$lg_pid" 2>/dev/null || true
    [ -n "$pg_pid" ] && kill -INT "$pg_pid" 2>/dev/null && wait "$pg_pid" 2>/dev/null || true
    [ "${KEEP:-0}" = 1 ] && echo "bench: kept $tmp" >&2 || rm -rf "$tmp"
}
trap stop_all EXIT

free_port() { # a free TCP port above 20000
    local p
    for _ in $(seq 1 50); do
        p=$((20001 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
    die "no free port found"
}

wait_ready() { # host port name
    for _ in $(seq 1 500); do
        "$pg_bin/pg_isready" -q -h "$1" -p "$2" -d "$3" -U bench && return 0
        sleep 0.02
    done
    die "$3 on port $2 did not become ready (see $tmp/*.log)"
}

# --- PostgreSQL ---
pg_port="$(free_port)"
mkdir -p "$tmp/pg" "$tmp/pgsock"
as_pg=()
if [ "$(id -u)" = 0 ]; then # postgres refuses to run as root
    chown -R postgres "$tmp/pg" "$tmp/pgsock"
    chmod 0755 "$tmp"
    as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups)
fi
"${as_pg[@]}" "$pg_bin/initdb" -A trust -U bench -D "$tmp/pg/data" >"$tmp/initdb.log" 2>&1 ||
    die "initdb failed: $(tail -5 "$tmp/initdb.log")"
"${as_pg[@]}" "$pg_bin/postgres" -D "$tmp/pg/data" -p "$pg_port" -k "$tmp/pgsock" \
    -c listen_addresses=127.0.0.1 -c max_connections=100 >"$tmp/pg.log" 2>&1 &
pg_pid=$!
wait_ready 127.0.0.1 "$pg_port" postgres
"$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U bench bench

# --- litegres ---
lg_port="$(free_port)"
mkdir -p "$tmp/lgsock"
"$lg_bin" serve --db "$tmp/bench.db" --listen "127.0.0.1:$lg_port" --unix-socket-dir "$tmp/lgsock" \
    --max-connections 100 --log-level warn >"$tmp/litegres.log" 2>&1 &
lg_pid=$!
wait_ready 127.0.0.1 "$lg_port" bench

load() { # port
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$1" -U bench -d bench -f "$here/load.sql" \
        -t -A | tail -n 1
}
n_pg="$(load "$pg_port")" || die "loading PostgreSQL failed"
n_lg="$(load "$lg_port")" || die "loading litegres failed (see the psql error above)"
[ "$n_pg" = 100000 ] || die "PostgreSQL load gave $n_pg rows"
[ "$n_lg" = 100000 ] || die "litegres load gave $n_lg rows"
psql -X -q -h 127.0.0.1 -p "$pg_port" -U bench -d bench -c 'VACUUM ANALYZE pgbench_accounts'

# one pgbench run; prints its TPS
run_once() { # port script clients mode
    local out
    out="$(pgbench -n -M "$4" -f "$here/$2" -c "$3" -j 2 -T "$secs" -h 127.0.0.1 -p "$1" \
        -U bench bench 2>&1)" || { echo "$out" >&2; die "pgbench failed on port $1"; }
    sed -nE 's/^tps = ([0-9.]+) \(without initial connection time\)$/\1/p' <<<"$out"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

declare -A result
for t in "select-8 select.pgb 8 prepared" "select-32 select.pgb 32 prepared" \
    "select-8s select.pgb 8 simple" "update-8 update.pgb 8 prepared"; do
    read -r name script clients mode <<<"$t"
    pg_runs=() lg_runs=()
    for i in $(seq 1 "$repeat"); do
        pg_runs+=("$(run_once "$pg_port" "$script" "$clients" "$mode")")
        lg_runs+=("$(run_once "$lg_port" "$script" "$clients" "$mode")")
        echo "bench: $name run $i: postgres ${pg_runs[-1]} tps, litegres ${lg_runs[-1]} tps" >&2
    done
    result[$name.pg]="$(printf '%s\n' "${pg_runs[@]}" | median)"
    result[$name.lg]="$(printf '%s\n' "${lg_runs[@]}" | median)"
done

echo
echo "litegres vs PostgreSQL 15, median of $repeat x ${secs}s runs, $(nproc) cores"
printf '%-10s %8s %9s %14s %14s %8s\n' test clients mode postgres_tps litegres_tps ratio
for t in "select-8 8 prepared" "select-32 32 prepared" "select-8s 8 simple" "update-8 8 prepared"; do
    read -r name clients mode <<<"$t"
    pg="${result[$name.pg]}" lg="${result[$name.lg]}"
    ratio="$(awk -v a="$lg" -v b="$pg" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
    printf '%-10s %8s %9s %14.0f %14.0f %7sx\n' "$name" "$clients" "$mode" "$pg" "$lg" "$ratio"
done
