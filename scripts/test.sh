#!/usr/bin/env bash
# The test suite. First the simulation kernel's own tests under AddressSanitizer (the kernel
# holds processes unretained and keeps its queues in raw memory, so a lifetime bug must fail
# loudly), then every module's tests and the kernel's validation against queueing theory (the
# timed suites and the OPC UA client against a real asyncua server, from PyPI in .venv-opcua,
# apart), then each sample scenario's HTML report rendered in headless Chromium and checked,
# then the shop-floor web UI driven in headless Chromium (Selenium from PyPI, in .venv-ui)
# against `mes train`, then `mes serve` fuzzed by Schemathesis (PyPI, in .venv-api) against its
# OpenAPI document, and the trainer's routes of `mes train` against the document it serves.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
# The OPC UA tests run against a real OPC UA server: Python asyncua 2.1.0 in .venv-opcua.
bash scripts/ensure-opcua-venv.sh
echo "== kernel tests under AddressSanitizer =="
ASAN_OPTIONS=detect_leaks=0 swift test --sanitize=address --scratch-path .build-asan --filter SimulationTests
# Suites that measure wall-clock time (the load generator's latencies, the training clock's
# pace against a real sleep) or start real servers (OPC UA on asyncua) run after the rest, each
# on its own: other tests keep Swift's cooperative threads (one per core) busy, and a sleeping
# timed test cannot even wake up while they do, so its clock would lie.
timed="LoadTestTests|RealTimePaceTests|StartUpDriftTests|OPCUATests"
echo "== all tests but the timed ones =="
swift test --skip "$timed" "$@"
echo "== timed tests: load generator =="
swift test --skip-build --filter "LoadTestTests" "$@"
echo "== timed tests: training clock against the wall clock =="
swift test --skip-build --filter "RealTimePaceTests|StartUpDriftTests" "$@"
echo "== OPC UA tests against a real server (asyncua) =="
swift test --skip-build --filter "OPCUATests" "$@"
echo "== HTML reports rendered in a browser =="
MES=.build/debug/mes bash scripts/check-reports.sh
echo "== the shop-floor UI driven in a browser against mes train =="
MES=.build/debug/mes bash scripts/check-ui.sh
echo "== the HTTP API fuzzed against its OpenAPI document (Schemathesis) =="
MES=.build/debug/mes bash scripts/check-api.sh
