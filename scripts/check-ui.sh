#!/usr/bin/env bash
# The shop-floor web UI in a real browser: `mes train` on the HPT blade cell (EDM work left to
# trainees, the rest of the floor simulated) on a free port of 127.0.0.1 with a bootstrapped
# administrator, an operator and a maintenance technician account; then scripts/check_ui.py
# drives headless Chromium (Debian's chromium and chromium-driver, installed when missing)
# through Selenium (PyPI, in .venv-ui, installed when missing): the operator logs in, starts
# and completes an EDM operation, the line view shows the machine's state change, the
# technician takes that machine through a signed corrective maintenance order, every view's
# screenshot is checked to be non-blank. The server is always stopped. Builds nothing: MES names the mes
# binary (default .build/debug/mes). KEEP_WORK=1 keeps the screenshots and the server log.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
mes="${MES:-.build/debug/mes}"
[[ -x "$mes" ]] || { echo "error: no mes binary at $mes (swift build first, or set MES)" >&2; exit 1; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if ((${#missing[@]})); then
    echo "installing ${missing[*]} (Debian) for the UI check"
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    $sudo apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
venv=.venv-ui
if ! "$venv/bin/python" -c 'import selenium' >/dev/null 2>&1; then
    echo "installing selenium into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check 'selenium>=4.20,<5'
fi
# The browser and its driver are Debian's: Selenium must not look for (or fetch) others.
export SE_OFFLINE=true CHROMIUM="$(command -v chromium)" CHROMEDRIVER="$(command -v chromedriver)"

work="$(mktemp -d)"
server=""
cleanup() {
    if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    if [[ -n "${KEEP_WORK:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
admin_password='correct horse battery staple'
operator=OP-E-ED1
operator_password='trainee at the EDM cell'
technician=maint-1
technician_password='keeps the EDM machines running'
centre=WC-EDM
# 2000×: the shift starts at 06:00 and the first blade reaches EDM about an hour later, some 13 s of wall
# time; check_ui.py slows the floor to 60× once the trainee's first operation is ready.
JETMES_ADMIN_PASSWORD="$admin_password" "$mes" train Scenarios/hpt-blade-cell.yaml --db "$work/train.sqlite" --host 127.0.0.1 --port "$port" \
    --speed 2000 --trainees-do "operator@$centre" --bootstrap-admin admin --console-every 0 >"$work/train.log" 2>&1 &
server=$!
for _ in $(seq 1 150); do
    if curl -fsS "$base/health/ready" >/dev/null 2>&1; then break; fi
    kill -0 "$server" 2>/dev/null || { cat "$work/train.log" >&2; echo "error: mes train exited" >&2; exit 1; }
    sleep 0.2
done
curl -fsS "$base/health/ready" >/dev/null || { tail -20 "$work/train.log" >&2; echo "error: $base/health/ready never answered" >&2; exit 1; }

# The trainee's account: an Operator whose user name is their operator id in the plant (operators book work as themselves).
token="$(curl -fsS -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$admin_password\"}" "$base/api/v1/auth/login" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])')"
curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$operator\",\"name\":\"C. Lindqvist (trainee)\",\"roles\":[\"Operator\"],\"password\":\"$operator_password\"}" "$base/api/v1/users" \
    || { echo "error: could not create the operator account" >&2; exit 1; }
# A maintenance technician, who schedules, starts and signs off a maintenance order in the maintenance view.
curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$technician\",\"name\":\"R. Okafor (maintenance)\",\"roles\":[\"Maintenance Technician\"],\"password\":\"$technician_password\"}" \
    "$base/api/v1/users" || { echo "error: could not create the maintenance technician's account" >&2; exit 1; }

status=0
"$venv/bin/python" scripts/check_ui.py "$base" "$operator" "$operator_password" admin "$admin_password" "$technician" "$technician_password" \
    "$centre" "$work/screenshots" || status=$?
if ! kill -0 "$server" 2>/dev/null; then
    echo "error: mes train died during the check" >&2
    tail -20 "$work/train.log" >&2
    status=1
fi
if [[ $status -ne 0 ]]; then
    echo "server log (last lines):" >&2
    tail -15 "$work/train.log" >&2
fi
echo "check-ui: $([[ $status -eq 0 ]] && echo OK || echo FAILED) ($((SECONDS - started)) s)"
exit $status
