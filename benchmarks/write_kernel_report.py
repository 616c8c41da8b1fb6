"""Writes reports/benchmarks/kernel.md from the JSON of `mes-bench kernel --json` and of the SimPy peer."""

import datetime
import json
import os
import platform
import subprocess
import sys


def cpu_model():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def swift_version():
    try:
        return subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        return "unknown"


def main(jetmes_path, simpy_path):
    with open(jetmes_path) as f:
        jet = json.load(f)
    with open(simpy_path) as f:
        py = json.load(f)

    simpy_mm1 = max(py["mm1_resource"]["units_per_second"], py["mm1_store"]["units_per_second"])
    simpy_mm1_style = "Store" if py["mm1_store"]["units_per_second"] >= py["mm1_resource"]["units_per_second"] else "Resource"
    rows = [
        ("M/M/1, λ=0.9, μ=1, 1,000,000 customers", jet["mm1"], simpy_mm1, f"fastest SimPy style ({simpy_mm1_style})"),
        ("M/M/1 (vs SimPy's Resource style)", jet["mm1"], py["mm1_resource"]["units_per_second"], "customers as processes"),
        ("10-station saturated line, buffers of 5, 200,000 parts", jet["serial_line"], py["serial_line"]["units_per_second"], ""),
    ]
    floor = jet["mm1_lindley"]
    overhead = jet["event_driven_over_lindley"]

    lines = [
        "# Kernel benchmark: JetMES vs SimPy 4.1.2",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Machine: {os.cpu_count()} cores (`nproc`), {cpu_model()}",
        f"- JetMES: {swift_version()}, release build, median of {jet['repetitions']} repetitions",
        f"- SimPy {py['simpy_version']} on Python {platform.python_version()}, median of {py['repetitions']} repetitions",
        "- Command: `bash scripts/bench-kernel.sh` (runs `mes-bench kernel --json` and `benchmarks/simpy/kernel_models.py`)",
        "",
        "| model | JetMES s | JetMES units/s | SimPy s | SimPy units/s | JetMES / SimPy |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    simpy_seconds = {
        rows[0][0]: py["mm1_store" if simpy_mm1_style == "Store" else "mm1_resource"]["seconds"],
        rows[1][0]: py["mm1_resource"]["seconds"],
        rows[2][0]: py["serial_line"]["seconds"],
    }
    for name, result, simpy_rate, note in rows:
        label = f"{name} ({note})" if note else name
        lines.append(
            f"| {label} | {result['seconds']:.4f} | {result['units_per_second']:,.0f} | "
            f"{simpy_seconds[name]:.3f} | {simpy_rate:,.0f} | **{result['units_per_second'] / simpy_rate:.1f}×** |"
        )
    def verdict(ok):
        return "met" if ok else "**not met**"

    mm1_ratio = jet["mm1"]["units_per_second"] / simpy_mm1
    line_ratio = jet["serial_line"]["units_per_second"] / py["serial_line"]["units_per_second"]
    lines += [
        "",
        "## Targets",
        "",
        f"- ≥ 100× SimPy on M/M/1 (against SimPy's fastest style in this run): {mm1_ratio:.1f}× — {verdict(mm1_ratio >= 100)}",
        f"- ≥ 100× SimPy on the serial line: {line_ratio:.1f}× — {verdict(line_ratio >= 100)}",
        f"- event-driven M/M/1 within 3× of the Lindley floor: {overhead:.2f}× — {verdict(overhead <= 3)}",
        f"- faster than 7M customers/s on M/M/1 (the fastest compiled DES library the issue cites): "
        f"{jet['mm1']['units_per_second'] / 1e6:.1f}M/s — {verdict(jet['mm1']['units_per_second'] > 7e6)}",
        "",
        f"What 100× this run's SimPy leaves per unit: {1e9 / (100 * simpy_mm1):.0f} ns per M/M/1 customer, of which the "
        f"Lindley floor alone (two GSL exponential variates and a max) takes {1e9 / floor['units_per_second']:.0f} ns; and "
        f"{1e9 / (100 * py['serial_line']['units_per_second']):.0f} ns per part on the line, which needs ten variates and "
        "ten holds. A GSL exponential variate (mt19937 through a function pointer, then `log1p`) costs about 19 ns here.",
        "",
        "## Kernel overhead against the Lindley floor",
        "",
        "The same M/M/1 by the Lindley recursion W(n+1) = max(0, W(n) + S(n) − A(n+1)) on the same GSL streams, with no event machinery:",
        "",
        f"- Lindley: {floor['seconds']:.4f} s, {floor['units_per_second']:,.0f} customers/s",
        f"- event-driven: {jet['mm1']['seconds']:.4f} s, {jet['mm1']['units_per_second']:,.0f} customers/s",
        f"- **event-driven / Lindley time: {overhead:.2f}×** (target ≤ 3×)",
        f"- both give mean wait {jet['mm1']['check_value']:.6f} vs {floor['check_value']:.6f}: the kernel reproduces the recursion.",
        "",
        "## Sanity checks",
        "",
        f"- SimPy M/M/1 mean wait {py['mm1_store']['check_value']:.4f} (Store), {py['mm1_resource']['check_value']:.4f} (Resource); theory 9.",
        f"- Serial-line throughput: JetMES {jet['serial_line']['check_value']:.4f}, SimPy {py['serial_line']['check_value']:.4f} parts per unit time.",
        "",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
