#!/usr/bin/env python3
"""The token and encrypted-token formats of docs/policy.md, implemented here
a second time from the document (hmac, hashlib, base64 and the
`cryptography` package's AES-SIV), and checked against the real binary:
every token phiscrub writes must be the one the spec gives for the value,
and every encrypted token must open, with the category as associated data,
to the exact value. Another integration that follows the document gets the
same tokens."""
import base64
import hashlib
import hmac
import os
import re

from clitest import Checks

from cryptography.hazmat.primitives.ciphers.aead import AESSIV

c = Checks()
KEY = b"spec-test key: 2b7e151628aed2a6abf7158809cf4f3c\n"
kf = c.write("key", KEY)
os.chmod(kf, 0o600)


def h(key, msg):
    return hmac.new(key, msg, hashlib.sha256).digest()


# docs/policy.md, "Keys": one final newline is not part of the key; the root
# is HMAC-SHA256 keyed with "phiscrub key v1" over the key bytes; each
# subkey is HMAC-SHA256(root, purpose).
raw = KEY[:-1] if KEY.endswith(b"\n") else KEY
root = h(b"phiscrub key v1", raw)
tok_key = h(root, b"token")
siv_key = h(root, b"siv 1") + h(root, b"siv 2")


def b32(b):
    return base64.b32encode(b).decode().rstrip("=").lower()


def token(cat, normal):
    mac = h(tok_key, cat.encode() + b"\0" + normal.encode())
    return f"{cat}_{b32(mac[:10])}"


CASES = [
    # (input line, category, normal form from the table in docs/policy.md)
    ("ssn=123-45-6789", "SSN", "123456789"),
    ("SSN: 078-05-1120", "SSN", "078051120"),
    ("phone: +1 (415) 555-0134", "PHONE", "4155550134"),
    ("fax: 312.555.0188", "FAX", "3125550188"),
    ("email Jane.Q.Doe@Example.COM", "EMAIL", "jane.q.doe@example.com"),
    ("Patient: John Smith admitted", "NAME", "john smith"),
    ("Patient: Smith, John admitted", "NAME", "john smith"),
    ("PID|1||12345^^^H^MR||SMITH^JOHN^A||19800314|M", "NAME", "a john smith"),
    ("dob=03/14/1980", "DATE", "1980-03-14"),
    ("DOB: Mar 14, 1980", "DATE", "1980-03-14"),
    ("mrn=MRN-0048213", "MRN", "MRN0048213"),
    ("zip=94107-1234", "ZIP", "941071234"),
]
for line, cat, normal in CASES:
    st, out, err = c.run(["--mode", "tokenize", "--key-file", kf], stdin=line.encode() + b"\n")
    want = token(cat, normal)
    c.check(f"token of {cat} in {line!r} is the spec's ({want})",
            st == 0 and want.encode() in out, (out, err))

# Encrypted tokens: base32 of the 16-byte SIV and the ciphertext; the
# category is the one associated-data component.
siv = AESSIV(siv_key)
TEXT = (b"intake mrn=MRN0048213 dob=1957-04-12 ssn=123-45-6789\n"
        b"contact phone (415) 555-0134, email jane.q.doe@example.com\n"
        b"Patient: Jana Hamanov\xc3\xa1 at 12 Main St, Springfield, IL 62704\n")
st, enc, err = c.run(["--mode", "encrypt", "--key-file", kf], stdin=TEXT)
c.eq("encrypt: exit 0", st, 0)
found = re.findall(rb"\[([A-Z_]+):e1:([a-z2-7]+)\]", enc)
c.check(f"encrypt: tokens written ({len(found)})", len(found) >= 7, enc)
rebuilt = enc
for cat, body in found:
    pad = "=" * (-len(body) % 8)
    blob = base64.b32decode(body.decode().upper() + pad)
    try:
        value = siv.decrypt(blob, [cat])
    except Exception as e:  # InvalidTag
        c.check(f"encrypted {cat.decode()} token opens with the spec's key", False, repr(e))
        continue
    c.check(f"encrypted {cat.decode()} token opens with the spec's key", True)
    c.check(f"  and re-encrypting gives the same token (deterministic)",
            siv.encrypt(value, [cat]) == blob)
    rebuilt = rebuilt.replace(b"[" + cat + b":e1:" + body + b"]", value, 1)
c.eq("encrypt: the spec's decryption rebuilds the input exactly", rebuilt, TEXT)

# A token made here by the spec opens with phiscrub reveal.
mine = siv.encrypt(b"999-00-1234", [b"SSN"])
line = f"x [SSN:e1:{b32(mine)}] y\n".encode()
st, out, err = c.run(["reveal", "--key-file", kf], stdin=line)
c.eq("reveal opens a token made by the spec", out, b"x 999-00-1234 y\n")

# A bare JSON scalar ("age":92) is replaced by its encrypted token in
# quotes; its second associated-data string is "json bare scalar", and
# reveal drops those quotes, only for such a token.
BARE = [b"AGE", b"json bare scalar"]
st, enc, err = c.run(["--mode", "encrypt", "--key-file", kf], stdin=b'{"age":92,"x":1}\n')
m = re.search(rb'"age":"\[AGE:e1:([a-z2-7]+)\]"', enc)
c.check("encrypt: a bare scalar's token is written in quotes", m is not None, enc)
if m:
    body = m.group(1).decode()
    blob = base64.b32decode(body.upper() + "=" * (-len(body) % 8))
    try:
        c.eq("  and opens with the spec's key and the bare scalar's data", siv.decrypt(blob, BARE), b"92")
    except Exception as e:  # InvalidTag
        c.check("  and opens with the spec's key and the bare scalar's data", False, repr(e))
    c.check("  and not as a plain token", siv.encrypt(b"92", [b"AGE"]) != blob)
mine = siv.encrypt(b"95", BARE)
line = f'{{"age":"[AGE:e1:{b32(mine)}]"}}\n'.encode()
st, out, err = c.run(["reveal", "--key-file", kf], stdin=line)
c.eq("reveal opens a bare scalar's token made by the spec, without its quotes", out, b'{"age":95}\n')
st, out, err = c.run(["reveal", "--key-file", kf], stdin=f"age [AGE:e1:{b32(mine)}]\n".encode())
c.check("  and refuses it out of its quotes", st == 2 and b"95" not in out, (st, out))

c.finish()
