"""Shared helpers for the python tests of the phiscrub binary.

Every test counts its checks and ends its output with "N passed, M failed";
the exit status is 1 when a check failed (or none ran)."""
import os
import shutil
import subprocess
import sys
import tempfile
import traceback


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        if len(sys.argv) < 2:
            print(f"usage: {sys.argv[0]} PATH_TO_PHISCRUB", file=sys.stderr)
            sys.exit(2)
        self.bin = os.path.abspath(sys.argv[1])
        self.tmp = tempfile.mkdtemp(prefix="phiscrub-cli.")
        sys.excepthook = self._crash
        # never touch the user's cache of compiled rules: ctest gives the tests
        # one of their own; run by hand, each test has its own
        os.environ["PHISCRUB_CACHE_DIR"] = os.environ.get("PHISCRUB_TEST_CACHE_DIR") or \
            os.path.join(self.tmp, "cache")

    def _crash(self, typ, value, tb):
        """An exception is a failed check too, and the summary still ends the output."""
        traceback.print_exception(typ, value, tb, file=sys.stdout)
        self.check(f"test script ran to its end ({typ.__name__}: {value})", False)
        self.finish()

    def check(self, name, cond, detail=""):
        if cond:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}")
            if detail:
                for line in str(detail).splitlines():
                    print(f"     {line}")
        return cond

    def eq(self, name, actual, expected):
        """Exact equality, with a readable account of the difference."""
        if actual == expected:
            return self.check(name, True)
        detail = f"expected: {short(expected)}\nactual:   {short(actual)}"
        if isinstance(actual, (bytes, str)) and isinstance(expected, (bytes, str)):
            i = next((k for k in range(min(len(actual), len(expected)))
                      if actual[k] != expected[k]), min(len(actual), len(expected)))
            detail += (f"\nlengths {len(actual)} vs {len(expected)}; first difference at {i}: "
                       f"expected {short(expected[max(0, i - 20):i + 40])} "
                       f"got {short(actual[max(0, i - 20):i + 40])}")
        return self.check(name, False, detail)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, data):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def run(self, args, stdin=b"", timeout=300, **kw):
        """Run the binary; returns (status, stdout, stderr)."""
        p = subprocess.run([self.bin] + list(args), input=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout, **kw)
        return p.returncode, p.stdout, p.stderr

    def finish(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed or not self.passed else 0)


def short(v, n=300):
    r = repr(v)
    return r if len(r) <= n else r[:n] + f"... ({len(v)} long)"
