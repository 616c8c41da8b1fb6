#!/usr/bin/env bash
# The real OPC UA server the OPCUA module's tests run against (Tests/OPCUATests/Server/
# machine_server.py) is Python asyncua 2.1.0 (PyPI) in .venv-opcua. Makes the venv and installs
# it when missing; quick when present (imports asyncua at the pinned version rather than trusting
# the folder). The Swift harness finds the interpreter at .venv-opcua/bin/python (or
# JETMES_OPCUA_PYTHON).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-opcua
version=2.1.0
check="import asyncua, cryptography, importlib.metadata as m, sys; sys.exit(m.version('asyncua') != '$version')"
if [[ -x "$venv/bin/python" ]] && "$venv/bin/python" -c "$check" 2>/dev/null; then
    exit 0
fi
echo "installing asyncua $version into $venv"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check "asyncua==$version"
"$venv/bin/python" -c "$check" || { echo "error: asyncua $version did not install into $venv" >&2; exit 1; }
