#!/usr/bin/env python3
"""The compiled-rules cache: a damaged, cut, swapped or foreign cache file,
or a folder that cannot be used, never changes the output and never crashes.
Each is said once on stderr (the file or folder and why, no input bytes),
the rules are compiled again, and the file is rewritten so the next run is
quiet again.

Usage: test_cache.py PATH_TO_PHISCRUB"""
import glob
import os
import shutil
import stat

from clitest import Checks

c = Checks()
SRC = (b"pt ssn=123-45-6789 mrn=00482133 seen by Dr. John Smith, cb 415-555-0134\n"
       b"{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":\"00482133\"}]}\n"
       b"plain line, nothing here\n")
inp = c.write("in.log", SRC)
small = c.write("small.rules", b"[only-ssn]\ncategory = SSN\npattern = \\b\\d{3}-\\d{2}-\\d{4}\\b\n")


def run(cache, args=(), seed=""):
    # no seed folder unless a check asks for one: an installed phiscrub's
    # must not stand in for the cache these checks are about
    env = dict(os.environ, PHISCRUB_CACHE_DIR=cache, PHISCRUB_SEED_DIR=seed)
    return c.run(list(args) + [inp], env=env)


def cache_lines(err):
    return [line for line in err.splitlines() if b"cache" in line]


def files(cache):
    return sorted(glob.glob(os.path.join(cache, "*.hsdb")))


# the reference: compiled, no cache at all
st, ref, err = c.run(["--no-cache", inp])
c.eq("reference run: exit 0, nothing on stderr", (st, err), (0, b""))
c.check("reference run masks the SSN and the MRN", b"123-45-6789" not in ref and b"00482133" not in ref, ref)

cache = c.path("cache")
st, out, err = run(cache)
c.eq("cold cache: same output, quiet", (st, out, err), (0, ref, b""))
f = files(cache)
c.eq("cold cache: one cache file written", len(f), 1)
good = open(f[0], "rb").read()
st, out, err = run(cache)
c.eq("warm cache: same output, quiet", (st, out, err), (0, ref, b""))


def damaged(name, data, want):
    """Write data as the cache file, run twice: the first run says so once and
    rewrites the file, the second is quiet."""
    with open(f[0], "wb") as fh:
        fh.write(data)
    os.chmod(f[0], 0o600)
    st, out, err = run(cache)
    c.eq(f"{name}: exit 0, the same output", (st, out), (0, ref))
    lines = cache_lines(err)
    c.check(f"{name}: said once on stderr ({want})",
            len(lines) == 1 and want in lines[0] and len(err.splitlines()) == 1, err)
    c.check(f"{name}: stderr names the file, no input bytes",
            os.path.basename(f[0]).encode() in err and b"6789" not in err and b"Smith" not in err, err)
    c.check(f"{name}: the file is rewritten", open(f[0], "rb").read() == good)
    st, out, err = run(cache)
    c.eq(f"{name}: the next run is quiet", (st, out, err), (0, ref, b""))


mid = len(good) // 2
flipped = bytearray(good)
for i in range(mid, mid + 64):
    flipped[i] ^= 0x5a
damaged("flipped bytes in the image", bytes(flipped), b"damaged")
last = bytearray(good)
last[-1] ^= 1
damaged("one bit flipped in the last byte", bytes(last), b"damaged")
damaged("cut at half", good[:mid], b"cut short")
damaged("cut inside the header", good[:100], b"cut short")
damaged("empty file", b"", b"cut short")
damaged("bytes appended", good + b"\0" * 4096, b"past its end")
hdr = bytearray(good)
hdr[41] ^= 0xff  # the image length in the header
damaged("a length in the header changed", bytes(hdr), b"damaged header")
damaged("random bytes of the same size", os.urandom(len(good)), b"not a phiscrub cache file")
damaged("an old-format image (no header)", good[4096:], b"not a phiscrub cache file")

# another rule set's valid image, copied over this one's
other = c.path("other-cache")
st, out, _ = run(other, ["--no-default-rules", "--rules", small])
c.check("a one-rule set masks the SSN only", st == 0 and b"00482133" in out and b"123-45-6789" not in out, out)
foreign = open(files(other)[0], "rb").read()
damaged("another rule set's image in its place", foreign, b"another rule set")

# a symbolic link in place of the file
os.unlink(f[0])
os.symlink(files(other)[0], f[0])
st, out, err = run(cache)
c.eq("a symbolic link as the cache file: same output", (st, out), (0, ref))
c.check("a symbolic link: said once", len(cache_lines(err)) == 1 and b"symbolic link" in err, err)
c.check("a symbolic link: replaced by a file", not os.path.islink(f[0]) and open(f[0], "rb").read() == good)

# a file others can write is not trusted
os.chmod(f[0], 0o666)
st, out, err = run(cache)
c.eq("a cache file writable by others: same output", (st, out), (0, ref))
c.check("a cache file writable by others: said once", len(cache_lines(err)) == 1 and b"only you" in err, err)
c.eq("a cache file writable by others: replaced, private", stat.S_IMODE(os.stat(f[0]).st_mode), 0o600)

# folders that cannot be used
for name, setup in (
        ("a folder writable by others", lambda d: (os.mkdir(d), os.chmod(d, 0o777))),
        ("a file where the folder should be", lambda d: open(d, "wb").close()),
        ("a folder that cannot be created", lambda d: None)):
    d = c.path("bad-" + name.replace(" ", "-"))
    setup(d)
    if name.startswith("a folder that cannot"):
        d = os.path.join(c.path("in.log"), "sub")  # under a file
    st, out, err = run(d)
    c.eq(f"{name}: exit 0, same output", (st, out), (0, ref))
    lines = cache_lines(err)
    c.check(f"{name}: said once, with what to do", len(lines) == 1 and len(err.splitlines()) == 1
            and b"PHISCRUB_CACHE_DIR" in err, err)

# phiscrub scan says it too, once
with open(f[0], "wb") as fh:
    fh.write(bytes(flipped))
env = dict(os.environ, PHISCRUB_CACHE_DIR=cache, PHISCRUB_SEED_DIR="")
st, out, err = c.run(["scan", "--format", "text", inp], env=env)
c.check("scan with a damaged cache file: findings as ever (exit 1)", st == 1 and b"SSN" in out, (st, out, err))
c.check("scan with a damaged cache file: said once", len(cache_lines(err)) == 1 and b"damaged" in err, err)

# The seed folder: databases compiled at build time, installed read only.
# Used when the user's cache has no file, so nothing compiles and nothing
# is written; one that cannot be trusted or is damaged is passed over (the
# rules compile into the user's cache as before) and never rewritten.
name = os.path.basename(f[0])


def seed_dir(tag, fmode=0o644, dmode=0o755, data=good):
    d = c.path("seed-" + tag)
    os.mkdir(d)
    with open(os.path.join(d, name), "wb") as fh:
        fh.write(data)
    os.chmod(os.path.join(d, name), fmode)
    os.chmod(d, dmode)
    return d


def seeded(label, seed, used):
    user = c.path("user-" + label.replace(" ", "-"))
    before = open(os.path.join(seed, name), "rb").read()
    st, out, err = run(user, seed=seed)
    c.eq(f"seed, {label}: same output, quiet", (st, out, err), (0, ref, b""))
    if used:
        c.eq(f"seed, {label}: used, nothing compiled into the user's cache", files(user), [])
    else:
        c.eq(f"seed, {label}: passed over, compiled into the user's cache", len(files(user)), 1)
    c.check(f"seed, {label}: the seed file is never written",
            open(os.path.join(seed, name), "rb").read() == before)


seeded("a trusted folder", seed_dir("ok"), True)
seeded("a file others can write", seed_dir("file-w", fmode=0o666), False)
seeded("a folder others can write", seed_dir("dir-w", dmode=0o777), False)
seeded("a damaged file", seed_dir("damaged", data=bytes(flipped)), False)
seeded("a cut file", seed_dir("cut", data=good[:mid]), False)
seeded("another rule set's file", seed_dir("foreign", data=foreign), False)
st, out, err = run(c.path("user-no-seed"), seed="")
c.eq("PHISCRUB_SEED_DIR empty: no seed, compiled", (st, out, len(files(c.path("user-no-seed")))),
     (0, ref, 1))
user = c.path("user-scan")
env = dict(os.environ, PHISCRUB_CACHE_DIR=user, PHISCRUB_SEED_DIR=c.path("seed-ok"))
st, out, err = c.run(["scan", "--format", "text", inp], env=env)
c.check("scan reads the seed too: findings, nothing compiled", st == 1 and b"SSN" in out
        and files(user) == [], (st, out, err))
# the build's own seed folder holds this rule set's database
built = os.path.join(os.path.dirname(c.bin), "seed-cache")
user = c.path("user-built")
st, out, err = run(user, seed=built)
c.eq("the build's seed-cache: same output, nothing compiled", (st, out, err, files(user)),
     (0, ref, b"", []))

shutil.rmtree(other, ignore_errors=True)
c.finish()
