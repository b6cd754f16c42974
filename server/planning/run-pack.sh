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
# Plain node: V8 compiles hot code on background threads while the plan runs. Tried and
# dropped: --single-threaded (compiles on the main thread; m-3 full plan pinned to one core
# 223 -> 126 ms, but a median repair call 46 -> 108 ms), --maglev, --always-sparkplug,
# --no-turbo-inlining, --max-lazy (within noise on repair calls).
exec node "$out"
