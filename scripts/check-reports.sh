#!/usr/bin/env bash
# Renders each sample scenario's HTML report in a real browser (headless Chromium from Debian)
# and checks that it rendered: a screenshot that is not blank and a DOM with the expected
# headings and charts. Installs Chromium when it is missing. Nothing it writes is kept.
# MES may name the mes binary to use (default .build/debug/mes, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
    echo "installing chromium (Debian) for the report render check"
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium >/dev/null
fi
mes="${MES:-.build/debug/mes}"
if [[ ! -x "$mes" ]]; then swift build --product mes; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
headings=("Headline KPIs" "OEE loss tree per machine" "Throughput and WIP over time" "Machine states (replication 1)" "Statistical process control" "Non-conformances" "Lead time and due dates")
# render NAME HEADING...: screenshot and rendered DOM of $work/NAME/index.html, then the check.
render() {
    local name="$1"
    shift
    local page="file://$work/$name/index.html"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2400 --screenshot="$work/$name.png" "$page" >/dev/null 2>&1
    chromium --headless --no-sandbox --disable-gpu --dump-dom "$page" > "$work/$name.dom.html" 2>/dev/null
    python3 scripts/check_report_render.py "$work/$name.png" "$work/$name.dom.html" "$@"
}
for scenario in Scenarios/hpt-blade-cell.yaml Scenarios/compressor-disk-line.yaml Scenarios/validation/mm1.yaml Scenarios/validation/tandem.yaml; do
    name="$(basename "$scenario" .yaml)"
    "$mes" simulate "$scenario" --replications 2 --out "$work/$name" >/dev/null 2>&1
    render "$name" "${headings[@]}"
done
# A schedule-validation report has its own section.
"$mes" simulate Scenarios/hpt-blade-cell.yaml --schedule Plans/hpt-blade-cell-week.csv --replications 2 --out "$work/plan" >/dev/null 2>&1
render plan "${headings[@]}" "Schedule risk" "Planned versus run (replication 1)"
