#!/usr/bin/env bash
# s3rver.sh - a throwaway S3-compatible server on loopback for litegres tests.
#
# Server: npm @20minutes/s3rver 4.0.4 (verifies AWS Signature V4, unlike plain s3rver),
# installed once into a cache directory outside the source tree and run with
# `node --openssl-legacy-provider` (its listing continuation tokens use DES).
# The server binds 127.0.0.1 on a port the kernel picks, so parallel test runs never
# collide; `start` reports the port it got.
#
# Usage:
#   s3rver.sh install                      install into $S3RVER_DIR (idempotent, locked)
#   s3rver.sh start DATA_DIR [BUCKET...]   start in the background, objects under DATA_DIR
#                                          (created), buckets created; prints "PID PORT"
#                                          once the server answers; log in DATA_DIR.log
#   s3rver.sh stop PID [--kill]            stop that server only (TERM, KILL after 5 s;
#                                          --kill: KILL at once). Refuses other processes.
# Environment:
#   S3RVER_DIR     install dir (default ${XDG_CACHE_HOME:-$HOME/.cache}/litegres-s3rver/4.0.4)
#   S3RVER_KEY / S3RVER_SECRET  the one credential pair accepted (default S3RVER / S3RVER)
# Credentials for clients: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as above, any region,
# AWS_ENDPOINT_URL_S3=http://127.0.0.1:PORT (path-style).
set -euo pipefail

VERSION=4.0.4
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DIR="${S3RVER_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/litegres-s3rver/$VERSION}"
LAUNCHER=litegres-s3rver-launch.js

die() { echo "s3rver.sh: $*" >&2; exit 1; }

write_launcher() {
  cat > "$DIR/$LAUNCHER.tmp" <<'JS'
// litegres test S3 server launcher: node --openssl-legacy-provider THIS DATA_DIR [BUCKET...]
'use strict';
const S3rver = require('@20minutes/s3rver');
const Account = require('@20minutes/s3rver/lib/models/account');
// Real S3 never shows a partly written object: a PUT appears whole or not at all. s3rver
// streams the body straight into the object's file, so a client killed mid-upload (the
// kill -9 tests) would leave a truncated object behind. Stream into a side file instead
// and rename it over the object once the body is complete.
const fsp = require('fs').promises;
const nodePath = require('path');
const Store = require('@20minutes/s3rver/lib/stores/filesystem');
Store.prototype.putObject = async function putObjectWhole(object) {
  const target = this.getResourcePath(object.bucket, object.key, 'object');
  await fsp.mkdir(nodePath.dirname(target), { recursive: true });
  const side = `${target}.incoming-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  let size, md5;
  try {
    [size, md5] = await this.putContent(side, object.content);
  } catch (err) {
    await fsp.rm(side, { force: true });
    throw err;
  }
  await fsp.rm(this.getResourcePath(object.bucket, object.key, 'object.md5'), { force: true });
  await fsp.rename(side, target);
  await this.putMetadata(object.bucket, object.key, object.metadata, md5);
  return { size, md5 };
};
const [directory, ...buckets] = process.argv.slice(2);
if (!directory) { console.error('usage: launcher DATA_DIR [BUCKET...]'); process.exit(2); }
const key = process.env.S3RVER_KEY || 'S3RVER';
const secret = process.env.S3RVER_SECRET || 'S3RVER';
if (key !== 'S3RVER') Account.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
Account.DUMMY_ACCOUNT.createKeyPair(key, secret);
const server = new S3rver({
  address: '127.0.0.1', port: 0, directory, silent: true, vhostBuckets: false,
  configureBuckets: buckets.map((name) => ({ name })),
});
server.run().then(({ port }) => {
  console.log(`litegres-s3rver ready port=${port} pid=${process.pid}`);
}, (err) => { console.error('litegres-s3rver failed: ' + err.stack); process.exit(1); });
const quit = () => server.close().finally(() => process.exit(0));
process.on('SIGTERM', quit);
process.on('SIGINT', quit);
JS
  mv "$DIR/$LAUNCHER.tmp" "$DIR/$LAUNCHER"
}

do_install() {
  command -v node >/dev/null || die "node not found"
  command -v npm >/dev/null || die "npm not found"
  mkdir -p "$DIR"
  exec 9>"$DIR/.lock"
  flock 9
  if [ ! -f "$DIR/node_modules/@20minutes/s3rver/package.json" ]; then
    printf '{"name":"litegres-s3rver","private":true,"dependencies":{"@20minutes/s3rver":"%s"}}\n' \
      "$VERSION" > "$DIR/package.json"
    if [ -f "$HERE/s3rver.package-lock.json" ]; then
      cp "$HERE/s3rver.package-lock.json" "$DIR/package-lock.json"
      (cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed"
    else
      (cd "$DIR" && npm install --no-audit --no-fund --loglevel=error >&2) ||
        die "npm install failed"
    fi
  fi
  write_launcher
  flock -u 9
}

do_start() {
  [ $# -ge 1 ] || die "usage: start DATA_DIR [BUCKET...]"
  local data="$1"; shift
  do_install
  mkdir -p "$data"
  local log="$data.log" pid line port
  : >> "$log"
  local mark; mark=$(wc -l < "$log")
  node --openssl-legacy-provider "$DIR/$LAUNCHER" "$data" "$@" >> "$log" 2>&1 < /dev/null &
  pid=$!
  for _ in $(seq 1 200); do
    line=$(tail -n +"$((mark + 1))" "$log" | grep -m1 "litegres-s3rver ready port=[0-9]* pid=$pid\$" || true)
    if [ -n "$line" ]; then
      port=${line#*port=}; port=${port%% *}
      echo "$pid $port"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; die "server exited during start"; }
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null || true
  die "server did not become ready in 10 s (log: $log)"
}

do_stop() {
  [ $# -ge 1 ] || die "usage: stop PID [--kill]"
  local pid="$1" sig=TERM
  [[ "$pid" =~ ^[0-9]+$ ]] || die "bad pid: $pid"
  [ "${2:-}" = "--kill" ] && sig=KILL
  if ! kill -0 "$pid" 2>/dev/null; then echo "s3rver.sh: $pid not running" >&2; return 0; fi
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "$LAUNCHER" || die "$pid is not a test s3rver"
  kill "-$sig" "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null || true
}

cmd="${1:-}"; shift || true
case "$cmd" in
  install) do_install ;;
  start) do_start "$@" ;;
  stop) do_stop "$@" ;;
  *) die "usage: $0 install | start DATA_DIR [BUCKET...] | stop PID [--kill]" ;;
esac
