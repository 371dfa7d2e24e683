#!/usr/bin/env python3
"""The pipe, as `tail -F app.log | phiscrub | agent` uses it, with a real slow
writer on a real pipe:

  * a quiet pipe: each line comes out redacted as soon as it is read, not
    when 256 KiB have gathered or the input ends (the promise is 50 ms; the
    check allows 2 s for a loaded machine and prints what it measured);
  * the same with -z: every line can be decompressed as soon as it is out;
  * SIGTERM and SIGINT: every line read in full is written redacted, a line
    the signal cut is masked, the exit status is 128 + the signal and stderr
    says so; with -z the gzip stream is finished.

Usage: test_stream_io.py PATH_TO_PHISCRUB"""
import os
import select
import signal
import subprocess
import time
import zlib

from clitest import Checks

c = Checks()


def start(args):
    # warm the cache first: a cold start compiles for seconds
    subprocess.run([c.bin, "--check-rules"] + [a for a in args if a == "--no-cache"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    rfd, wfd = os.pipe()  # a real pipe, as from tail -F
    p = subprocess.Popen([c.bin] + args, stdin=rfd, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    os.close(rfd)
    return p, wfd


def read_until(p, done, timeout):
    """Read p's stdout until done(bytes) or timeout; returns (bytes, seconds)."""
    t0 = time.monotonic()
    buf = b""
    while not done(buf):
        left = timeout - (time.monotonic() - t0)
        if left <= 0:
            break
        r, _, _ = select.select([p.stdout], [], [], left)
        if not r:
            break
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        buf += chunk
    return buf, time.monotonic() - t0


def line(i):
    return b"event %d pt ssn=123-45-%04d took=12ms\n" % (i, 1000 + i)


def redacted(i):
    return b"event %d pt ssn=[SSN] took=12ms\n" % i


# --- a quiet pipe: one line every 100 ms -------------------------------------
p, w = start([])
got, lat = b"", []
for i in range(10):
    os.write(w, line(i))
    want = b"".join(redacted(k) for k in range(i + 1))
    more, dt = read_until(p, lambda b, n=len(want) - len(got): len(b) >= n, 2.0)
    got += more
    lat.append(dt)
    time.sleep(0.1)
os.close(w)
rest, _ = p.communicate(timeout=30)
lat.sort()
c.check(f"quiet pipe: each line out before the next is written (median {lat[5] * 1000:.1f} ms,"
        f" most {lat[-1] * 1000:.1f} ms; the promise is 50 ms)", lat[-1] < 2.0,
        f"latencies {lat}")
c.eq("quiet pipe: the lines, redacted", got + rest, b"".join(redacted(k) for k in range(10)))
c.eq("quiet pipe: exit", p.returncode, 0)

# --- -z on a quiet pipe: a sync point after each line -------------------------
p, w = start(["-z"])
z = zlib.decompressobj(16 + zlib.MAX_WBITS)
plain, ok = b"", True
for i in range(5):
    os.write(w, line(i))
    want = b"".join(redacted(k) for k in range(i + 1))
    buf, _ = read_until(p, lambda b: len(z.copy().decompress(b)) >= len(want) - len(plain), 2.0)
    plain += z.decompress(buf)
    ok &= plain == want
    time.sleep(0.1)
os.close(w)
rest, _ = p.communicate(timeout=30)
plain += z.decompress(rest)
c.check("-z quiet pipe: each line decompresses as soon as it is out", ok, plain)
c.eq("-z quiet pipe: one finished gzip stream of the lines", (plain, z.eof),
     (b"".join(redacted(k) for k in range(5)), True))


# --- SIGTERM and SIGINT mid-stream --------------------------------------------
def stop_case(sig, args, name):
    p, w = start(args)
    for i in range(3):
        os.write(w, line(i))
        time.sleep(0.05)
    os.write(w, b"cut here ssn=987-65-43")  # a line the signal will cut
    time.sleep(0.3)
    p.send_signal(sig)
    time.sleep(0.3)  # the signal first, then the end of the input
    os.close(w)
    out, err = p.communicate(timeout=30)
    if "-z" in args:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(out)
        c.check(f"{name}: the gzip stream is finished", d.eof)
    want = b"".join(redacted(k) for k in range(3)) + b"[UNPROCESSED]"
    c.eq(f"{name}: exit 128 + signal", p.returncode, 128 + sig)
    c.eq(f"{name}: the lines read in full, redacted, and the cut line masked", out, want)
    signame = "SIGTERM" if sig == signal.SIGTERM else "SIGINT"
    c.check(f"{name}: stderr says so", f"stopped by {signame}".encode() in err, err)
    c.check(f"{name}: no value anywhere", b"987-65-43" not in out + err and
            b"123-45-" not in out + err)


stop_case(signal.SIGTERM, [], "SIGTERM")
stop_case(signal.SIGINT, [], "SIGINT")
stop_case(signal.SIGTERM, ["-z"], "SIGTERM with -z")

c.finish()
