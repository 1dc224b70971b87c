#!/usr/bin/env bash
# The quick start, as it stands today: a local nginx serves a small file on 127.0.0.1,
# Gauntlet sends it an open-loop load and prints what it measured, then nginx is stopped.
# (Scenario files and the embedded reference server replace nginx here once they land.)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=.build/release/gauntlet
work=$(mktemp -d)
trap 'if [ -f "$work/nginx.pid" ]; then kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18089)
mkdir -p "$work/root" && printf 'hello, world\n' > "$work/root/index.html"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:$port; root $work/root; }
}
CONF
nginx -c "$work/nginx.conf"
for _ in $(seq 50); do [ -f "$work/nginx.pid" ] && break; sleep 0.1; done

echo "== open loop: 2,000 requests/s for 5 s, Poisson arrivals, after a 1 s warm-up"
"$binary" run --url "http://127.0.0.1:$port/" --rate 2000/s --arrivals poisson --duration 5s --warmup 1s
echo
echo "Run 'gauntlet run --help' for every option; exit codes are listed in README.md."
