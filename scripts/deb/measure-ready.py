#!/usr/bin/env python3
"""Starts a command as systemd would start a Type=notify service and measures it.

The command gets NOTIFY_SOCKET pointing at a datagram socket this script listens on (at SOCKET, a path
that must be the same inside a chroot the command enters). Prints one JSON object: the time from start
to READY=1, the STATUS= line sent with it, the main process's VmRSS right after READY and 2 s later,
then stops the command with SIGTERM and reports its exit status and how long it took.

Usage: measure-ready.py SOCKET TIMEOUT_S -- COMMAND [ARG...]
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def main():
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__)
    path, timeout, command = sys.argv[1], float(sys.argv[2]), sys.argv[4:]
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(path)
    os.chmod(path, 0o666)  # the daemon runs as another user
    listener.settimeout(0.2)

    env = dict(os.environ, NOTIFY_SOCKET=path)
    env.pop("WATCHDOG_USEC", None)
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    result = {"command": command, "ready": False}
    messages = []
    try:
        while time.monotonic() - started < timeout:
            if process.poll() is not None:
                result["exited_before_ready"] = process.returncode
                break
            try:
                data = listener.recv(4096).decode("utf-8", "replace")
            except socket.timeout:
                continue
            messages.append(data)
            fields = dict(line.split("=", 1) for line in data.splitlines() if "=" in line)
            if fields.get("READY") == "1":
                result["ready"] = True
                result["start_to_ready_s"] = round(time.monotonic() - started, 3)
                result["status"] = fields.get("STATUS")
                result["rss_after_ready_kib"] = rss_kib(process.pid)
                time.sleep(2)
                result["rss_2s_after_ready_kib"] = rss_kib(process.pid)
                break
    finally:
        if process.poll() is None:
            stopping = time.monotonic()
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            result["stop_s"] = round(time.monotonic() - stopping, 3)
        result["exit_status"] = process.returncode
        output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
        result["output_tail"] = output.splitlines()[-8:]
        result["notify_messages"] = messages
        listener.close()
        os.unlink(path)
    print(json.dumps(result, ensure_ascii=False))
    sys.exit(0 if result["ready"] else 1)


if __name__ == "__main__":
    main()
