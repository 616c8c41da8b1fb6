#!/usr/bin/env bash
# Measures commands per second through the MES core (in memory and durable in SQLite) and
# writes reports/benchmarks/core.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build -c release --product mes-bench
mkdir -p reports/benchmarks
.build/release/mes-bench core --commands 20000 --query-every 10 --markdown reports/benchmarks/core.md "$@"
cat reports/benchmarks/core.md
