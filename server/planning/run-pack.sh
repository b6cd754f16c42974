#!/bin/sh
# `npm run -s pack`: runs the packer CLI from an esbuild bundle, rebuilt when a source
# changed. tsx costs ~0.6 s of start-up per call, the bundle ~0.1 s, and a reclaim
# replay calls the packer hundreds of times. mv makes the swap atomic for parallel runs.
set -e
out=dist/pack-cli.cjs
if [ ! -f "$out" ] || [ -n "$(find server/planning -name '*.ts' -newer "$out" | head -n 1)" ]; then
  mkdir -p dist
  tmp="$out.$$.tmp"
  node_modules/.bin/esbuild server/planning/cli.ts --bundle --platform=node --format=cjs --log-level=warning --outfile="$tmp"
  mv "$tmp" "$out"
fi
# --single-threaded: V8 compiles and collects garbage on the main thread. A packer process lives
# for one plan, so background compiler threads only help while a second core is idle; on one
# core (taskset -c 0) they cut in on the planning. Measured on m-3 (median of 7 cold runs):
# two cores 142 ms without, 145 ms with; one core 223 ms without, 126 ms with.
exec node --single-threaded "$out"
