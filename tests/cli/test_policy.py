#!/usr/bin/env python3
"""Actions and keys through the real binary (issue 4): --mode, --action and
the rules' `action` lines; key files (permissions, length, the environment
variable, no default key); tokens that agree across processes and differ
across keys; encrypt + `phiscrub reveal` round trip over a whole generated
corpus; tampered, cut and foreign tokens refused; surrogates; drop; and no
key bytes in any output, error, report or finding."""
import json
import os
import re
import stat
import subprocess
import sys

from clitest import Checks

c = Checks()
NL = b"\n"
HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "bench", "gen_corpus.py")

# A key made of text, so a leak of any part of it is easy to grep for, and
# a binary one.
KEY1 = b"KEYMATERIAL-d41d8cd98f00b204e9800998ecf8427e-UNIT\n"
KEY2 = os.urandom(48)


def key_file(name, data, mode=0o600):
    p = c.write(name, data)
    os.chmod(p, mode)
    return p


k1 = key_file("k1", KEY1)
k2 = key_file("k2", KEY2)

SAMPLE = (b"2024-03-15T08:01:12Z intake mrn=MRN0048213 dob=1957-04-12 ssn=123-45-6789\n"
          b"contact phone (415) 555-0134, email Jane.Q.Doe@Example.com\n"
          b"Patient: John Smith admitted; follow-up call 415.555.0134\n"
          b"PID|1||12345^^^HOSP^MR||SMITH^JOHN||19800314|M\r\n"
          b"clean line: build 2024.03.14 port 8443 trace 4bf92f3577b34da6a3ce929d0e0e4736\n")
inp = c.write("sample.log", SAMPLE)

# ------------------------------------------------------------ no key, bad keys
env_nokey = {k: v for k, v in os.environ.items() if k != "PHISCRUB_KEY_FILE"}
for mode in ("tokenize", "encrypt", "surrogate"):
    st, out, err = c.run(["--mode", mode, inp], env=env_nokey)
    c.eq(f"--mode {mode} without a key: exit 2", st, 2)
    c.eq(f"--mode {mode} without a key: no output", out, b"")
    c.check(f"--mode {mode} without a key: says there is no default key and how to make one",
            b"no default key" in err and b"--key-file" in err and b"urandom" in err, err)

st, out, err = c.run(["--mode", "tokenize", "--action", "all=mask", inp], env=env_nokey)
c.eq("every category back to mask: no key needed", st, 0)

for name, data, mode, needle in (
        ("group-readable", KEY1, 0o640, b"chmod 600"),
        ("world-readable", KEY1, 0o644, b"chmod 600"),
        ("short", b"0123456789abcdef0123456789abcde", 0o600, b"too short"),
        ("short-with-newline", b"0123456789abcdef0123456789abcde\n", 0o600, b"too short"),
        ("empty", b"", 0o600, b"too short")):
    p = key_file("bad-" + name, data, mode)
    st, out, err = c.run(["--mode", "tokenize", "--key-file", p, inp])
    c.eq(f"key {name}: exit 2", st, 2)
    c.eq(f"key {name}: no output", out, b"")
    c.check(f"key {name}: the error says why", needle in err, err)
    c.check(f"key {name}: the error holds no key bytes",
            (not data) or data.strip()[:12] not in err, err)
st, out, err = c.run(["--mode", "tokenize", "--key-file", c.path("nonexistent"), inp])
# a name that is no file may be the key itself, given where a file was wanted
c.check("missing key file: exit 2, its name not echoed", st == 2 and b"nonexistent" not in err
        and b"does not exist" in err, err)

# OpenSSL set up with no provider that has HMAC or AES-SIV (as a FIPS-only
# set-up lacks AES-SIV): the run stops before any output, and says why.
cnf = c.write("openssl.cnf", b"openssl_conf = openssl_init\n[openssl_init]\n"
              b"providers = provider_sect\n[provider_sect]\nbase = base_sect\n"
              b"[base_sect]\nactivate = 1\n")
env_noprov = dict(os.environ, OPENSSL_CONF=cnf)
st, out, err = c.run(["--mode", "encrypt", "--key-file", k1, inp], env=env_noprov)
c.check("no crypto provider: exit 4, no output, names the algorithm",
        st == 4 and out == b"" and b"HMAC-SHA256" in err, (st, err))
st, out, err = c.run(["--mode", "partial", inp], env=env_noprov)
c.check("no crypto provider: actions without a key still run", st == 0 and b"***-**-6789" in out,
        (st, err))

# ------------------------------------------------------------ tokens
st, t1, err = c.run(["--mode", "tokenize", "--key-file", k1, inp])
c.eq("tokenize: exit 0", st, 0)
st, t1b, _ = c.run(["--mode", "tokenize", "--key-file", k1], stdin=SAMPLE)
c.eq("tokenize: two processes (file, stdin) give the same bytes", t1b, t1)
st, t1c, _ = c.run(["--mode", "tokenize"], env=dict(os.environ, PHISCRUB_KEY_FILE=k1), stdin=SAMPLE)
c.eq("tokenize: the key from $PHISCRUB_KEY_FILE is the same key", t1c, t1)
st, t1d, _ = c.run(["--mode", "tokenize", "--key-file", k1],
                   env=dict(os.environ, PHISCRUB_KEY_FILE=k2), stdin=SAMPLE)
c.eq("tokenize: --key-file wins over the environment", t1d, t1)
tokens1 = re.findall(rb"\b([A-Z][A-Z_]*)_([a-z2-7]{16})\b", t1)
c.check("tokenize: CATEGORY_ and 16 base32 characters", len(tokens1) >= 8, t1)
for v in (b"123-45-6789", b"MRN0048213", b"555-0134", b"Smith", b"SMITH", b"Doe@", b"1957-04-12"):
    c.check(f"tokenize: {v!r} is gone", v not in t1)
c.check("tokenize: clean text and the record timestamp stay",
        b"2024-03-15T08:01:12Z intake" in t1 and
        b"clean line: build 2024.03.14 port 8443 trace 4bf92f3577b34da6a3ce929d0e0e4736\n" in t1
        and b"\r\n" in t1)
phones = [t for cat, t in tokens1 if cat == b"PHONE"]
c.check("tokenize: (415) 555-0134 and 415.555.0134 give one token",
        len(phones) == 2 and phones[0] == phones[1], phones)
names = [t for cat, t in tokens1 if cat == b"NAME"]
c.check("tokenize: 'John Smith' and HL7 'SMITH^JOHN' give one token",
        len(names) == 2 and names[0] == names[1], names)
st, t2, _ = c.run(["--mode", "tokenize", "--key-file", k2, inp])
tokens2 = set(t for _, t in re.findall(rb"\b([A-Z][A-Z_]*)_([a-z2-7]{16})\b", t2))
c.check("rotation: a new key shares no token with the old one",
        tokens2 and not (tokens2 & set(t for _, t in tokens1)), (tokens1, tokens2))
st, again, _ = c.run(["--mode", "tokenize", "--key-file", k1], stdin=t1)
c.eq("tokenize: output scrubs to itself", again, t1)

# ------------------------------------------------------------ policy sources
st, mixed, _ = c.run(["--mode", "tokenize", "--action", "SSN=partial", "--action", "email=mask",
                      "--key-file", k1, inp])
c.check("--action after --mode: SSN partial, EMAIL mask, the rest tokens",
        b"ssn=***-**-6789" in mixed and b"[EMAIL]" in mixed and b"MRN_" in mixed, mixed)
st, out, err = c.run(["--action", "SSN", inp])
c.check("--action without '=': usage error", st == 2 and b"CATEGORY=ACTION" in err, err)
st, out, err = c.run(["--mode", "hash", inp])
c.check("--mode unknown: usage error naming the actions", st == 2 and b"tokenize" in err, err)
rules = c.write("policy.rules", b"action all = partial\naction SSN = tokenize\n"
                b"[ssn]\ncategory = SSN\npattern = \\b\\d{3}-\\d{2}-\\d{4}\\b\n"
                b"[dob]\ncategory = DATE\npattern = dob=(?<phi>\\S+)\n")
st, out, err = c.run(["--rules", rules, "--key-file", k1], stdin=b"x 123-45-6789 dob=1980-03-14\n")
c.check("rules' action lines: SSN token, DATE partial",
        st == 0 and re.fullmatch(rb"x SSN_[a-z2-7]{16} dob=1980-\*\*-\*\*\n", out), (out, err))
st, out, err = c.run(["--rules", rules, "--action", "SSN=mask"], stdin=b"x 123-45-6789\n")
c.eq("the command line wins over the rules' action lines", out, b"x [SSN]\n")
bad = c.write("bad-policy.rules", b"action SSN = hash\n[ssn]\ncategory = SSN\npattern = x\n")
st, out, err = c.run(["--rules", bad], stdin=b"x\n")
c.check("a broken action line: exit 2 naming file and line",
        st == 2 and b"bad-policy.rules" in err and b"line: 1" in err and b"hash" in err, err)

# ------------------------------------------------------------ encrypt / reveal
corpus = c.path("corpus.log")
subprocess.run([sys.executable, GEN, "--size", "3M", "--seed", "7", "-o", corpus], check=True,
               stderr=subprocess.DEVNULL)
with open(corpus, "rb") as f:
    corpus_bytes = f.read()
enc = c.path("corpus.enc")
st, _, err = c.run(["--mode", "encrypt", "--key-file", k1, "-o", enc, corpus])
c.eq("encrypt the corpus: exit 0", st, 0)
with open(enc, "rb") as f:
    enc_bytes = f.read()
ntok = len(re.findall(rb"\[[A-Z_]+:e1:[a-z2-7]+\]", enc_bytes))
c.check(f"encrypt: the corpus holds encrypted tokens ({ntok})", ntok > 1000)
c.check("encrypt: no SSN of the corpus is left", not re.search(rb"ssn[=:] ?\d{3}-\d{2}-\d{4}", enc_bytes))
# A second run over the output changes nothing under mask, tokenize and
# encrypt: what phiscrub wrote is not a finding again.
for mode in ("mask", "tokenize", "encrypt"):
    st, once, _ = c.run(["--mode", mode, "--key-file", k1, corpus])
    st2, twice, _ = c.run(["--mode", mode, "--key-file", k1], stdin=once)
    differ = sum(a != b for a, b in zip(once.split(NL), twice.split(NL)))
    c.check(f"{mode}: the corpus's output scrubs to itself", st == 0 and st2 == 0 and twice == once,
            f"{differ} lines differ")
st, rev, err = c.run(["reveal", "--key-file", k1, enc])
c.eq("reveal: exit 0", st, 0)
c.check("reveal: the whole corpus comes back byte for byte", rev == corpus_bytes,
        f"{len(rev)} vs {len(corpus_bytes)} bytes")
gz = c.path("corpus.enc.gz")
st, _, _ = c.run(["--mode", "encrypt", "--key-file", k1, "-z", "-o", gz, corpus])
st, rev2, _ = c.run(["reveal", "--key-file", k1], stdin=open(gz, "rb").read())
c.check("reveal: gzip input, from stdin", st == 0 and rev2 == corpus_bytes)

lines = enc_bytes.split(b"\n")
ti = next(i for i, ln in enumerate(lines) if b"[SSN:e1:" in ln)
tampered = list(lines)
pos = tampered[ti].index(b"[SSN:e1:") + 12
ch = tampered[ti][pos:pos + 1]
tampered[ti] = tampered[ti][:pos] + (b"b" if ch == b"a" else b"a") + tampered[ti][pos + 1:]
st, out, err = c.run(["reveal", "--key-file", k1], stdin=b"\n".join(tampered))
c.eq("reveal: a changed token: exit 2", st, 2)
c.check("reveal: says line and column", f"-:{ti + 1}:".encode() in err and b"does not open" in err, err)
out_lines = out.split(b"\n")
bad_tok = tampered[ti][tampered[ti].index(b"[SSN:e1:"):]
bad_tok = bad_tok[:bad_tok.index(b"]") + 1]
c.check("reveal: the tampered token is left as it is, the line's other tokens open",
        bad_tok in out_lines[ti] and out_lines[ti].count(b":e1:") == 1, out_lines[ti])
c.eq("reveal: the other lines still come back",
     out_lines[:ti] + out_lines[ti + 1:],
     corpus_bytes.split(b"\n")[:ti] + corpus_bytes.split(b"\n")[ti + 1:])
cut = lines[ti][lines[ti].index(b"[SSN:e1:"):][:20] + b"\n"
st, out, err = c.run(["reveal", "--key-file", k1], stdin=b"before " + cut)
c.check("reveal: a token cut short: exit 2, left as it is",
        st == 2 and out == b"before " + cut and b"-:1:8:" in err, (out, err))
st, out, err = c.run(["reveal", "--key-file", k2, enc])
c.check("reveal: another key opens nothing: exit 2", st == 2 and out == enc_bytes
        and b"did not open" in err)
st, out, err = c.run(["reveal"], env=env_nokey, stdin=b"x\n")
c.check("reveal without a key: exit 2 with the hint", st == 2 and b"--key-file" in err, err)

# ------------------------------------------------------------ surrogate, drop
st, sur, _ = c.run(["--mode", "surrogate", "--key-file", k1, inp])
st, sur2, _ = c.run(["--mode", "surrogate", "--key-file", k1], stdin=SAMPLE)
c.eq("surrogate: two processes agree", sur2, sur)
m = re.search(rb"ssn=(\d{3})-(\d{2})-(\d{4})", sur)
c.check("surrogate: SSN of the same shape from a never-issued area (9xx, group 01-49)",
        m and m.group(1)[:1] == b"9" and 1 <= int(m.group(2)) <= 49, sur)
c.check("surrogate: phones in 555-01xx", re.search(rb"\(\d{3}\) 555-01\d\d", sur), sur)
c.check("surrogate: email at an example domain", re.search(rb"@example\.(com|org|net)", sur), sur)
c.check("surrogate: no original value left", b"123-45-6789" not in sur and b"Smith" not in sur)
st, drop, _ = c.run(["--action", "SSN=drop", "--report", c.path("drop.json"), inp])
c.check("drop: the SSN line is gone, the rest kept",
        b"ssn=" not in drop and b"[PHONE]" in drop and drop.count(b"\n") == 4, drop)
rep = json.load(open(c.path("drop.json")))
c.eq("drop: counted in the report", rep["lines_dropped"], 1)
c.eq("report: names the action per category", rep["actions"]["SSN"], "drop")

# ------------------------------------------------------------ no key bytes
outputs = []
for mode in ("mask", "partial", "tokenize", "encrypt", "surrogate", "drop"):
    rp, fp = c.path(f"r-{mode}.json"), c.path(f"f-{mode}.jsonl")
    st, out, err = c.run(["--mode", mode, "--key-file", k1, "--report", rp, "--findings", fp,
                          "--list-rules" if mode == "mask" else "--check-rules", inp])
    outputs += [out, err]
    st, out, err = c.run(["--mode", mode, "--key-file", k1, "--report", rp, "--findings", fp, inp])
    outputs += [out, err, open(rp, "rb").read(), open(fp, "rb").read()]
st, out, err = c.run(["reveal", "--key-file", k1, enc])
outputs += [err]
key_text = KEY1.strip()
windows = {key_text[i:i + 8] for i in range(len(key_text) - 7)} | \
          {KEY2[i:i + 8] for i in range(len(KEY2) - 7)}
leaks = [w for w in windows for o in outputs if w in o]
c.check(f"no 8-byte piece of either key in {len(outputs)} outputs, errors, reports and findings",
        not leaks, leaks[:3])

c.finish()
