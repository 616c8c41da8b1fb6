#!/usr/bin/env bash
# One simulated year of a 30-machine plant driving the MES core (events-only journal in memory),
# with a quarter and a half year first to show how time and memory grow; writes
# reports/benchmarks/twin.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build -c release --product mes-bench
mkdir -p reports/benchmarks
.build/release/mes-bench twin --machines 30 --horizons 2190,4380,8760 --markdown reports/benchmarks/twin.md "$@"
cat reports/benchmarks/twin.md
