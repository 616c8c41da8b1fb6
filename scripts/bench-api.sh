#!/usr/bin/env bash
# The HTTP API under load from wrk: Hummingbird's hello-world, a read endpoint
# (GET /api/v1/workorders/{id}) and a write endpoint (POST /api/v1/workorders), served by one
# release-built process on 127.0.0.1 in the same run; writes reports/benchmarks/api.md.
# Extra arguments go to `mes-bench api` (e.g. --duration 20 --connections 64 --threads 1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh wrk
swift build -c release --product mes-bench
mkdir -p reports/benchmarks
# A failed request makes mes-bench exit non-zero after writing the report; show the report either way.
status=0
.build/release/mes-bench api --markdown reports/benchmarks/api.md "$@" || status=$?
cat reports/benchmarks/api.md
exit "$status"
