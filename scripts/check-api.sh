#!/usr/bin/env bash
# Fuzzes `mes serve` against its own OpenAPI document with Schemathesis: a populated MES
# database from a short simulation, a bootstrapped administrator, the server on a free port of
# 127.0.0.1, then every documented operation with generated requests; each response must not be
# a server error and must match the document (status code, content type, body schema). Then the
# same for the trainer's routes of `mes train` (SCHEMATHESIS_TRAINING=0 skips them). Exits
# non-zero on any failure. Builds nothing: MES names the mes binary (default .build/debug/mes).
# Schemathesis 4 lives in .venv-api (made and installed when missing).
# SCHEMATHESIS_MAX_EXAMPLES and SCHEMATHESIS_SEED override the bounded, seeded defaults; KEEP_WORK=1
# keeps the temporary folder (database, server log, generated Schemathesis config).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
mes="${MES:-.build/debug/mes}"
[[ -x "$mes" ]] || { echo "error: no mes binary at $mes (swift build first, or set MES)" >&2; exit 1; }
max_examples="${SCHEMATHESIS_MAX_EXAMPLES:-100}"
seed="${SCHEMATHESIS_SEED:-8}"

venv=.venv-api
if [[ ! -x "$venv/bin/schemathesis" ]]; then
    echo "installing schemathesis 4 into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check 'schemathesis>=4,<5'
fi

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

# A populated MES record in a fraction of a second: a first-article run with inspections, an NCR
# and a scrapped serial besides the routine work orders.
"$mes" simulate Scenarios/edge-cases/first-article-run-scrapped.yaml --replications 1 --db "$work/mes.sqlite" --out "$work/report" >"$work/simulate.log" 2>&1 \
    || { cat "$work/simulate.log" >&2; echo "error: mes simulate failed" >&2; exit 1; }

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
password='correct horse battery staple'
JETMES_ADMIN_PASSWORD="$password" "$mes" serve --db "$work/mes.sqlite" --host 127.0.0.1 --port "$port" --bootstrap-admin admin >"$work/serve.log" 2>&1 &
server=$!
# Waits for the server started as $server to answer /health/ready; its log and name say what died.
wait_ready() {
    for _ in $(seq 1 100); do
        if curl -fsS "$base/health/ready" >/dev/null 2>&1; then return 0; fi
        kill -0 "$server" 2>/dev/null || { cat "$1" >&2; echo "error: $2 exited" >&2; exit 1; }
        sleep 0.2
    done
    curl -fsS "$base/health/ready" >/dev/null || { cat "$1" >&2; echo "error: $base/health/ready never answered" >&2; exit 1; }
}
wait_ready "$work/serve.log" "mes serve"

login() {
    curl -fsS -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" "$base/api/v1/auth/login" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])'
}
token="$(login)"

# Logout revokes the token it is called with, so Schemathesis leaves it alone (it would log
# itself out); checked here instead with a token of its own.
spare="$(login)"
logout="$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $spare" "$base/api/v1/auth/logout")"
after="$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $spare" "$base/api/v1/workorders")"
if [[ "$logout" != 204 || "$after" != 401 ]]; then
    echo "error: logout answered $logout (want 204), and the revoked token then $after (want 401)" >&2
    exit 1
fi

# Real identifiers from the simulated record for the path parameters of the reads and of the
# commands on one entity, so those operations answer with real entities (and their schemas are
# checked on them) rather than with 404 to generated identifiers; request bodies stay generated.
curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/workorders" >"$work/workorders.json"
curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/equipment" >"$work/equipment.json"
# The simulated record may hold no maintenance order: one scheduled on its first machine, so the
# routes of one order answer for a real one (its start with 200, its completion with 401 to a generated password).
asset="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[0]["id"])' "$work/equipment.json")"
curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"assetId\":\"$asset\",\"kind\":\"corrective\",\"description\":\"check-api: a real order to start\"}" "$base/api/v1/maintenance" \
    || { echo "error: could not schedule a maintenance order on $asset" >&2; exit 1; }
for list in inspections ncrs operators maintenance; do curl -fsS -H "Authorization: Bearer $token" "$base/api/v1/$list" >"$work/$list.json"; done
python3 - "$work" >"$work/schemathesis.toml" <<'PY'
import json, sys
work = sys.argv[1]
load = lambda name: json.load(open(f"{work}/{name}.json"))
orders, inspections, ncrs, equipment, operators, maintenance = (load(n) for n in ("workorders", "inspections", "ncrs", "equipment", "operators",
                                                                                  "maintenance"))
order = next((o for o in orders if o["serials"]), orders[0]) if orders else None
# A scheduled maintenance order first, so that starting it can answer 200 (and be checked) rather than 409.
maintenance.sort(key=lambda o: o["status"] != "Scheduled")
pinned = {}
if order:
    pinned.update({"path.woId": order["id"], "path.partNumber": order["partNumber"], "path.revision": order["revision"], "path.entityId": order["id"]})
    if order["serials"]:
        pinned["path.serial"] = order["serials"][0]
print("[cache]\nenabled = false\n")  # nothing left in the work tree
print("[parameters]")
for name, value in pinned.items():
    print(f"{json.dumps(name)} = {json.dumps(value)}")
for prefix, entities in [("workorders", orders), ("inspections", inspections), ("ncrs", ncrs), ("equipment", equipment), ("operators", operators),
                         ("maintenance", maintenance)]:
    if entities:
        print(f'\n[[operations]]\ninclude-path-regex = "^/api/v1/{prefix}/[{{]id[}}]"\nparameters = {{ "path.id" = {json.dumps(entities[0]["id"])} }}')
PY

status=0
schemathesis() {
    "$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$base/openapi.json" --url "$base" \
        --header "Authorization: Bearer $token" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
        --seed "$seed" --generation-database none --workers 1 --no-color "$@"
}
# Every operation but logout (it would end the run's own session) and the event stream, which
# never ends by itself: it gets a few examples of its own, each read until the timeout.
# User and role administration runs last: a generated password change, role change or MFA mark
# for the administrator ends the run's own session, and everything after it would only see 401.
schemathesis --exclude-path /api/v1/auth/logout --exclude-path /api/v1/events --exclude-path-regex '^/api/v1/(users|roles)/' \
    --max-examples "$max_examples" --request-timeout 20 || status=$?
schemathesis --include-path-regex '^/api/v1/(users|roles)/' --max-examples "$max_examples" --request-timeout 20 || status=$?
if [[ ${SCHEMATHESIS_EVENTS:-1} == 1 ]]; then
    schemathesis --include-path /api/v1/events --max-examples 3 --request-timeout 2 --phases fuzzing || status=$?
fi
if ! kill -0 "$server" 2>/dev/null; then
    echo "error: mes serve died during the run" >&2
    tail -20 "$work/serve.log" >&2
    status=1
fi
kill "$server" 2>/dev/null || true
wait "$server" 2>/dev/null || true
server=""

# The trainer's console of `mes train` against the document it serves (the API's plus the
# training routes): the first-article scenario (100 h), paused, its session reports in the
# work folder. Generated run-to times, speeds, events, resumes and finishes move its clock.
if [[ ${SCHEMATHESIS_TRAINING:-1} == 1 ]]; then
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    base="http://127.0.0.1:$port"
    JETMES_ADMIN_PASSWORD="$password" "$mes" train Scenarios/edge-cases/first-article-run-scrapped.yaml --db "$work/train.sqlite" --host 127.0.0.1 \
        --port "$port" --paused --bootstrap-admin admin --reports "$work/training-reports" --console-every 0 >"$work/train.log" 2>&1 &
    server=$!
    wait_ready "$work/train.log" "mes train"
    token="$(login)"
    schemathesis --include-path-regex '^/api/v1/training' --max-examples "$max_examples" --request-timeout 20 || status=$?
    if ! kill -0 "$server" 2>/dev/null; then
        echo "error: mes train died during the run" >&2
        tail -20 "$work/train.log" >&2
        status=1
    fi
fi

elapsed=$((SECONDS - started))
if [[ $status -eq 0 ]]; then
    echo "check-api: OK: the API conforms to its OpenAPI document (schemathesis, seed $seed, up to $max_examples examples per operation, ${elapsed}s)"
else
    echo "check-api: FAILED (schemathesis exit $status, seed $seed, up to $max_examples examples per operation, ${elapsed}s)"
fi
exit $status
