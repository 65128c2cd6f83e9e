#!/usr/bin/env bash
# The archive at scale: crawl N simulated sites whose HTML reports each link
# an incompressible 0.3-10 MB attachment (nianbao-sim -bigdocs), then report
# bytes written to disk by the crawl (/proc/PID/io write_bytes) against the
# raw body bytes archived, the crawl's peak memory, index size per capture,
# and the time of verify, verify --quick and export --format warc.
#   scripts/bench-archive.sh [SITES] [NIANBAO_BINARY]    default 40, built from this tree
set -euo pipefail
cd "$(dirname "$0")/.."
sites=${1:-40}
dir=$(mktemp -d)
simpid=""
trap '[ -n "$simpid" ] && kill "$simpid" 2>/dev/null; rm -rf "$dir"' EXIT
bin=${2:-}
if [ -z "$bin" ]; then go build -o "$dir/nianbao" ./cmd/nianbao; bin="$dir/nianbao"; fi
go build -o "$dir/sim" ./sim/cmd/nianbao-sim
"$dir/sim" -sites "$sites" -no-obstacles -bigdocs -seeds "$dir/seeds.csv" >"$dir/sim.log" 2>&1 &
simpid=$!
for _ in $(seq 100); do [ -s "$dir/seeds.csv" ] && break; sleep 0.1; done
printf 'crawl:\n  delay: 0s\n  allow_private: true\n  timeout: 60s\n' >"$dir/config.yaml"

start=$(date +%s.%N)
"$bin" crawl --config "$dir/config.yaml" --seeds "$dir/seeds.csv" --db "$dir/bench.db" >"$dir/crawl.out" 2>"$dir/crawl.err" &
pid=$!
wb=0; hwm=0
while kill -0 "$pid" 2>/dev/null; do
  w=$(awk '/^write_bytes/ {print $2}' "/proc/$pid/io" 2>/dev/null || echo 0)
  h=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  [ -n "$w" ] && [ "$w" -gt "$wb" ] && wb=$w
  [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
  sleep 0.05
done
wait "$pid" || { cat "$dir/crawl.err"; exit 1; }
end=$(date +%s.%N)
tail -1 "$dir/crawl.out"
t() { local s e; s=$(date +%s.%N); "$@" >"$dir/t.out" 2>&1 || { cat "$dir/t.out"; return 1; }; e=$(date +%s.%N); awk -v a="$s" -v b="$e" 'BEGIN{printf "%.2f", b-a}'; }
vq=$(t "$bin" verify --quick --config "$dir/config.yaml" --db "$dir/bench.db")
vf=$(t "$bin" verify --config "$dir/config.yaml" --db "$dir/bench.db")
line=$(grep '^verify .*: ok' "$dir/t.out" || true)
raw=$(sed -E 's/.*bodies \(([0-9]+) bytes raw.*/\1/' <<<"$line")
caps=$(sed -E 's/.* ([0-9]+) captures.*/\1/' <<<"$line")
segb=$(sed -E 's/.* segment\(s\), ([0-9]+) bytes.*/\1/' <<<"$line")
ex=$(t "$bin" export --config "$dir/config.yaml" --db "$dir/bench.db" --format warc --out "$dir/all.warc.gz")
dbsize=$(stat -c %s "$dir/bench.db")
docs=$(ls "$dir"/bench.warcs 2>/dev/null | wc -l)
awk -v secs="$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')" -v wb="$wb" -v raw="$raw" -v caps="$caps" -v segb="$segb" \
    -v db="$dbsize" -v hwm="$hwm" -v vq="$vq" -v vf="$vf" -v ex="$ex" -v segs="$docs" -v ws="$(stat -c %s "$dir/all.warc.gz")" 'BEGIN {
  printf "crawl %.1fs: %d captures (%.1f/s), raw body bytes %.1f MB, segments %.1f MB in %d file(s)\n", secs, caps, caps/secs, raw/1e6, segb/1e6, segs
  printf "bytes written by the crawl (write_bytes) %.1f MB = %.2fx the raw body bytes\n", wb/1e6, wb/raw
  printf "index file %.1f MB = %.0f bytes per capture; crawl peak RSS (VmHWM) %.0f MB\n", db/1e6, db/caps, hwm/1024
  printf "verify --quick %ss, verify %ss (%.0f MB/s of segments), export --format warc %ss (%.1f MB written, %.0f MB/s)\n", vq, vf, segb/1e6/vf, ex, ws/1e6, ws/1e6/ex
}'
