#!/usr/bin/env bash
# Independent check that `nianbao export --format warc` writes what replay
# tools read. Crawls SITES simulated sites (with real PDFs, so Hanweb's
# downfile.jsp → 302 → attachment chains occur) twice, the second time with
# every page due (conditional requests: 304 and identical-body revisits),
# exports the archive as WARC + CDXJ, installs webrecorder's warcio.js (the
# library replayweb.page uses to read and index WARCs) from the npm registry
# into a temporary folder, lets it list every record and build its CDXJ, and
# compares (scripts/check_replay.py): the same records at the same offsets as
# a third reader (Python's zlib) finds, block and payload digests
# recomputed, our CDXJ equal to warcio.js's field by field, every redirect
# target indexed.
#   scripts/check-replay.sh [SITES]       default 6; needs go, node/npm, python3
# Env: KEEP=DIR keeps the work folder; WARCIO=VERSION (default 2.4.11);
# REPLAY=1 then also opens the export in replayweb.page (npm package
# replaywebpage, default 2.5.3) served from loopback to headless chromium
# (scripts/replaycheck): a report page must replay with its archived title, and
# a downfile.jsp link must follow its archived 302 to the attachment's bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sites=${1:-6}
dir=${KEEP:-$(mktemp -d)}
mkdir -p "$dir"
simpid=""
cleanup() { [ -n "$simpid" ] && kill "$simpid" 2>/dev/null; [ -z "${KEEP:-}" ] && rm -rf "$dir"; true; }
trap cleanup EXIT

go build -o "$dir/nianbao" ./cmd/nianbao
go build -o "$dir/sim" ./sim/cmd/nianbao-sim
"$dir/sim" -sites "$sites" -no-obstacles -pdf ../shared/real-reports -seeds "$dir/seeds.csv" >"$dir/sim.log" 2>&1 &
simpid=$!
for _ in $(seq 100); do [ -s "$dir/seeds.csv" ] && break; sleep 0.1; done
printf 'browser: off\ncrawl:\n  delay: 0s\n  allow_private: true\n  timeout: 30s\n  revisit_min: 0s\n' >"$dir/config.yaml"
for night in 1 2; do
  "$dir/nianbao" crawl --config "$dir/config.yaml" --seeds "$dir/seeds.csv" --db "$dir/a.db" >"$dir/crawl$night.out" 2>&1 ||
    { cat "$dir/crawl$night.out"; exit 1; }
  echo "crawl $night: $(tail -1 "$dir/crawl$night.out")"
done
"$dir/nianbao" export --config "$dir/config.yaml" --db "$dir/a.db" --format warc --out "$dir/export.warc.gz"

npm install --silent --no-audit --no-fund --prefix "$dir/npm" "warcio@${WARCIO:-2.4.11}" >/dev/null
warcio="$dir/npm/node_modules/.bin/warcio"
echo "warcio.js $("$warcio" --version)"
(cd "$dir" && "$warcio" index export.warc.gz >warcio-records.jsonl && "$warcio" cdx-index export.warc.gz | LC_ALL=C sort >warcio.cdxj)
python3 scripts/check_replay.py "$dir/export.warc.gz" "$dir/export.cdxj" "$dir/warcio-records.jsonl" "$dir/warcio.cdxj"


if [ -n "${REPLAY:-}" ]; then
  # npm pack, not install: the package ships built (ui.js, sw.js); its
  # dependencies are bundled in and need not resolve.
  (cd "$dir/npm" && npm pack --silent "replaywebpage@${REPLAYWEBPAGE:-2.5.3}" >/dev/null && tar xzf replaywebpage-*.tgz)
  go run ./scripts/replaycheck -rwp "$dir/npm/package" -warc "$dir/export.warc.gz" -chromium "${CHROMIUM:-chromium}"
fi
