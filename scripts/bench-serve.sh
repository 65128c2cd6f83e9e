#!/usr/bin/env bash
# Memory of `nianbao serve`: idle on an empty archive, during a crawl of N
# simulated sites started from the API (with the UI's pages requested every
# second meanwhile), and idle again afterwards with the crawled archive
# indexed. Figures read from /proc (anonymous memory, high-water RSS) and from
# the garbage collector's trace.
#   scripts/bench-serve.sh [SITES] [MEMORY_LIMIT_MB]    defaults 100, 512
set -euo pipefail
cd "$(dirname "$0")/.."
sites=${1:-100}
limit=${2:-512}
dir=$(mktemp -d)
simpid=""
servepid=""
trap '[ -n "$servepid" ] && kill -INT "$servepid" 2>/dev/null; [ -n "$simpid" ] && kill "$simpid" 2>/dev/null; sleep 1; rm -rf "$dir"' EXIT
. scripts/bench-sim.sh
bench_start_sim "$sites"
printf 'memory_limit_mb: %s\ncrawl:\n  delay: 0s\n  allow_private: true\nlog:\n  level: warn\n' "$limit" >"$dir/config.yaml"
port=$(( 20000 + RANDOM % 20000 ))
base="http://127.0.0.1:$port"
GODEBUG=gctrace=1 "$dir/nianbao" serve --config "$dir/config.yaml" --seeds "$dir/seeds.csv" --db "$dir/bench.db" \
  --addr "127.0.0.1:$port" --no-schedule >"$dir/serve.out" 2>"$dir/serve.gc" &
servepid=$!
for _ in $(seq 100); do curl -sf "$base/api/status" >/dev/null && break; sleep 0.1; done

sample() { # file seconds|crawl
  : >"$1"
  local n=0
  while :; do
    grep -hE '^(VmHWM|VmRSS|RssAnon):' "/proc/$servepid/status" | tr -s ' \t\n' ' ' >>"$1"; echo >>"$1"
    if [ "$2" = crawl ]; then
      for p in / /coverage /reports /panel; do curl -sf -o /dev/null "$base$p"; done
      [ "$(curl -sf "$base/api/status" | jq -r .live.running)" = false ] && break
    else
      n=$((n + 1)); [ "$n" -ge $(( $2 * 10 )) ] && break
    fi
    sleep 0.1
  done
}
report() { # label file
  awk -v label="$1" '{ for (i = 1; i < NF; i++) { if ($i == "RssAnon:" && $(i+1) > anon) anon = $(i+1);
                                                  if ($i == "VmRSS:" && $(i+1) > rss) rss = $(i+1);
                                                  if ($i == "VmHWM:") hwm = $(i+1) } }
    END { printf "%-22s anonymous memory at most %.0f MB, RSS at most %.0f MB (high-water so far %.0f MB)\n", label, anon / 1024, rss / 1024, hwm / 1024 }' "$2"
}
gcmax() {
  awk 'match($0, /[0-9]+->[0-9]+->[0-9]+ MB/) { split(substr($0, RSTART, RLENGTH), m, "->"); if (m[2] + 0 > heap) heap = m[2] + 0; if (m[3] + 0 > live) live = m[3] + 0 }
    END { printf "Go heap at most %d MB, live after GC at most %d MB\n", heap, live }' "$dir/serve.gc"
}

echo "$sites simulated sites, memory_limit_mb $limit, $(nproc) cores"
sample "$dir/idle.mem" 5
report "idle, empty archive" "$dir/idle.mem"
start=$(date +%s.%N)
curl -sf -X POST -H 'Accept: application/json' "$base/action/crawl" >/dev/null
sample "$dir/crawl.mem" crawl
end=$(date +%s.%N)
report "during the crawl" "$dir/crawl.mem"
st=$(curl -sf "$base/api/status")
printf '  crawl took %.0f s: %s records, %s pages\n' "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" \
  "$(jq -r .archive.records <<<"$st")" "$(jq -r '.last_run.totals.pages' <<<"$st")"
sleep 3 # the index rebuild after the job
sample "$dir/after.mem" 10
report "idle after, indexed" "$dir/after.mem"
echo "  $(gcmax)"
