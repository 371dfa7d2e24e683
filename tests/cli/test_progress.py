#!/usr/bin/env python3
"""Progress and the closing summary, in a real terminal: each command runs
in a tmux pane (a pty, Debian's tmux), with every byte written to the pane
recorded (pipe-pane) and the final screen read (capture-pane).

    test_progress.py PHISCRUB

  * the pipe reading files, its output to a file: progress lines (bytes of
    the file, percent, rate) while it runs, cleared at the end, then one
    summary line with the findings by category;
  * several inputs: which one of how many;
  * --quiet, standard error not a terminal: nothing on standard error;
  * standard input from a pipe: no progress (no size), the summary;
  * the output on the terminal itself: no progress line inside it, the
    summary after it;
  * scan over a folder: files done of how many, bytes and rate, then the
    summary with the categories; --quiet: nothing;
  * no planted value ever reaches the terminal but in redacted output.

Prints one line per check and "N passed, M failed"."""
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

BIN = os.path.abspath(sys.argv[1])
tmp = tempfile.mkdtemp(prefix="phiscrub-progress.")
env_cache = os.environ.get("PHISCRUB_TEST_CACHE_DIR") or os.path.join(tmp, "cache")
SOCK = f"phiscrub-test-{os.getpid()}"
passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}")
        for ln in str(detail).splitlines()[-25:]:
            print(f"     {ln}")


if not shutil.which("tmux"):
    print("FAIL tmux is not installed: scripts/setup.sh --test installs it")
    print("0 passed, 1 failed")
    sys.exit(1)


# a private server: not the user's, even when the test runs inside tmux
TMUX_ENV = {k: v for k, v in os.environ.items() if k != "TMUX"}


def tmux(sock, *args, check_rc=True):
    return subprocess.run(["tmux", "-L", sock, "-f", "/dev/null", *args], capture_output=True,
                          text=True, check=check_rc, env=TMUX_ENV)


def in_terminal(cmd, timeout=240):
    """Run the shell command `cmd` in a fresh 160x40 pane. Returns (every byte
    the pane received, the final screen, the command's exit status)."""
    log = os.path.join(tmp, f"pane-{time.monotonic_ns()}.log")
    go = log + ".go"
    done = log + ".rc"
    script = (f"while [ ! -e {go} ]; do sleep 0.05; done; cd {tmp}; "
              f"export PHISCRUB_CACHE_DIR={env_cache}; {cmd}; echo $? > {done}; sleep 600")
    # a server of its own per pane: a server that was just killed may still
    # hold its socket, and a new session there fails ("server exited")
    sock = f"{SOCK}-{time.monotonic_ns()}"
    tmux(sock, "new-session", "-d", "-x", "160", "-y", "40", "-s", "t", "sh", "-c", script)
    tmux(sock, "pipe-pane", "-t", "t", "-o", f"cat >> {log}")
    open(go, "w").close()
    end = time.monotonic() + timeout
    while not os.path.exists(done) and time.monotonic() < end:
        time.sleep(0.1)
    time.sleep(0.3)  # let the pane and its log catch up
    screen = tmux(sock, "capture-pane", "-p", "-t", "t").stdout
    tmux(sock, "kill-server", check_rc=False)
    rc = int(open(done).read()) if os.path.exists(done) else None
    data = open(log, "rb").read().decode("utf-8", "replace") if os.path.exists(log) else ""
    return data, screen, rc


# Log lines like the bench corpus's: a few carry PHI, the values planted.
rnd = random.Random(16)
PLANTED = ["123-45-6789", "Jana Hamanova", "jana@example.org", "(415) 555-0134"]
lines = []
for i in range(400000):
    k = i % 20
    if k == 0:
        lines.append(f"2024-03-15T08:01:{i % 60:02d}Z intake ssn=123-45-6789 patient Jana Hamanova")
    elif k == 1:
        lines.append(f"2024-03-15T08:01:{i % 60:02d}Z notify jana@example.org cb (415) 555-0134")
    else:
        lines.append(f"2024-03-15T08:01:{i % 60:02d}Z GET /api/v2/orders/{rnd.randint(1, 10**6)} "
                     f"200 in {rnd.randint(1, 900)}ms trace={rnd.getrandbits(128):032x}")
text = "\n".join(lines) + "\n"
big = os.path.join(tmp, "big.log")
with open(big, "w") as f:
    f.write(text * 2)  # about 70 MB: long enough for the 300 ms first tick
folder = os.path.join(tmp, "tree")
os.makedirs(os.path.join(folder, "sub"))
for i in range(30):
    with open(os.path.join(folder, "sub" if i % 2 else "", f"f{i:02d}.log"), "w") as f:
        f.write(text[: len(text) // 8])
small = os.path.join(tmp, "small.log")
with open(small, "w") as f:
    f.write("intake ssn=123-45-6789 patient Jana Hamanova\nnothing here\n")


def leaks(data):
    return [v for v in PLANTED if v in data]


def progress_lines(data):
    """The texts drawn after carriage returns."""
    return [p.strip() for p in data.split("\r") if p.strip()]


# ---------------------------------------------------------------- the pipe, to a file
data, screen, rc = in_terminal(f"{BIN} {big} > out.log")
drawn = [p for p in progress_lines(data) if "MB/s" in p or "KB/s" in p]
check("pipe: exits 0", rc == 0, screen)
check("pipe to a file: progress drawn on the terminal while it runs",
      any("big.log:" in p and " of " in p and "%)" in p for p in drawn), data[-2000:])
check("pipe: the progress line is gone at the end", "/s" not in screen and "%)" not in screen,
      screen)
summary = [ln for ln in screen.splitlines() if "findings in" in ln]
check("pipe: one summary line with the findings by category",
      len(summary) == 1 and "lines" in summary[0] and "SSN 40,000" in summary[0]
      and "NAME" in summary[0] and "EMAIL 40,000" in summary[0], screen)
check("pipe: no planted value on the terminal", not leaks(data), leaks(data))
out = open(os.path.join(tmp, "out.log")).read()
check("pipe: the output file is whole and redacted, untouched by progress",
      out.count("\n") == 800000 and not leaks(out) and "\r" not in out)

# several inputs: which one of how many
data, screen, rc = in_terminal(f"{BIN} {big} {big} > out2.log")
check("pipe, two inputs: the line says which input of how many",
      any(p.startswith("phiscrub: 1/2 ") or p.startswith("phiscrub: 2/2 ")
          for p in progress_lines(data)), data[-1500:])

# --quiet, and stderr not a terminal
data, screen, rc = in_terminal(f"{BIN} -q {big} > out3.log")
check("pipe --quiet: nothing on the terminal", rc == 0 and "phiscrub" not in data, data[-800:])
data, screen, rc = in_terminal(f"{BIN} {big} > out4.log 2> err4.log")
err = open(os.path.join(tmp, "err4.log")).read()
check("pipe, standard error to a file: no progress and no summary there",
      rc == 0 and err == "" and "phiscrub" not in data, repr(err[:300]))

# standard input from a pipe: no size, so no progress; the summary still
data, screen, rc = in_terminal(f"cat {big} | {BIN} > out5.log")
check("pipe from a pipe: no progress line", not any("/s" in p for p in progress_lines(data)),
      data[-800:])
check("pipe from a pipe: the summary", "findings in 800,000 lines" in screen, screen)

# the output on the terminal itself
data, screen, rc = in_terminal(f"{BIN} {small}")
check("output on the terminal: redacted text, then the summary, no progress inside",
      "intake ssn=[SSN] patient [NAME]" in screen and "findings in 2 lines" in screen
      and "%)" not in data and not leaks(data), screen)

# ---------------------------------------------------------------- scan
data, screen, rc = in_terminal(f"{BIN} scan {folder} > scan.out")
drawn = [p for p in progress_lines(data) if p.startswith("phiscrub scan:") and "files" in p]
check("scan: exits 1 (findings)", rc == 1, screen)
check("scan: progress with files done of how many, bytes and rate",
      any(" of 30 files, " in p and "/s" in p for p in drawn), data[-1500:])
ssum = [ln for ln in screen.splitlines() if ln.startswith("phiscrub scan: ")]
check("scan: the summary line ends with the findings by category",
      len(ssum) == 1 and "in 30 files" in ssum[-1] and ": SSN " in ssum[-1]
      and "EMAIL" in ssum[-1], screen)
check("scan: the progress line is gone at the end", " of 30 files" not in screen, screen)
check("scan: no planted value on the terminal", not leaks(data), leaks(data))
data, screen, rc = in_terminal(f"{BIN} scan -q {folder} > scan2.out")
check("scan --quiet: nothing on the terminal", rc == 1 and "phiscrub" not in data, data[-800:])
data, screen, rc = in_terminal(f"{BIN} scan {folder} > scan3.out 2> scan3.err")
serr = open(os.path.join(tmp, "scan3.err")).read()
check("scan, standard error to a file: the plain summary, no progress, no categories",
      "in 30 files" in serr and "\r" not in serr and ": SSN" not in serr, repr(serr[:300]))

shutil.rmtree(tmp, ignore_errors=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
