#!/usr/bin/env bash
# Runs the kernel benchmark and its SimPy 4.1.2 peer in one go and writes
# reports/benchmarks/kernel.md with both sides' figures and their ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh

venv=.venv-bench
if ! "$venv/bin/python" -c 'import simpy, sys; sys.exit(simpy.__version__ != "4.1.2")' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q simpy==4.1.2
fi

swift build -c release --product mes-bench
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "JetMES kernel (release build)..."
.build/release/mes-bench kernel --json --repetitions 5 "$@" > "$out/jetmes.json"
echo "SimPy 4.1.2..."
"$venv/bin/python" benchmarks/simpy/kernel_models.py --repetitions 3 > "$out/simpy.json"
mkdir -p reports/benchmarks
python3 benchmarks/write_kernel_report.py "$out/jetmes.json" "$out/simpy.json" > reports/benchmarks/kernel.md
cat reports/benchmarks/kernel.md
