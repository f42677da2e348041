#!/usr/bin/env bash
# Renders the example charts of the README (docs/images/*.png) from the real samples in ../shared/data.
#
#   docs/render-examples.sh [SHARED_DATA_DIR]
#
# SHARED_DATA_DIR defaults to the first shared/data folder found walking up from the repository (../shared/data
# beside it, as for the tests; see its README for the data sets).
# In a throw-away data dir, the script starts an embedded Kafka broker on a free port, replays the Rome CRAWDAD
# sample, the San Francisco cabspotting cabs and the Porto trips into it, ingests them into the lake
# (urbanflow ingest --until-idle), builds the stage and mart tables (urbanflow aggregate, then urbanflow analyze
# when this build has it), draws every chart with urbanflow plot, and stops the broker. Needs JDK 17 and Maven,
# like ./urbanflow; takes a few minutes. Re-running it overwrites the images.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
find_shared_data() {
  local dir="$root"
  while [ "$dir" != "/" ]; do
    dir="$(dirname "$dir")"
    [ -d "$dir/shared/data" ] && { echo "$dir/shared/data"; return; }
  done
  echo "render-examples: no shared/data folder above $root; pass its path as the first argument" >&2
  exit 1
}
data="$(cd "${1:-$(find_shared_data)}" && pwd)"
images="$root/docs/images"
work="$(mktemp -d "${TMPDIR:-/tmp}/urbanflow-examples.XXXXXX")"
broker_pid=""

uf() { "$root/urbanflow" --data-dir "$work/data" "$@"; }
step() { printf '\n== %s\n' "$*" >&2; }

stop() {
  if [ -n "$broker_pid" ] && kill -0 "$broker_pid" 2>/dev/null; then
    kill -TERM "$broker_pid" 2>/dev/null || true
    wait "$broker_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap stop EXIT

for sample in rome/crawdad_taxi_february_head.txt sf-cabspotting porto/train.1k.csv; do
  [ -e "$data/$sample" ] || { echo "render-examples: missing $data/$sample" >&2; exit 1; }
done
mkdir -p "$images"

step "build (once)"
"$root/urbanflow" --version >/dev/null

step "broker on a free port"
uf broker --port 0 >"$work/broker.out" 2>"$work/broker.err" &
broker_pid=$!
for _ in $(seq 1 120); do
  grep -q '^bootstrap=' "$work/broker.out" 2>/dev/null && break
  kill -0 "$broker_pid" 2>/dev/null || { cat "$work/broker.err" >&2; exit 1; }
  sleep 0.5
done
bootstrap="$(sed -n 's/^bootstrap=//p' "$work/broker.out")"
[ -n "$bootstrap" ] || { echo "render-examples: the broker did not start" >&2; cat "$work/broker.err" >&2; exit 1; }
echo "bootstrap=$bootstrap" >&2

step "replay the real samples"
uf replay --source "$data/rome/crawdad_taxi_february_head.txt" --bootstrap-servers "$bootstrap" --speed max
uf replay --source "$data/sf-cabspotting" --bootstrap-servers "$bootstrap" --speed max
uf replay --source "$data/porto/train.1k.csv" --bootstrap-servers "$bootstrap" --speed max

step "ingest into the lake"
uf ingest --bootstrap-servers "$bootstrap" --until-idle 5

step "stage and marts"
uf aggregate
if uf analyze --help >/dev/null 2>&1; then
  uf analyze
else
  echo "(no 'urbanflow analyze' in this build: clusters are computed by the plot command)" >&2
fi
uf tables >&2

step "charts"
plot() { local out="$images/$1"; shift; uf plot "$@" --out "$out"; }
plot timeseries-sf.png   timeseries --city san-francisco
plot heatmap-rome.png     heatmap --city rome --log
plot heatmap-porto.png    heatmap --city porto --log --resolution 9
plot hexbin-rome.png      heatmap --city rome --hexbin --log
plot clusters-porto.png   clusters --city porto --recompute --k 8
plot speed-porto.png      speed --city porto

step "sizes"
for image in "$images"/*.png; do
  size=$(wc -c <"$image")
  printf '%8d  %s\n' "$size" "${image#"$root"/}" >&2
  [ "$size" -lt 307200 ] || echo "render-examples: $image is over 300 KB" >&2
done
