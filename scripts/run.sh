#!/usr/bin/env bash
# The main job: a sample scenario simulated end to end — the discrete-event twin of the HPT
# blade cell produces, and the MES core books every operation, inspection, NCR, lot and machine
# state — with replications and what-if variants; KPIs in reports/hpt-blade-cell/.
# Another scenario or options may follow, e.g. `bash scripts/run.sh Scenarios/compressor-disk-line.yaml --replications 20`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
swift build -c release --product mes
scenario=Scenarios/hpt-blade-cell.yaml
if [[ $# -gt 0 && "$1" != -* ]]; then
    scenario="$1"
    shift
fi
exec .build/release/mes simulate "$scenario" "$@"
