#!/usr/bin/env bash
# Crawl N simulated sites with the real command, the simulator in its own
# process, politeness delays off, twice (the second crawl is the nightly,
# incremental one), and report what a user would see: pages/s, requests per
# report, and the crawl process's peak memory read from /proc (anonymous
# memory, file-backed pages such as the mmapped archive, and the high-water
# mark) and from the garbage collector's trace.
#   scripts/bench-crawl.sh [SITES] [MEMORY_LIMIT_MB]    defaults 100, 200
set -euo pipefail
cd "$(dirname "$0")/.."
sites=${1:-100}
limit=${2:-200}
dir=$(mktemp -d)
simpid=""
trap '[ -n "$simpid" ] && kill "$simpid" 2>/dev/null; rm -rf "$dir"' EXIT
. scripts/bench-sim.sh
bench_start_sim "$sites"
printf 'memory_limit_mb: %s\ncrawl:\n  delay: 0s\n  allow_private: true\n' "$limit" >"$dir/config.yaml"

crawl() { # label
  local start end pid
  start=$(date +%s.%N)
  GODEBUG=gctrace=1 "$dir/nianbao" crawl --config "$dir/config.yaml" --seeds "$dir/seeds.csv" --db "$dir/bench.db" \
    >"$dir/$1.out" 2>"$dir/$1.gc" &
  pid=$!
  : >"$dir/$1.mem"
  while kill -0 "$pid" 2>/dev/null; do
    grep -hE '^(VmHWM|RssAnon|RssFile):' "/proc/$pid/status" 2>/dev/null | tr -s ' \t\n' ' ' >>"$dir/$1.mem" || true
    echo >>"$dir/$1.mem"
    sleep 0.1
  done
  wait "$pid"
  end=$(date +%s.%N)
  local line secs
  line=$(grep '^run ' "$dir/$1.out" | tail -1)
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
  get() { grep -o " $1=[0-9]*" <<<"$line" | cut -d= -f2; }
  awk -v label="$1" -v secs="$secs" -v pages="$(get pages)" -v req="$(get requests)" -v rep="$(get reports)" \
      -v nm="$(get not_modified)" -v new="$(get new)" -v unch="$(get unchanged)" '
    FNR==NR { for (i = 1; i < NF; i++) { if ($i == "RssAnon:" && $(i+1) > anon) anon = $(i+1);
                                         if ($i == "RssFile:" && $(i+1) > file) file = $(i+1);
                                         if ($i == "VmHWM:" && $(i+1) > hwm) hwm = $(i+1) }; next }
    match($0, /[0-9]+->[0-9]+->[0-9]+ MB/) { split(substr($0, RSTART, RLENGTH), m, "->"); if (m[2] + 0 > heap) heap = m[2] + 0; if (m[3] + 0 > live) live = m[3] + 0 }
    END {
      printf "%-7s %5.1fs  %5d requests  %5d pages  %6.0f pages/s  %5d reports (new %d, unchanged %d)  %5d not modified", label, secs, req, pages, pages / secs, rep, new, unch, nm
      if (rep > 0) printf "  %.2f requests/report", req / rep
      printf "\n        memory: Go heap at most %d MB (live after GC at most %d MB); process anonymous %.0f MB, file-backed %.0f MB (archive mmap, binary), high-water RSS %.0f MB\n", heap, live, anon / 1024, file / 1024, hwm / 1024
    }' "$dir/$1.mem" "$dir/$1.gc"
}

echo "$sites simulated sites, memory_limit_mb $limit, $(nproc) cores"
crawl first
crawl second
