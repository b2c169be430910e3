#!/usr/bin/env bash
# broadcast-vs-curl.sh [AGENTS [SIZE_MB]]  (or AGENTS=… SIZE_MB=… in the environment)
#
# Puts the module broadcast next to plain HTTP on the same machine: N parallel
# `curl` downloads of one random file of SIZE_MB MiB from a temporary nginx on
# 127.0.0.1, then `classroom-bench broadcast` with the same N and size. Prints
# three JSON lines:
#   {"bench":"curl",…}              N downloads, total seconds, aggregate MiB/s
#   {"bench":"broadcast",…}         classroom-bench's own line
#   {"bench":"broadcast_vs_curl",…} ratio = classroom / curl aggregate rate
# The two are not the same work: curl moves plaintext into /dev/null, the
# classroom encrypts (CURVE), writes to disk, verifies every chunk, reads the
# bundle back, unpacks and checks it. The ratio says what all that costs.
#
# nginx-light (or nginx) and curl are installed with apt-get when missing, as
# root only (otherwise the HTTP half is skipped). nginx runs from its own
# configuration in a temporary folder on a free port and is stopped at the
# end; the package's own service is neither started nor left enabled. CLASSROOM_BENCH overrides the
# path of the classroom-bench binary.
set -euo pipefail

agents=${1:-${AGENTS:-30}}
size_mb=${2:-${SIZE_MB:-200}}
here=$(cd "$(dirname "$0")" && pwd)
bench=${CLASSROOM_BENCH:-$here/../../build/tests/bench/classroom-bench}
say() { echo "broadcast-vs-curl: $*" >&2; }

[ -x "$bench" ] || { say "no classroom-bench at $bench (build the classroom-bench target)"; exit 1; }

find_nginx() { command -v nginx 2>/dev/null || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true; }

# Installs what is missing. Debian starts a package's service when it is
# installed; a policy-rc.d answering 101 ("action forbidden") keeps nginx off
# port 80. It is added only when there is none, and removed right after.
install_missing() {
    local need=()
    command -v curl >/dev/null || need+=(curl)
    [ -n "$(find_nginx)" ] || need+=(nginx-light)
    [ ${#need[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        say "${need[*]} missing and not root: skipping the HTTP comparison"
        return 1
    fi
    local policy_added=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        policy_added=1
    fi
    local status=0
    say "installing ${need[*]}"
    apt-get update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 ||
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${need[@]/nginx-light/nginx}" >&2 || status=1
    [ -n "$policy_added" ] && rm -f /usr/sbin/policy-rc.d
    # The package also enables nginx for the next boot; undo that too.
    if [[ " ${need[*]} " == *" nginx-light "* ]]; then
        deb-systemd-helper disable nginx.service >/dev/null 2>&1 || true
        update-rc.d nginx disable >/dev/null 2>&1 || true
    fi
    return $status
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null && return
    local port
    for port in $(shuf -i 20000-60000 -n 100); do
        [ -z "$(ss -Hltn "sport = :$port")" ] && { echo "$port"; return; }
    done
    return 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/broadcast-vs-curl.XXXXXX")
nginx_pid=
cleanup() {
    if [ -n "$nginx_pid" ]; then
        kill "$nginx_pid" 2>/dev/null || true  # the master stops its workers
        for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# Run nginx and time N parallel downloads; prints the curl JSON line and sets
# curl_rate. Returns 1 when it cannot run.
run_curl() {
    local nginx_bin port temp_paths="" module
    nginx_bin=$(find_nginx)
    port=$(free_port) || { say "no free port"; return 1; }
    # Workers run as nobody when the master is root: they must read the file.
    chmod 755 "$work"
    mkdir -p "$work/www" "$work/temp" "$work/logs"
    head -c $((size_mb * 1048576)) /dev/urandom >"$work/www/payload.bin"
    chmod 644 "$work/www/payload.bin"
    # Debian's build puts its temporary folders under /var/lib/nginx; move the
    # ones this build has into the work folder.
    for module in client_body proxy fastcgi uwsgi scgi; do
        if "$nginx_bin" -V 2>&1 | grep -q -- "--http-${module//_/-}-temp-path"; then
            temp_paths+="    ${module}_temp_path $work/temp/$module;"$'\n'
        fi
    done
    cat >"$work/nginx.conf" <<EOF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    default_type application/octet-stream;
$temp_paths    server {
        listen 127.0.0.1:$port;
        root $work/www;
    }
}
EOF
    "$nginx_bin" -p "$work/" -c "$work/nginx.conf" -e "$work/logs/error.log" ||
        { say "nginx did not start"; cat "$work/logs/error.log" >&2 || true; return 1; }
    for _ in $(seq 50); do [ -s "$work/nginx.pid" ] && break; sleep 0.1; done
    nginx_pid=$(cat "$work/nginx.pid")
    local url="http://127.0.0.1:$port/payload.bin"
    for _ in $(seq 50); do curl -s -o /dev/null -r 0-0 "$url" && break; sleep 0.1; done

    say "curl: $agents parallel downloads of $size_mb MiB from $url"
    local start end i pids=()
    start=$(date +%s.%N)
    for i in $(seq "$agents"); do
        curl -s -o /dev/null -w '%{http_code} %{size_download}\n' "$url" >"$work/curl-$i.out" &
        pids+=($!)
    done
    for i in "${pids[@]}"; do wait "$i"; done
    end=$(date +%s.%N)
    local expected="200 $((size_mb * 1048576))"
    for i in $(seq "$agents"); do
        [ "$(cat "$work/curl-$i.out")" = "$expected" ] ||
            { say "download $i: $(cat "$work/curl-$i.out"), expected $expected"; return 1; }
    done
    local seconds
    seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
    curl_rate=$(awk -v n="$agents" -v m="$size_mb" -v s="$seconds" 'BEGIN { printf "%.1f", n * m / s }')
    echo "{\"bench\":\"curl\",\"agents\":$agents,\"size_mb\":$size_mb,\"seconds\":$seconds,\"aggregate_mb_s\":$curl_rate,\"transport\":\"http+tcp loopback, nginx sendfile, curl to /dev/null\"}"

    kill "$nginx_pid"
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    nginx_pid=
    rm -f "$work/www/payload.bin"
}

curl_rate=
if install_missing; then
    run_curl || curl_rate=
fi

line=$("$bench" broadcast --agents "$agents" --size-mb "$size_mb")
echo "$line"
classroom_rate=$(sed -n 's/.*"aggregate_mb_s":\([0-9.]*\).*/\1/p' <<<"$line")
if [ -n "$curl_rate" ] && [ -n "$classroom_rate" ]; then
    ratio=$(awk -v c="$classroom_rate" -v h="$curl_rate" 'BEGIN { printf "%.3f", c / h }')
    echo "{\"bench\":\"broadcast_vs_curl\",\"curl_aggregate_mb_s\":$curl_rate,\"classroom_aggregate_mb_s\":$classroom_rate,\"ratio\":$ratio}"
elif [ -z "$curl_rate" ]; then
    say "no comparison line: the HTTP half did not run"
else
    say "no comparison line: classroom-bench printed no aggregate_mb_s"
    exit 1
fi
