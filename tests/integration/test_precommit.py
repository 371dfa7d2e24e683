#!/usr/bin/env python3
"""The pre-commit hooks, for real. phiscrub is installed with
`cmake --install` into a temporary prefix that is put first on PATH; the
Debian package's pre-commit runs this repository's .pre-commit-hooks.yaml
(copied into a temporary hooks repository, so uncommitted changes to it are
what is tested) inside a temporary git repository with `pre-commit install`,
and `git commit` is what is checked:
  a fixture with PHI fails the commit, and the output has the finding but
  never the value; a clean fixture commits; phiscrub:allow commits; a
  finding recorded with `phiscrub baseline` commits (hook args
  --baseline, key from $PHISCRUB_KEY_FILE), a new one next to it does not;
  the phiscrub-fix hook rewrites the file, which then commits;
  `pre-commit run --files` and `--all-files` go through the same hooks.
pre-commit and git must be on PATH (scripts/setup.sh --test installs them):
without them this test fails, it does not skip.

Usage: test_precommit.py PHISCRUB CMAKE BUILD_DIR SOURCE_DIR"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from clitest import Checks  # noqa: E402

c = Checks()
cmake, build, source = sys.argv[2:5]
SSN = "219-45-6781"
MRN = "MRN7734021"

precommit = shutil.which("pre-commit")
git = shutil.which("git")
if not c.check("pre-commit and git are on PATH", precommit and git, (precommit, git)):
    c.finish()

prefix = c.path("prefix")
p = subprocess.run([cmake, "--install", build, "--prefix", prefix], stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT)
if not c.check("cmake --install into a temporary prefix", p.returncode == 0, p.stdout.decode()):
    c.finish()

home = c.path("home")
os.makedirs(home)
env = dict(os.environ)
env.update({
    # the installed program first; pre-commit and git where they were found
    "PATH": os.pathsep.join([os.path.join(prefix, "bin"), os.path.dirname(precommit),
                             os.path.dirname(git), "/usr/bin", "/bin"]),
    "HOME": home,  # no user git config, no user pre-commit cache
    "PRE_COMMIT_HOME": c.path("pre-commit-cache"),
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    "LD_LIBRARY_PATH": "",
})
env.pop("PRE_COMMIT", None)


def sh(args, cwd):
    p = subprocess.run(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=600)
    return p.returncode, p.stdout.decode(errors="replace")


which = subprocess.run(["sh", "-c", "command -v phiscrub"], env=env, stdout=subprocess.PIPE)
c.eq("the installed phiscrub is the one on PATH", which.stdout.decode().strip(),
     os.path.join(prefix, "bin", "phiscrub"))

# the hooks repository: this repository's hook definitions, committed
hooks = c.path("hooks-repo")
os.makedirs(hooks)
shutil.copy(os.path.join(source, ".pre-commit-hooks.yaml"), hooks)
sh(["git", "init", "-q", "-b", "main"], hooks)
sh(["git", "add", "."], hooks)
sh(["git", "commit", "-q", "-m", "hooks"], hooks)
rev = sh(["git", "rev-parse", "HEAD"], hooks)[1].strip()

repo = c.path("work")
os.makedirs(os.path.join(repo, "fixtures"))
sh(["git", "init", "-q", "-b", "main"], repo)


def config(*hook_ids, args=None):
    with open(os.path.join(repo, ".pre-commit-config.yaml"), "w") as f:
        f.write(f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n")
        for h in hook_ids:
            f.write(f"      - id: {h}\n")
            if args:
                f.write(f"        args: {json.dumps(args)}\n")


def write(rel, text):
    with open(os.path.join(repo, rel), "w") as f:
        f.write(text)


def commit(msg, *files):
    sh(["git", "add"] + list(files), repo)
    return sh(["git", "commit", "-q", "-m", msg], repo)


def head():
    return sh(["git", "rev-parse", "HEAD"], repo)[1].strip()


config("phiscrub")
rc, out = sh(["pre-commit", "install"], repo)
c.check("pre-commit install", rc == 0, out)
rc, out = commit("config", ".pre-commit-config.yaml")
c.check("the config itself commits (the hook passes on it)", rc == 0 and "Passed" in out, out)

write("fixtures/visit.log", f"2024-03-15T10:22:31Z intake ssn={SSN} ok\n")
before = head()
rc, out = commit("PHI", "fixtures/visit.log")
c.check("a fixture with PHI fails the commit", rc != 0 and head() == before, out)
c.check("the failure names path:line:column, category and rule",
        "fixtures/visit.log:1:33: SSN key-lf-ssn" in out, out)
c.check("the output never has the value", SSN not in out, out)
sh(["git", "reset", "-q", "fixtures/visit.log"], repo)

write("fixtures/clean.log", "2024-03-15T10:22:31Z heartbeat ok build=2.14.3\n")
rc, out = commit("clean", "fixtures/clean.log")
c.check("a clean fixture commits", rc == 0 and "Passed" in out, out)

write("fixtures/allowed.log", f"# phiscrub:allow-next-line\nmrn={MRN} synthetic\n"
      f"ssn={SSN} # phiscrub:allow\n")
rc, out = commit("allowed", "fixtures/allowed.log")
c.check("phiscrub:allow and allow-next-line let the commit through", rc == 0, out)

rc, out = sh(["pre-commit", "run", "--files", "fixtures/visit.log"], repo)
c.check("pre-commit run --files: fails on the PHI file",
        rc == 1 and "fixtures/visit.log:1:33: SSN key-lf-ssn" in out and SSN not in out, out)
rc, out = sh(["pre-commit", "run", "--all-files"], repo)
c.check("pre-commit run --all-files: passes on what is committed", rc == 0, out)

# a baseline: the recorded finding commits, a new one beside it does not
key = c.path("key")
with open(key, "wb") as f:
    f.write(os.urandom(32))
os.chmod(key, 0o600)
env["PHISCRUB_KEY_FILE"] = key
config("phiscrub", args=["--baseline", ".phiscrub-baseline.json"])
write("fixtures/accepted.log", f"validator test ssn={SSN}\n")
rc, out = sh(["phiscrub", "baseline", "fixtures/accepted.log"], repo)
c.check("phiscrub baseline records the fixture", rc == 0 and
        os.path.exists(os.path.join(repo, ".phiscrub-baseline.json")), out)
rc, out = commit("baselined", ".pre-commit-config.yaml", ".phiscrub-baseline.json",
                 "fixtures/accepted.log")
c.check("a baselined finding commits", rc == 0 and "Passed" in out, out)
write("fixtures/accepted.log", f"moved down\nvalidator test ssn={SSN}\nmrn={MRN}\n")
before = head()
rc, out = commit("new PHI beside it", "fixtures/accepted.log")
c.check("a new finding beside a baselined one fails the commit, only it reported",
        rc != 0 and head() == before and "fixtures/accepted.log:3:5: MRN" in out and
        "accepted.log:2" not in out and MRN not in out and SSN not in out, out)
sh(["git", "checkout", "-q", "--", "fixtures/accepted.log"], repo)
sh(["git", "reset", "-q", "fixtures/accepted.log"], repo)
sh(["git", "checkout", "-q", "--", "fixtures/accepted.log"], repo)
del env["PHISCRUB_KEY_FILE"]

# the fixing hook: the commit stops with the file rewritten; then it passes
config("phiscrub-fix", "phiscrub")
commit("fix hook", ".pre-commit-config.yaml")
before = head()
rc, out = commit("PHI again", "fixtures/visit.log")
with open(os.path.join(repo, "fixtures/visit.log")) as f:
    fixed = f.read()
c.check("phiscrub-fix stops the commit and rewrites the file",
        rc != 0 and head() == before and fixed == "2024-03-15T10:22:31Z intake ssn=[SSN] ok\n",
        (out, fixed))
c.check("phiscrub-fix output has no value", SSN not in out, out)
rc, out = commit("fixed", "fixtures/visit.log")
c.check("the fixed file then commits", rc == 0 and head() != before, out)
committed = sh(["git", "show", "HEAD:fixtures/visit.log"], repo)[1]
c.eq("what was committed is the masked file", committed,
     "2024-03-15T10:22:31Z intake ssn=[SSN] ok\n")

c.finish()
