#!/usr/bin/env python3
"""Writes the sample production plans in Plans/ the way a simple finite-capacity planning
system would: orders by due date, each operation forward-scheduled on the machine of its work
centre that can start it first, with the mean cycle time from the plant file, a changeover when
the part changes, and working time taken from the plant's shift calendar (a booking that does
not fit before the shift ends runs on into the next shift). The over-loaded plan books 40 %
more orders in the same week with cycle times a quarter shorter than the plant's means: it
looks feasible on paper and is not. Run from the repository root; needs PyYAML.
"""
import csv
import datetime as dt
import random
import yaml

UTC = dt.timezone.utc
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def mean_minutes(value):
    if isinstance(value, (int, float)):
        return float(value)
    kind = value["type"]
    if kind in ("lognormal", "normal", "exponential", "truncated_normal", "poisson"):
        return float(value["mean"])
    if kind == "triangular":
        return (value["min"] + value["mode"] + value["max"]) / 3
    if kind == "uniform":
        return (value["min"] + value["max"]) / 2
    if kind == "constant":
        return float(value["value"])
    raise SystemExit(f"no mean for {value}")


def windows(shifts, start, days):
    """Working intervals (datetimes) of the plant: any shift working, breaks removed."""
    spans = []
    for day in range(-1, days + 1):
        base = (start + dt.timedelta(days=day)).replace(hour=0, minute=0, second=0)
        for shift in shifts:
            if DAYS[base.weekday()] not in shift["days"]:
                continue
            h, m = map(int, shift["start"].split(":"))
            begin = base + dt.timedelta(hours=h, minutes=m)
            pieces = [(begin, begin + dt.timedelta(hours=shift["hours"]))]
            for pause in shift.get("breaks", []):
                ph, pm = map(int, pause["start"].split(":"))
                at = base + dt.timedelta(hours=ph, minutes=pm)
                if at < begin:
                    at += dt.timedelta(days=1)
                gap = (at, at + dt.timedelta(minutes=pause["minutes"]))
                pieces = [p for piece in pieces for p in ([piece] if gap[1] <= piece[0] or gap[0] >= piece[1] else
                          [x for x in [(piece[0], gap[0]), (gap[1], piece[1])] if x[1] > x[0]])]
            spans += pieces
    spans.sort()
    merged = []
    for s in spans:
        if merged and s[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], s[1]))
        else:
            merged.append(s)
    return merged


def advance(spans, at, minutes):
    """Start no earlier than `at` inside working time; return (start, end) after `minutes` of work."""
    left = dt.timedelta(minutes=minutes)
    start = None
    for begin, end in spans:
        if end <= at:
            continue
        cursor = max(at, begin)
        if start is None:
            start = cursor
        take = min(left, end - cursor)
        left -= take
        if left <= dt.timedelta(0):
            return start, cursor + take
    raise SystemExit("the plan runs past the calendar")


def plan(plant_path, scenario_path, out, orders, seed, speed=1.0):
    plant = yaml.safe_load(open(plant_path))
    scenario = yaml.safe_load(open(scenario_path))
    start = dt.datetime.fromisoformat(str(scenario["start"]).replace("Z", "+00:00"))
    spans = windows(plant.get("shifts", []), start, 40) if plant.get("shifts") else [(start, start + dt.timedelta(days=60))]
    machines = {}
    for m in plant["machines"]:
        machines.setdefault(m["workCenter"], []).append(m)
    free = {m["id"]: start for ms in machines.values() for m in ms}
    last_part = {}
    rng = random.Random(seed)
    parts = plant["parts"]
    wanted = []
    for index in range(orders):
        part = parts[index % len(parts)] if rng.random() < 0.6 else parts[rng.randrange(len(parts))]
        release = start + dt.timedelta(hours=rng.uniform(0, 72))
        wanted.append((part, rng.randint(4, 14), release, release + dt.timedelta(hours=rng.uniform(96, 168))))
    wanted.sort(key=lambda w: w[3])
    # The first order of each part carries its first article: later orders of the part are
    # released (and so planned) only once that run is through (the MES refuses them before).
    first_article_done = {}
    rows = []
    for number, (part, quantity, release, due) in enumerate(wanted, 1):
        ready = max(release, first_article_done.get(part["partNumber"], release))
        carries_fai = part["partNumber"] not in first_article_done
        for op in part["routing"]:
            best = None
            for machine in machines[op["workCenter"]]:
                setup = 0.0
                if "setup" in machine and last_part.get(machine["id"]) != part["partNumber"]:
                    family = {p["partNumber"]: p.get("family") for p in parts}
                    same = last_part.get(machine["id"]) and family.get(last_part[machine["id"]]) == part.get("family")
                    setup = mean_minutes(machine["setup"]["sameFamily" if same else "familyChange"])
                minutes = setup + quantity * mean_minutes(op["cycleTime"]) * speed
                slot = advance(spans, max(ready, free[machine["id"]]), minutes)
                if best is None or slot[1] < best[1][1]:
                    best = (machine, slot)
            machine, (begin, end) = best
            free[machine["id"]] = end
            last_part[machine["id"]] = part["partNumber"]
            rows.append([f"PL-{number:03d}", part["partNumber"], part["revision"], quantity, due.strftime("%Y-%m-%dT%H:%M:%SZ"), op["operation"],
                         machine["id"], begin.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ")])
            ready = end
        if carries_fai:
            first_article_done[part["partNumber"]] = ready
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["work_order", "part_number", "revision", "quantity", "due", "operation", "machine", "planned_start", "planned_end"])
        writer.writerows(rows)
    print(f"{out}: {len(wanted)} orders, {len(rows)} bookings")


if __name__ == "__main__":
    plan("Plants/hpt-blade-cell.yaml", "Scenarios/hpt-blade-cell.yaml", "Plans/hpt-blade-cell-week.csv", orders=20, seed=1)
    plan("Plants/hpt-blade-cell.yaml", "Scenarios/hpt-blade-cell.yaml", "Plans/hpt-blade-cell-overloaded.csv", orders=28, seed=1, speed=0.75)
    plan("Plants/compressor-disk-line.yaml", "Scenarios/compressor-disk-line.yaml", "Plans/compressor-disk-line-week.csv", orders=14, seed=2)
