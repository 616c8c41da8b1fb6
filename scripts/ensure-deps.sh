#!/usr/bin/env bash
# Installs what JetMES needs to build and test when it is missing: the Swift toolchain must
# already be on PATH; GSL and SQLite development files come from Debian's packages. Extra
# arguments name commands a script needs besides (e.g. `wrk`), installed from the Debian
# package of the same name when missing.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
    echo "error: swift is not on PATH; install Swift 6.1 or newer (https://www.swift.org/install/)" >&2
    exit 1
fi

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists gsl 2>/dev/null || missing+=(libgsl-dev)
pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
for command in "$@"; do
    command -v "$command" >/dev/null 2>&1 || missing+=("$command")
done

if ((${#missing[@]})); then
    echo "installing ${missing[*]} with apt-get"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || { echo "error: need root or sudo to install ${missing[*]}" >&2; exit 1; }
        sudo="sudo"
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
