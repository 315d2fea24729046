#!/usr/bin/env python3
"""Runs the libFuzzer executables of the fuzz build one after another and reports what each did.

For every target: libFuzzer on its committed seeds (Fuzz/Corpus/<name>, read only) and its working corpus
(<work>/corpus/<name>, where new inputs go), under the budget the executable itself gives libFuzzer
(FuzzBudget: -rss_limit_mb, -timeout, the target's -max_len); the log goes to <work>/logs/<name>.log,
crash/timeout/OOM inputs to <work>/artifacts/<name>/. The report (JSON) has, per target: executions, seconds,
executions per second, crashes, timeouts, out-of-memory runs, peak RSS, the slowest input (whole seconds) and
the input that failed, if any.
libFuzzer stops a target at its first finding, so each count is 0 or 1.

Usage: run-fuzz.py --bin DIR --work DIR --out JSON [--runs N] [--seconds S] [TARGET ...]
       (default: every Fuzz/fuzz-* folder)
Exits 1 when any target crashed, timed out, ran out of memory or could not run.
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# ASan's quarantine: small enough that the RSS limit measures the decoder, not ASan.
QUARANTINE_MB = 16
LIMITS = re.compile(r"^fuzz-[\w-]+ limits: (.*)$", re.M)
STAT = re.compile(r"^stat::(\w+):\s+(\d+)", re.M)
# libFuzzer's own words for each kind of finding (compiler-rt/lib/fuzzer/FuzzerLoop.cpp).
FINDINGS = {
    "timeouts": [r"ERROR: libFuzzer: timeout after"],
    "out_of_memory": [r"ERROR: libFuzzer: out-of-memory"],
    "crashes": [r"ERROR: libFuzzer: deadly signal", r"ERROR: AddressSanitizer", r"ERROR: libFuzzer: fuzz target",
                r"ERROR: libFuzzer: (?:leak|memory leak)", r"ERROR: LeakSanitizer"],
}


def all_targets():
    fuzz = os.path.join(ROOT, "Fuzz")
    return sorted(name[len("fuzz-"):] for name in os.listdir(fuzz) if name.startswith("fuzz-"))


def parse_log(text):
    """The final stats, the kind of finding (if any) and the failing input of one libFuzzer log."""
    stats = {key: int(value) for key, value in STAT.findall(text)}
    counts = {kind: int(any(re.search(p, text) for p in patterns)) for kind, patterns in FINDINGS.items()}
    if counts["timeouts"] or counts["out_of_memory"]:
        counts["crashes"] = 0
    artifact = re.search(r"Test unit written to (\S+)", text)
    return stats, counts, artifact.group(1) if artifact else None


def summary_of_finding(text):
    """The first lines that say what went wrong: the Swift runtime's message and the top frames."""
    lines = text.splitlines()
    picked = [line for line in lines if "Fatal error" in line or "ERROR:" in line][:3]
    frames = [line.strip() for line in lines if re.match(r"\s+#\d+ ", line)]
    ours = [f for f in frames if "/Sources/" in f or "/Fuzz/" in f][:6]
    return picked + ours


def run_target(name, args):
    binary = os.path.join(args.bin, f"fuzz-{name}")
    corpus = os.path.join(args.work, "corpus", name)
    artifacts = os.path.join(args.work, "artifacts", name) + "/"
    log_path = os.path.join(args.work, "logs", f"{name}.log")
    for folder in (corpus, artifacts, os.path.dirname(log_path)):
        os.makedirs(folder, exist_ok=True)
    seeds = os.path.join(ROOT, "Fuzz", "Corpus", name)
    # Leak checks are off: the Swift runtime's caches never free, so libFuzzer would report them.
    command = [binary, corpus, seeds, "-print_final_stats=1", f"-artifact_prefix={artifacts}", "-detect_leaks=0"]
    if args.runs:
        command.append(f"-runs={args.runs}")
    if args.seconds:
        command.append(f"-max_total_time={args.seconds}")
    # Swift's own backtracer would take the fatal signals before libFuzzer does. ASan's quarantine (freed
    # memory held back to catch use after free, 256 MB by default) alone would pass the RSS limit.
    env = dict(os.environ, SWIFT_BACKTRACE="enable=no")
    env["ASAN_OPTIONS"] = ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"), f"quarantine_size_mb={QUARANTINE_MB}"]))
    start = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log:
        try:
            status = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, env=env).returncode
        except OSError as error:
            log.write(f"cannot run {binary}: {error}\n")
            status = -1
    seconds = time.monotonic() - start
    text = open(log_path, encoding="utf-8", errors="replace").read()
    stats, counts, artifact = parse_log(text)
    executions = stats.get("number_of_executed_units", 0)
    limits = LIMITS.search(text)
    result = {
        "limits": limits.group(1) if limits else None,
        "executions": executions,
        "seconds": round(seconds, 1),
        "executions_per_second": round(executions / seconds) if seconds > 0 else 0,
        **counts,
        "peak_rss_mb": stats.get("peak_rss_mb"),
        "slowest_input_s": stats.get("slowest_unit_time_sec"),
        "new_corpus_units": stats.get("new_units_added"),
        "exit_status": status,
        "log": os.path.relpath(log_path, ROOT),
    }
    if artifact:
        result["failing_input"] = os.path.relpath(artifact, ROOT)
        result["finding"] = summary_of_finding(text)
    result["ok"] = status == 0 and not any(counts.values())
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=0)
    parser.add_argument("--seconds", type=int, default=0)
    parser.add_argument("targets", nargs="*")
    args = parser.parse_args()
    targets = args.targets or all_targets()

    results = {}
    for name in targets:
        limit = " or ".join(part for part in (f"{args.runs} runs" if args.runs else "",
                                               f"{args.seconds} s" if args.seconds else "") if part)
        print(f"==> fuzz-{name}: {limit or 'until stopped'}", flush=True)
        result = run_target(name, args)
        results[name] = result
        kinds = [kind for kind in ("crashes", "timeouts", "out_of_memory") if result[kind]]
        verdict = "ok" if result["ok"] else "FAILED: " + (", ".join(kinds) or f"exit {result['exit_status']}")
        print(f"    {result['executions']} executions in {result['seconds']} s "
              f"({result['executions_per_second']}/s), peak RSS {result['peak_rss_mb']} MB: {verdict}", flush=True)
        for line in result.get("finding", []):
            print(f"    {line}")
        if "failing_input" in result:
            print(f"    input: {result['failing_input']}  (log: {result['log']})")

    report = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "length": {"runs": args.runs or None, "seconds": args.seconds or None},
        "asan_quarantine_mb": QUARANTINE_MB,
        "targets": results,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    failed = [name for name, result in results.items() if not result["ok"]]
    print(f"==> fuzz: {len(results) - len(failed)} of {len(results)} targets clean; report in {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
