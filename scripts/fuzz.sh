#!/usr/bin/env bash
# Run every fuzz target of the project for a given time each and report crashes.
#   scripts/fuzz.sh [DURATION]     e.g. scripts/fuzz.sh 10m   (default 1m)
# Crashing inputs are written by Go under the package's testdata/fuzz/<Target>/;
# the script exits non-zero when any target failed and lists them.
set -uo pipefail
cd "$(dirname "$0")/.."
time=${1:-1m}
failed=()
while read -r dir target; do
  echo "== $dir $target ($time)"
  start=$(date +%s)
  if go test "./$dir" -run '^$' -fuzz "^${target}\$" -fuzztime "$time" -fuzzminimizetime 100x >"/tmp/fuzz-${target}.log" 2>&1; then
    execs=$(grep -o 'execs: [0-9]*' "/tmp/fuzz-${target}.log" | tail -1)
    echo "   ok after $(( $(date +%s) - start ))s ($execs)"
  else
    echo "   FAILED: see /tmp/fuzz-${target}.log"; tail -20 "/tmp/fuzz-${target}.log"
    failed+=("$dir $target")
  fi
done < <(grep -rl --include='*_test.go' '^func Fuzz' . | while read -r f; do
  d=$(dirname "$f"); d=${d#./}
  grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed "s|^func |$d |"
done | sort)
if [ ${#failed[@]} -gt 0 ]; then
  printf 'crashes in %d target(s):\n' "${#failed[@]}"; printf '  %s\n' "${failed[@]}"; exit 1
fi
echo "no crashes"
