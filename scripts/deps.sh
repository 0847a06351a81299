#!/usr/bin/env bash
# deps.sh - install the Debian packages litegres needs to build and test.
# Idempotent: checks each package with dpkg first. As root it runs apt-get; otherwise it
# prints the exact command and exits 1.
#   scripts/deps.sh build    libraries and tools to build litegres
#   scripts/deps.sh test     the above plus the test peers (psql, pgbench, PostgreSQL, node,
#                            a JDK, pgjdbc, asyncpg, psycopg 3, SQLAlchemy, Django, ActiveRecord,
#                            Go and pgx)
set -euo pipefail
what="${1:-build}"
build_pkgs=(build-essential cmake pkg-config libuv1-dev libsqlite3-dev libpg-query-dev
            libprotobuf-c-dev libcurl4-openssl-dev libssl-dev libzstd-dev libxxhash-dev
            libpcre2-dev libicu-dev libcrypt-dev libstemmer-dev)
# (postgresql-15 carries the contrib modules: postgresql-contrib-15 is only a virtual name
# that dpkg never lists as installed, which made every run call apt-get)
test_pkgs=(libcriterion-dev libpq-dev postgresql-client-15 postgresql-15
           sqlite3 nodejs npm curl util-linux procps
           default-jdk-headless libpostgresql-jdbc-java python3-asyncpg python3-psycopg
           python3-psycopg2 python3-sqlalchemy python3-django ruby-pg ruby-activerecord
           golang-go golang-github-jackc-pgx-v4-dev)
pkgs=("${build_pkgs[@]}")
[ "$what" = test ] && pkgs+=("${test_pkgs[@]}")
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
# Node and npm may come from elsewhere than Debian on some machines; accept those.
filtered=()
for p in "${missing[@]}"; do
    case "$p" in
        nodejs) command -v node >/dev/null 2>&1 && continue ;;
        npm) command -v npm >/dev/null 2>&1 && continue ;;
    esac
    filtered+=("$p")
done
[ ${#filtered[@]} -eq 0 ] && exit 0
cmd="apt-get install -y --no-install-recommends ${filtered[*]}"
if [ "$(id -u)" != 0 ]; then
    echo "litegres needs these Debian packages. Run as root:" >&2
    echo "  apt-get update && $cmd" >&2
    exit 1
fi
if [ ! -e /usr/lib/postgresql/15/bin/postgres ] && [[ " ${filtered[*]} " == *" postgresql-15 "* ]]; then
    # Do not let Debian create and start a default cluster on port 5432.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/litegres-no-main.conf
fi
echo "installing: ${filtered[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${filtered[@]}" >/dev/null
