#!/usr/bin/env bash
# The test suite: unit tests of every module and the kernel's validation against queueing theory.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
exec swift test "$@"
