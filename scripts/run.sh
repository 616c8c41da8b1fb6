#!/usr/bin/env bash
# The main job. Until the digital twin lands this is the kernel demo: reference production
# lines simulated with replications and checked against queueing theory, report in reports/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build -c release --product mes
exec .build/release/mes demo "$@"
