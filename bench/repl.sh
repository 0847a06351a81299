#!/usr/bin/env bash
# bench/repl.sh - what replication costs: single-row update throughput (bench/update.pgb,
# pgbench -M prepared) with replication off, asynchronous (--replicate) and synchronous
# (--synchronous-replication) against a local S3 server (tests/s3/s3rver.sh, loopback),
# median of BENCH_REPEAT runs each, plus the median and p99 replication lag sampled from
# SHOW litegres.replication_lag every 100 ms during the replicated runs. Not part of make
# test. Every server it starts is stopped by PID on exit.
#
# Environment: LITEGRES_BIN (default build/litegres), BENCH_SECONDS per run (default 10),
# BENCH_REPEAT (default 3), BENCH_CLIENTS (default 8), SYNC_INTERVAL (default 1s),
# KEEP=1 keeps the temp dir.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
lg_bin="${LITEGRES_BIN:-$root/build/litegres}"
secs="${BENCH_SECONDS:-10}"
repeat="${BENCH_REPEAT:-3}"
clients="${BENCH_CLIENTS:-8}"
interval="${SYNC_INTERVAL:-1s}"

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$lg_bin" ] || die "no litegres binary at $lg_bin (build it, or set LITEGRES_BIN)"
command -v pgbench >/dev/null || die "pgbench not found (apt-get install postgresql-client-15)"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/lg-bench-repl.XXXXXX")"
lg_pid="" s3_pid=""
stop_lg() {
    if [ -n "$lg_pid" ]; then
        kill -TERM "$lg_pid" 2>/dev/null || true
        wait "$lg_pid" 2>/dev/null || true
        lg_pid=""
    fi
}
stop_all() {
    stop_lg
    [ -n "$s3_pid" ] && "$root/tests/s3/s3rver.sh" stop "$s3_pid" || true
    [ "${KEEP:-0}" = 1 ] && echo "bench: kept $tmp" >&2 || rm -rf "$tmp"
}
trap stop_all EXIT

read -r s3_pid s3_port < <("$root/tests/s3/s3rver.sh" start "$tmp/s3" benchbkt) ||
    die "could not start the S3 server"
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
export AWS_ENDPOINT_URL_S3="http://127.0.0.1:$s3_port"

free_port() {
    local p
    for _ in $(seq 1 50); do
        p=$((20001 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
    die "no free port found"
}

psql_lg() { psql -X -q -t -A -h 127.0.0.1 -p "$port" -U bench -d bench "$@"; }

start_lg() { # mode: off | async | sync ; fresh database each time
    local mode="$1" n="$2" extra=()
    rm -f "$tmp/bench.db" "$tmp/bench.db-wal" "$tmp/bench.db-shm"
    case "$mode" in
        async) extra=(--replicate "s3://benchbkt/$mode-$n" --sync-interval "$interval") ;;
        sync) extra=(--replicate "s3://benchbkt/$mode-$n" --sync-interval "$interval"
                     --synchronous-replication) ;;
    esac
    port="$(free_port)"
    "$lg_bin" serve --db "$tmp/bench.db" --listen "127.0.0.1:$port" --unix-socket-dir "" \
        --log-level warn "${extra[@]}" >"$tmp/litegres-$mode-$n.log" 2>&1 &
    lg_pid=$!
    for _ in $(seq 1 500); do
        pg_isready -q -h 127.0.0.1 -p "$port" -d bench -U bench && break
        sleep 0.02
    done
    [ "$(psql_lg -v ON_ERROR_STOP=1 -f "$here/load.sql" | tail -n 1)" = 100000 ] ||
        die "loading failed (see $tmp/litegres-$mode-$n.log)"
}

sample_lag() { # writes one lag sample (seconds) per line until killed
    while sleep 0.1; do
        psql_lg -c 'SHOW litegres.replication_lag' 2>/dev/null || true
    done
}

run_once() { # prints TPS
    local out
    out="$(pgbench -n -M prepared -f "$here/update.pgb" -c "$clients" -j 2 -T "$secs" \
        -h 127.0.0.1 -p "$port" -U bench bench 2>&1)" || { echo "$out" >&2; die "pgbench failed"; }
    sed -nE 's/^tps = ([0-9.]+) \(without initial connection time\)$/\1/p' <<<"$out"
}
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
pct() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { if (!NR) { print "n/a"; exit }
    i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print v[i] }'; }

declare -A tps lag_med lag_p99
for mode in off async sync; do
    runs=()
    : >"$tmp/lag-$mode.txt"
    for i in $(seq 1 "$repeat"); do
        start_lg "$mode" "$i"
        sampler=""
        if [ "$mode" != off ]; then
            sample_lag >>"$tmp/lag-$mode.txt" &
            sampler=$!
        fi
        runs+=("$(run_once)")
        [ -n "$sampler" ] && { kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; }
        echo "bench: $mode run $i: ${runs[-1]} tps" >&2
        stop_lg
    done
    tps[$mode]="$(printf '%s\n' "${runs[@]}" | median)"
    if [ "$mode" != off ]; then
        lag_med[$mode]="$(grep -E '^[0-9.]+$' "$tmp/lag-$mode.txt" | pct 50)"
        lag_p99[$mode]="$(grep -E '^[0-9.]+$' "$tmp/lag-$mode.txt" | pct 99)"
    fi
done

echo
echo "single-row updates, $clients clients, pgbench -M prepared, median of $repeat x ${secs}s," \
     "sync interval $interval, local s3rver, $(nproc) cores"
printf '%-6s %10s %8s %14s %14s\n' mode tps vs_off lag_median_s lag_p99_s
for mode in off async sync; do
    rel="$(awk -v a="${tps[$mode]}" -v b="${tps[off]}" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')"
    printf '%-6s %10.0f %7sx %14s %14s\n' "$mode" "${tps[$mode]}" "$rel" "${lag_med[$mode]:--}" \
        "${lag_p99[$mode]:--}"
done
