# Sourced by the bench scripts (not run on its own). bench_start_sim SITES
# [SIM FLAGS…] builds nianbao and the simulator into $dir, starts the
# simulator with SITES sites (and the extra flags, e.g. -browser 10) and the
# real PDFs when ../shared is beside the checkout, waits for its seed list
# ($dir/seeds.csv; the truth, $dir/truth.json, is written before it) and
# sets simpid; the caller's EXIT trap stops it.
bench_start_sim() {
  local sites=$1
  shift
  go build -o "$dir/nianbao" ./cmd/nianbao
  go build -o "$dir/sim" ./sim/cmd/nianbao-sim
  local pdf=../shared/real-reports
  [ -d "$pdf" ] || pdf=""
  "$dir/sim" -sites "$sites" -no-obstacles -seeds "$dir/seeds.csv" -truth "$dir/truth.json" ${pdf:+-pdf "$pdf"} "$@" >"$dir/sim.log" 2>&1 &
  simpid=$!
  for _ in $(seq 300); do [ -s "$dir/seeds.csv" ] && break; sleep 0.1; done
  [ -s "$dir/seeds.csv" ] || { echo "the simulator wrote no seed list: $(cat "$dir/sim.log")" >&2; exit 1; }
}
