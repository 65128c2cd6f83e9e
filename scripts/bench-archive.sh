#!/usr/bin/env bash
# The archive at scale. Crawls N simulated sites twice into fresh archives:
# once as plain HTML (ingest rate of HTML pages), once with every HTML report
# linking an incompressible 0.3-10 MB attachment (nianbao-sim -bigdocs). For
# the second it reports bytes written to disk by the crawl (/proc/PID/io
# write_bytes) against the raw body bytes archived, the large-document ingest
# rate (the extra captures over the extra time), the crawl's peak memory,
# index size per capture, and the time of verify --quick, verify and
# export --format warc. Every step also reports its CPU time (user+sys) and
# the load average around it (the machine may be shared: CPU time is what
# load distorts least).
#   scripts/bench-archive.sh [SITES] [NIANBAO_BINARY]    default 40, built from this tree
# Env: KEEP=DIR keeps the archives in DIR; BLOCK=1 (root, perf installed) also
# counts the bytes the crawl queued to the block device itself (fsync-driven
# writeback), which unlike write_bytes does not count a whole page-cache
# folio when one page inside it is rewritten.
set -euo pipefail
cd "$(dirname "$0")/.."
sites=${1:-40}
dir=${KEEP:-$(mktemp -d)}
mkdir -p "$dir"
simpid=""
cleanup() { [ -n "$simpid" ] && kill "$simpid" 2>/dev/null; [ -z "${KEEP:-}" ] && rm -rf "$dir"; true; }
trap cleanup EXIT
bin=${2:-}
if [ -z "$bin" ]; then go build -o "$dir/nianbao" ./cmd/nianbao; bin="$dir/nianbao"; fi
go build -o "$dir/sim" ./sim/cmd/nianbao-sim
printf 'browser: off\ncrawl:\n  delay: 0s\n  allow_private: true\n  timeout: 60s\n' >"$dir/config.yaml"
now() { date +%s.%N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
tck=$(getconf CLK_TCK)
cpu() { awk -v t="$tck" '{sub(/^.*\) /, ""); printf "%.1f", ($12+$13)/t}' "/proc/$1/stat" 2>/dev/null; } # user+sys s

sim() { # extra sim flags
  [ -n "$simpid" ] && kill "$simpid" 2>/dev/null && wait "$simpid" 2>/dev/null || true
  rm -f "$dir/seeds.csv"
  "$dir/sim" -sites "$sites" -no-obstacles -seeds "$dir/seeds.csv" "$@" >"$dir/sim.log" 2>&1 &
  simpid=$!
  for _ in $(seq 100); do [ -s "$dir/seeds.csv" ] && break; sleep 0.1; done
}

captures() { "$bin" verify --quick --config "$dir/config.yaml" --db "$1" | sed -nE 's/.* ([0-9]+) captures.*/\1/p' | tail -1; }

# 1. HTML only.
sim
s=$(now); l0=$(load)
/usr/bin/time -f '%U %S' -o "$dir/html.time" "$bin" crawl --config "$dir/config.yaml" --seeds "$dir/seeds.csv" --db "$dir/html.db" >"$dir/html.out" 2>"$dir/html.err" || { cat "$dir/html.err"; exit 1; }
html_secs=$(awk -v a="$s" -v b="$(now)" 'BEGIN{print b-a}')
html_cpu=$(awk '{printf "%.1f", $1+$2}' "$dir/html.time")
echo "HTML crawl: ${html_secs}s wall, ${html_cpu}s CPU, load $l0 -> $(load)"
html_caps=$(captures "$dir/html.db")

# 2. The same sites with big attachments.
sim -bigdocs
perfcmd=()
if [ -n "${BLOCK:-}" ]; then perfcmd=(perf record -q -e block:block_bio_queue -o "$dir/block.perf" --); fi
s=$(now)
"${perfcmd[@]}" "$bin" crawl --config "$dir/config.yaml" --seeds "$dir/seeds.csv" --db "$dir/bench.db" >"$dir/crawl.out" 2>"$dir/crawl.err" &
job=$!; pid=$job
if [ -n "${BLOCK:-}" ]; then # the crawl is perf's child
  for _ in $(seq 200); do c=$(pgrep -P "$job" || true); [ -n "$c" ] && pid=$c && break; sleep 0.05; done
fi
wb=0; hwm=0; ccpu=0; l0=$(load); n=0
: >"$dir/load.log"
while kill -0 "$pid" 2>/dev/null; do
  w=$(awk '/^write_bytes/ {print $2}' "/proc/$pid/io" 2>/dev/null || echo 0)
  h=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  c=$(cpu "$pid" || true)
  [ -n "$w" ] && [ "$w" -gt "$wb" ] && wb=$w
  [ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
  [ -n "$c" ] && ccpu=$c
  n=$((n+1)); [ $((n % 200)) -eq 0 ] && load >>"$dir/load.log" # every ~10 s
  sleep 0.05
done
wait "$job" || { cat "$dir/crawl.err"; exit 1; }
secs=$(awk -v a="$s" -v b="$(now)" 'BEGIN{print b-a}')
blk=0
if [ -n "${BLOCK:-}" ]; then
  blk=$(perf script -i "$dir/block.perf" 2>/dev/null | grep -E ' W[A-Z]* ' | grep -oE '\+ [0-9]+' | awk '{s+=$2} END{print s*512+0}')
fi
tail -1 "$dir/crawl.out"
echo "crawl with big attachments: ${secs}s wall, ${ccpu}s CPU (last sample), load $l0 -> $(load); 1-min load during it min/mean/max $(awk '{s+=$1; if(NR==1||$1<mn)mn=$1; if($1>mx)mx=$1} END{if(NR) printf "%.1f/%.1f/%.1f", mn, s/NR, mx}' "$dir/load.log")"

# t LABEL CMD…: prints the wall seconds; CPU seconds, peak RSS and load go to stderr.
t() { # LABEL CMD…
  local s e l0 what=$1
  shift
  s=$(now); l0=$(load)
  /usr/bin/time -f '%U %S %M' -o "$dir/t.time" "$@" >"$dir/t.out" 2>&1 || { cat "$dir/t.out"; return 1; }
  e=$(now)
  awk -v a="$s" -v b="$e" -v l0="$l0" -v l1="$(load)" -v what="$what" '{printf "%s: %.1fs wall, %.1fs CPU, peak RSS %.0f MB, load %s -> %s\n", what, b-a, $1+$2, $3/1024, l0, l1}' "$dir/t.time" >&2
  awk -v a="$s" -v b="$e" 'BEGIN{printf "%.2f", b-a}'
}
vq=$(t "verify --quick" "$bin" verify --quick --config "$dir/config.yaml" --db "$dir/bench.db")
vf=$(t "verify" "$bin" verify --config "$dir/config.yaml" --db "$dir/bench.db")
line=$(grep '^verify .*: ok' "$dir/t.out" || true)
raw=$(sed -E 's/.*bodies \(([0-9]+) bytes raw.*/\1/' <<<"$line")
caps=$(sed -E 's/.* ([0-9]+) captures.*/\1/' <<<"$line")
segb=$(sed -E 's/.* segment\(s\), ([0-9]+) bytes.*/\1/' <<<"$line")
ex=$(t "export --format warc" "$bin" export --config "$dir/config.yaml" --db "$dir/bench.db" --format warc --out "$dir/all.warc.gz")
ws=$(stat -c %s "$dir/all.warc.gz")
rm -f "$dir/all.warc.gz" "$dir/all.cdxj"
awk -v secs="$secs" -v wb="$wb" -v blk="$blk" -v raw="$raw" -v caps="$caps" -v segb="$segb" -v db="$(stat -c %s "$dir/bench.db")" \
    -v hwm="$hwm" -v vq="$vq" -v vf="$vf" -v ex="$ex" -v segs="$(ls "$dir"/bench.warcs | wc -l)" -v ws="$ws" \
    -v hsecs="$html_secs" -v hcaps="$html_caps" -v sites="$sites" -v ccpu="$ccpu" -v hcpu="$html_cpu" 'BEGIN {
  printf "%d sites, HTML only: %d captures in %.1fs = %.1f captures/s\n", sites, hcaps, hsecs, hcaps/hsecs
  printf "with big attachments: %d captures in %.1fs (%.1f/s), raw body bytes %.1f MB, segments %.1f MB in %d file(s)\n", caps, secs, caps/secs, raw/1e6, segb/1e6, segs
  if (secs > hsecs && caps > hcaps) printf "  large documents: %d more captures in %.1fs more = %.2f documents/s, %.1f MB/s of raw body\n", caps-hcaps, secs-hsecs, (caps-hcaps)/(secs-hsecs), raw/1e6/secs
  printf "crawl CPU (user+sys): HTML only %.1fs (%.1f ms per capture), with big attachments %.1fs\n", hcpu, hcpu*1000/hcaps, ccpu
  printf "bytes written by the crawl (write_bytes) %.1f MB = %.2fx the raw body bytes\n", wb/1e6, wb/raw
  if (blk > 0) printf "bytes the crawl queued to the block device (perf block:block_bio_queue) %.1f MB = %.2fx the raw body bytes\n", blk/1e6, blk/raw
  printf "index file %.1f MB = %.0f bytes per capture; crawl peak RSS (VmHWM) %.0f MB\n", db/1e6, db/caps, hwm/1024
  printf "verify --quick %ss, verify %ss (%.0f MB/s of segments), export --format warc %ss (%.1f MB written, %.0f MB/s)\n", vq, vf, segb/1e6/vf, ex, ws/1e6, ws/1e6/ex
}'
