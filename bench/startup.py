#!/usr/bin/env python3
"""Start-up of a filter on a tiny input: time to the first output byte and
to the end of the run, with the child's CPU time and peak RSS.

    bench/startup.py --line 'ssn=123-45-6789' [--cold-under DIR] -- phiscrub [ARGS]

The command is started with a pipe on its standard input; one line is
written at once, and the pipe is left open until the first output byte
arrives (so "first byte" is what a pipeline waiting on a quiet log sees),
then closed; with --eof it is closed right after the line. With --quiet S,
the pipe stays open after the first output: after S seconds of silence a
second line is written, and "first byte" is the time from that write to
its output (the latency of a line on a quiet pipe, once the filter is up,
without its start-up). With --cold-under, PHISCRUB_CACHE_DIR is a new,
empty folder under DIR for the run (a first run after install). Prints one
TSV row: first_byte_s total_s user_s sys_s maxrss_kb exit (first_byte_s
-1: no output before the timeout). Python 3 stdlib only.
"""
import argparse
import os
import select
import shutil
import sys
import tempfile
import time


def wait_second(rout, win, line, quiet, timeout):
    """Drain the first line's output for QUIET s, write LINE again, and
    return the seconds until output follows (None: none before TIMEOUT)."""
    end = time.monotonic() + quiet
    while True:
        left = end - time.monotonic()
        if left <= 0:
            break
        r, _, _ = select.select([rout], [], [], left)
        if r and not os.read(rout, 65536):
            return None
    os.write(win, line.encode())
    t1 = time.monotonic()
    r, _, _ = select.select([rout], [], [], timeout)
    if not r or not os.read(rout, 65536):
        return None
    return time.monotonic() - t1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--line", default="pt ssn=123-45-6789 called back\n")
    ap.add_argument("--cold-under", help="run with a fresh, empty cache folder under this one")
    ap.add_argument("--eof", action="store_true",
                    help="close the input right after the line (the whole run on a tiny input)")
    ap.add_argument("--quiet", type=float, metavar="S",
                    help="after the first output, wait S s and time a second line alone")
    ap.add_argument("--timeout", type=float, default=120.0,
                    help="give up waiting for output after this many seconds (first byte -1)")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    env = dict(os.environ)
    cold = None
    if a.cold_under:
        os.makedirs(a.cold_under, exist_ok=True)
        cold = tempfile.mkdtemp(prefix="cold.", dir=a.cold_under)
        env["PHISCRUB_CACHE_DIR"] = cold
    line = a.line if a.line.endswith("\n") else a.line + "\n"
    rin, win = os.pipe()
    rout, wout = os.pipe()
    t0 = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.dup2(rin, 0)
        os.dup2(wout, 1)
        for fd in (rin, win, rout, wout):
            os.close(fd)
        try:
            os.execvpe(cmd[0], cmd, env)
        finally:
            os._exit(127)
    os.close(rin)
    os.close(wout)
    os.write(win, line.encode())
    if a.eof:
        os.close(win)
        win = None
    first = None
    seen = False
    deadline = t0 + a.timeout
    while True:
        r, _, _ = select.select([rout], [], [], max(0.0, deadline - time.monotonic()))
        if not r:
            break
        chunk = os.read(rout, 65536)
        if not chunk:
            break
        if not seen:
            seen = True
            first = time.monotonic() - t0
            if a.quiet is not None and win is not None:
                first = wait_second(rout, win, line, a.quiet, a.timeout)
            if win is not None:
                os.close(win)
                win = None
    if win is not None:
        os.close(win)  # timed out: let the command see the end of its input
    _, status, ru = os.wait4(pid, 0)
    total = time.monotonic() - t0
    os.close(rout)
    if cold:
        shutil.rmtree(cold, ignore_errors=True)
    code = os.waitstatus_to_exitcode(status)
    print("%.4f\t%.4f\t%.3f\t%.3f\t%d\t%d" % (first if first is not None else -1, total, ru.ru_utime,
                                             ru.ru_stime, ru.ru_maxrss, code))


if __name__ == "__main__":
    main()
