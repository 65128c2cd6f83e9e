#!/usr/bin/env bash
# Run every fuzz target of the project for a given time each and report crashes.
#   scripts/fuzz.sh [DURATION] [JOBS] [PATTERN]   e.g. scripts/fuzz.sh 10m 2   (defaults 1m, 1, all)
# PATTERN, an extended regexp on the target names, runs only those:
#   scripts/fuzz.sh 10m 1 'OFD|Relabel'
# JOBS targets run at once, each fuzzing with GOMAXPROCS/JOBS workers, so
# `10m 2` on two cores takes about half the time of `10m 1` with the same
# total core time per target halved; use JOBS=1 for the full per-target budget.
# Crashing inputs are written by Go under the package's testdata/fuzz/<Target>/;
# the script exits non-zero when any target failed and lists them.
set -uo pipefail
cd "$(dirname "$0")/.."
time=${1:-1m}
jobs=${2:-1}
only=${3:-.}
cores=$(getconf _NPROCESSORS_ONLN)
workers=$(( cores / jobs )); [ "$workers" -ge 1 ] || workers=1
logdir=${FUZZ_LOGDIR:-/tmp}
mkdir -p "$logdir"

run_one() { # dir target
  local dir=$1 target=$2 start log execs
  log="$logdir/fuzz-${target}.log"
  start=$(date +%s)
  if go test "./$dir" -run '^$' -fuzz "^${target}\$" -fuzztime "$time" \
      -parallel "$workers" -fuzzminimizetime 100x >"$log" 2>&1; then
    execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1)
    echo "ok     $dir $target after $(( $(date +%s) - start ))s (${execs:-execs: ?})"
  else
    echo "FAILED $dir $target: see $log"; tail -20 "$log" | sed 's/^/       /'
    return 1
  fi
}

targets=$(grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
  d=$(dirname "$f"); d=${d#./}
  grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed "s|^func |$d |"
done | grep -E " Fuzz[A-Za-z0-9_]*(${only})" | sort)
[ -n "$targets" ] || { echo "no fuzz target matches '${only}'" >&2; exit 2; }
echo "$(wc -l <<<"$targets") targets, $time each, $jobs at a time, $workers worker(s) each"

results=$(mktemp)
running=0
while read -r dir target; do
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
  ( run_one "$dir" "$target" || echo "$dir $target" >>"$results.failed" ) | tee -a "$results" &
  running=$((running + 1))
done <<<"$targets"
wait

if [ -s "$results.failed" ]; then
  printf 'crashes in %d target(s):\n' "$(wc -l <"$results.failed")"; sed 's/^/  /' "$results.failed"
  rm -f "$results" "$results.failed"; exit 1
fi
rm -f "$results" "$results.failed"
echo "no crashes"
