#!/usr/bin/env bash
# The memory target with the browser, as one figure: the real command
# (nianbao crawl) over SITES simulated sites plus BROWSER sites that need
# chromium (half behind script challenges, 412 and 521 in turn; half
# listings drawn by XHR with a script pager), the simulator in its own
# process, politeness delays off. Every 100 ms it samples the crawl process
# and its whole process tree (chromium's browser, zygote, renderer and
# utility processes; the tools it runs, pdftotext …): anonymous memory
# (RssAnon from /proc/PID/status) and PSS (/proc/PID/smaps_rollup: a page
# shared by several processes counted once, divided between them; includes
# file pages such as chromium's binary). It reports the peak of each sum over the tree, the crawl
# process's own peaks and chromium's, wall and CPU time (crawl and chromium
# together), requests, whether the whole tree stayed within
# memory_limit_mb, how often the crawl's memory budget made chromium or a
# tool wait, and whether every browser site ended ok with every report the
# simulator's truth lists for it.
#   scripts/bench-browser.sh [SITES] [MEMORY_LIMIT_MB] [BROWSER]   defaults 100 512 10
#   scripts/bench-browser.sh site [MEMORY_LIMIT_MB]   one site per crawl: a plain site, the same site
#                                                      behind a 412 and a 521 challenge, an XHR-drawn listing
# BENCH_CONFIG (YAML lines) is appended to the crawl's config.yaml.
# Needs jq and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
simpid=""
trap '[ -n "$simpid" ] && kill "$simpid" 2>/dev/null; rm -rf "$dir"' EXIT
. scripts/bench-sim.sh

# tree_mem ROOT: one sample of ROOT and its descendants, in kB: crawl
# RssAnon, Pss, Pss_Anon+Pss_Shmem; the same summed over the other
# processes of the tree (chromium), their RssShmem, and how many they are;
# chromium's anonymous memory by process type; the tools' RssAnon and Pss;
# the tools' RssAnon by program; and the RssAnon shown by children not yet
# past exec. Go starts a program with clone(CLONE_VM|CLONE_VFORK): until
# its exec the child shares the crawl's memory and /proc shows the crawl's
# whole RssAnon for it (pdftotext counted as 160 MB under load, when the
# child waits longer for a CPU). Such a child still runs the crawl's binary
# with its command line; it is counted apart (column 13), not in the sum.
tree_mem() {
  ps -e -o pid=,ppid= | awk -v root="$1" '
    function field(file, name,   line, f, v) {
      v = 0
      while ((getline line < file) > 0) { split(line, f, /[ \t]+/); if (f[1] == name) v += f[2] }
      close(file)
      return v
    }
    function rollup(file, m,   line, f) {
      m["Pss:"] = 0; m["anon"] = 0
      while ((getline line < file) > 0) {
        split(line, f, /[ \t]+/)
        if (f[1] == "Pss:") m["Pss:"] = f[2]
        if (f[1] == "Pss_Anon:" || f[1] == "Pss_Shmem:") m["anon"] += f[2]
      }
      close(file)
    }
    function ptype(p,   line, f, i, k, t, st) { # chromium --type (utility sub-type); "browser" for the main process
      t = "browser"; st = ""
      getline line < ("/proc/" p "/cmdline"); close("/proc/" p "/cmdline")
      if (line == "" && comm(p) ~ /chrom/) return "exiting" # a process exiting has no command line left
      if (line !~ /chromium/) return ""
      gsub(/\000/, " ", line); k = split(line, f, " ")
      for (i = 1; i <= k; i++) { if (f[i] ~ /^--type=/) t = substr(f[i], 8); if (f[i] ~ /^--utility-sub-type=/) st = substr(f[i], 20) }
      if (st != "") { split(st, f, "."); t = t ":" f[1] }
      return t
    }
    function comm(p,   line) { line = ""; getline line < ("/proc/" p "/comm"); close("/proc/" p "/comm"); return line }
    function cmdline(p,   line) { line = ""; getline line < ("/proc/" p "/cmdline"); close("/proc/" p "/cmdline"); return line }
    { parent[$1] = $2; pid[NR] = $1 }
    END {
      tree[root] = 1
      for (grew = 1; grew; ) { grew = 0; for (i = 1; i <= NR; i++) if (!(pid[i] in tree) && (parent[pid[i]] in tree)) { tree[pid[i]] = 1; grew = 1 } }
      rootcmd = cmdline(root)
      for (p in tree) {
        anon = field("/proc/" p "/status", "RssAnon:"); shm = field("/proc/" p "/status", "RssShmem:")
        if (p != root && cmdline(p) == rootcmd) { fa += anon; continue } # not yet past exec: memory of the crawl itself
        rollup("/proc/" p "/smaps_rollup", m)
        if (p == root) { ca = anon; cp = m["Pss:"]; cpa = m["anon"]; continue }
        t = ptype(p)
        if (t == "") { # pdftotext and other tools the crawl runs
          ta += anon; tp += m["Pss:"]
          line = cmdline(p); gsub(/\000/, " ", line); split(line, f, " "); k = split(f[1], g, "/"); nm = (k ? g[k] : comm(p)); if (nm == "") nm = "(ended)"; tby[nm] += anon; ntby[nm]++
          continue
        }
        ba += anon; bs += shm; bp += m["Pss:"]; bpa += m["anon"]; n++
        by[t] += anon; nby[t]++
      }
      s = ""
      for (t in by) s = s (s == "" ? "" : ",") t "x" nby[t] "=" int(by[t] / 1024)
      u = ""
      for (t in tby) u = u (u == "" ? "" : ",") t "x" ntby[t] "=" int(tby[t] / 1024)
      print ca + 0, cp + 0, cpa + 0, ba + 0, bp + 0, bpa + 0, bs + 0, n + 0, (s == "" ? "-" : s), ta + 0, tp + 0, (u == "" ? "-" : u), fa + 0
    }'
}

# crawl LABEL CONFIG: one crawl of $dir/seeds.csv into a fresh archive,
# sampled; writes $dir/LABEL.{out,log,mem,time}.
crawl() {
  local tpid pid
  rm -f "$dir/$1.db"
  GODEBUG=gctrace=1 /usr/bin/time -f '%e %U %S' -o "$dir/$1.time" \
    "$dir/nianbao" crawl --config "$2" --seeds "$dir/seeds.csv" --db "$dir/$1.db" >"$dir/$1.out" 2>"$dir/$1.log" &
  tpid=$!
  for _ in $(seq 100); do pid=$(pgrep -P "$tpid" || true); [ -n "$pid" ] && break; sleep 0.01; done
  : >"$dir/$1.mem"
  while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
    tree_mem "$pid" >>"$dir/$1.mem" 2>/dev/null || true
    sleep 0.1
  done
  wait "$tpid"
}

# summary LABEL: what crawl LABEL measured.
summary() {
  local line
  line=$(grep '^run ' "$dir/$1.out" | tail -1)
  read -r wall user sys <"$dir/$1.time"
  get() { grep -o " $1=[0-9]*" <<<"$line" | cut -d= -f2; }
  awk -v limit="$limit" -v wall="$wall" -v cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
      -v req="$(get requests)" -v pages="$(get pages)" -v rep="$(get reports)" -v sites="$(grep -o '[0-9]*/[0-9]* sites' <<<"$line")" '
    function mb(k) { return k / 1024 }
    FNR == NR { n++
      if ($1 + $4 + $10 > sa) { sa = $1 + $4 + $10; at = sprintf("crawl %.0f + chromium %.0f + tools %.0f", $1 / 1024, $4 / 1024, $10 / 1024) }
      if ($2 + $5 + $11 > sp) sp = $2 + $5 + $11
      if ($10 > ta) { ta = $10; tsplit = $12 }; if ($11 > tp) tp = $11
      if ($13 > 0) { forks++; if ($13 > fa) fa = $13 }
      if ($1 + $4 + $10 + $13 > sf) sf = $1 + $4 + $10 + $13
      if ($1 > ca) ca = $1; if ($2 > cp) cp = $2
      if ($4 > ba) { ba = $4; split_ = $9 }; if ($5 > bp) bp = $5; if ($6 > bpa) bpa = $6; if ($7 > bs) bs = $7; if ($8 > bn) bn = $8
      if ($8 > 0) on++
      next }
    /^gc [0-9]+ / { gcs++ }
    match($0, /[0-9]+->[0-9]+->[0-9]+ MB/) { split(substr($0, RSTART, RLENGTH), m, "->"); if (m[2] + 0 > heap) heap = m[2] + 0; if (m[3] + 0 > live) live = m[3] + 0 }
    END {
      printf "  %s, %.1f s wall, %.1f s CPU (user+sys, crawl and chromium), %d requests, %d pages, %d reports\n", sites, wall, cpu, req, pages, rep
      printf "  peak of the sum over the crawl process and its whole tree (chromium, pdftotext …): anonymous (RssAnon) %.0f MB (%s), PSS %.0f MB\n", mb(sa), at, mb(sp)
      printf "  crawl process alone: anonymous %.0f MB, PSS %.0f MB (Go heap at most %d MB, live after GC at most %d MB, %d GC cycles)\n", mb(ca), mb(cp), heap, live, gcs
      printf "  chromium (at most %d processes, running in %d of %d samples): anonymous %.0f MB (+ shared memory %.0f MB), PSS %.0f MB, of it anonymous and shared memory %.0f MB\n", bn, on, n, mb(ba), mb(bs), mb(bp), mb(bpa)
      printf "  tools the crawl ran (pdftotext, pdftoppm …), all at once: at most anonymous %.0f MB, PSS %.0f MB\n", mb(ta), mb(tp)
      if (split_ != "") printf "  chromium at its anonymous peak, MB by process type: %s\n", split_
      if (tsplit != "" && tsplit != "-") printf "  tools at their anonymous peak, MB by program: %s\n", tsplit
      printf "  children not yet past exec (sharing the crawl'"'"'s memory, not added): in %d samples, showing at most %.0f MB (the sum with them added: %.0f MB)\n", forks, mb(fa), mb(sf)
      printf "  the whole tree %s memory_limit_mb %d (peak %.0f MB anonymous)\n", (mb(sa) <= limit ? "stayed within" : "went OVER"), limit, mb(sa)
    }' "$dir/$1.mem" "$dir/$1.log"
  grep -o 'msg="memory budget".*' "$dir/$1.log" | sed 's/msg="memory budget" /  memory budget (chromium starts and tool runs): /' || true
  "$dir/nianbao" status --config "$dir/config.yaml" --db "$dir/$1.db" | awk '/by reason:/ { on = 1; next } on && /browser|render|script_pager/ { printf "%s %s,", $1, $2 }' |
    sed 's/,$//; s/^/  pages the browser was asked for (skip reasons): /; s/,/, /g'
  echo
}

# browser_sites LABEL: per browser site (codes 97NNNN), its outcome and how
# many of the truth's reports the archive holds.
browser_sites() {
  local got bad=0 code fam url
  got=$("$dir/nianbao" export --config "$dir/config.yaml" --db "$dir/$1.db" --format jsonl --out - 2>/dev/null | jq -r .url | sort -u)
  while IFS=, read -r code _ _ _ url _ fam _; do
    [[ $code == 97* ]] || continue
    local outcome want have
    outcome=$(grep -o "code=$code outcome=[a-z_]*" "$dir/$1.log" | tail -1 | cut -d= -f3)
    want=$(jq -r --arg c "$code" '.[$c][]?.URL' "$dir/truth.json" | sort -u)
    have=$(comm -12 <(echo "$want") <(echo "$got") | grep -c . || true)
    printf '  %s %-14s %-10s %d/%d reports\n' "$code" "$fam" "${outcome:-none}" "$have" "$(grep -c . <<<"$want")"
    [ "$outcome" = ok ] && [ "$have" = "$(grep -c . <<<"$want")" ] || bad=1
  done <"$dir/seeds.csv"
  [ "$bad" = 0 ] && echo "  every browser site ok with all its reports" || echo "  NOT every browser site ok with all its reports"
}

config() { # LIMIT
  limit=$1
  printf 'memory_limit_mb: %s\ncrawl:\n  delay: 0s\n  allow_private: true\n%s\n' "$1" "${BENCH_CONFIG:-}" >"$dir/config.yaml"
}

if [ "${1:-}" = site ]; then
  config "${2:-512}"
  bench_start_sim 0 -hazards plain,challenge-412,challenge-521,xhr-listing
  echo "one site per crawl, memory_limit_mb ${2:-512}, $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  all=$(cp "$dir/seeds.csv" "$dir/all.csv" && tail -n +2 "$dir/all.csv")
  while IFS=, read -r code _ _ _ _ _ fam _; do
    { head -1 "$dir/all.csv"; grep "^$code," "$dir/all.csv"; } >"$dir/seeds.csv"
    crawl "$code" "$dir/config.yaml"
    echo "$fam:"
    summary "$code"
    browser_sites "$code" | awk 'NR == 1'
  done <<<"$all"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

sites=${1:-100}
config "${2:-512}"
bench_start_sim "$sites" -browser "${3:-10}"
echo "$sites simulated sites + ${3:-10} needing the browser, memory_limit_mb ${2:-512}, $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
crawl run "$dir/config.yaml"
summary run
browser_sites run
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
