# Sourced by the bench scripts (not run on its own). bench_start_sim SITES
# builds nianbao and the simulator into $dir, starts the simulator with SITES
# sites and the real PDFs when ../shared is beside the checkout, waits for its
# seed list ($dir/seeds.csv) and sets simpid; the caller's EXIT trap stops it.
bench_start_sim() {
  go build -o "$dir/nianbao" ./cmd/nianbao
  go build -o "$dir/sim" ./sim/cmd/nianbao-sim
  local pdf=../shared/real-reports
  [ -d "$pdf" ] || pdf=""
  "$dir/sim" -sites "$1" -no-obstacles -seeds "$dir/seeds.csv" ${pdf:+-pdf "$pdf"} >"$dir/sim.log" 2>&1 &
  simpid=$!
  for _ in $(seq 50); do [ -s "$dir/seeds.csv" ] && break; sleep 0.1; done
  [ -s "$dir/seeds.csv" ] || { echo "the simulator wrote no seed list: $(cat "$dir/sim.log")" >&2; exit 1; }
}
