#!/usr/bin/env python3
"""Checks that redaction kept every HL7 v2 message intact: for each line of
INPUT and the same line of OUTPUT, every message must have the same segment
ids, the same number of segments, fields per segment, and repetitions,
components and subcomponents per field. Values may differ (that is the
redaction); the delimiters may not move.

    hl7_fieldcount.py INPUT OUTPUT

Messages are found as src/lib/hl7.c finds them: "MSH" with valid MSH-1/MSH-2,
or a known segment id followed by '|', at the line start or after a byte
that is not a letter or digit. Segment breaks are CR, LF, and the escaped
"\\r" / "\\n" of a logged message when a segment id, another break or the end
of the message follows. A message inside a quoted string (an odd number of
unescaped quotes before it) ends at the closing quote; "\\\\" in MSH-2 means
every backslash is doubled (JSON).

Exit status 0 when every message matches, 1 (with the differences printed)
when one does not, 2 on a usage error.
"""
import sys

LONE_IDS = {
    "PID", "PD1", "NK1", "GT1", "IN1", "IN2", "IN3", "PV1", "PV2", "OBX", "OBR", "ORC",
    "NTE", "EVN", "MSA", "ERR", "AL1", "DG1", "PR1", "MRG", "ROL", "SPM", "TXA", "FT1",
    "ACC", "UB1", "UB2", "DB1", "PRT", "SFT", "QRD", "QPD", "RXA", "RXE", "RXO", "RXR",
}
DEFAULT = ("|", "^", "~", "&", False)  # field, component, repetition, subcomponent, doubled


def is_alnum(c):
    return c.isascii() and c.isalnum()


def sep_ok(c):
    return 0x20 < ord(c) < 0x7F and not is_alnum(c) and c not in '"\\'


def parse_msh(s, at, end):
    """(fs, cs, rs, ss, doubled) from MSH-1/MSH-2 at `at`, or None."""
    if at + 3 >= end:
        return None
    fs = s[at + 3]
    if not sep_ok(fs):
        return None
    enc, doubled, i = [], False, at + 4
    while i < end and s[i] not in (fs, "\r", "\n"):
        if len(enc) == 5:
            return None
        if s[i] == "\\" and i + 1 < end and s[i + 1] == "\\":
            doubled = True
            i += 1
        enc.append(s[i])
        i += 1
    if len(enc) < 4 or len(set(enc)) != len(enc):
        return None
    for k, c in enumerate(enc):
        if c == fs or not (sep_ok(c) or (k == 2 and c == "\\")):
            return None
    return (fs, enc[0], enc[1], enc[3], doubled)


def find_start(s, frm):
    """(position, delimiters) of the next message, ("bad", None) for an MSH
    that is malformed, or (None, None)."""
    i = frm
    while i + 4 <= len(s):
        if i > 0 and is_alnum(s[i - 1]):
            i += 1
            continue
        if s.startswith("MSH", i):
            d = parse_msh(s, i, len(s))
            if d:
                return i, d
            c = s[i + 3]
            prose = c in " \t" or is_alnum(c)
            if c == "|" or (i == 0 and not prose):
                return "bad", None
        elif s[i + 3] == "|" and s[i:i + 3] in LONE_IDS:
            return i, DEFAULT
        i += 1
    return None, None


def in_string(s, frm, at):
    """Whether s[frm:at] leaves a quoted string open (unescaped quotes)."""
    opened, run = False, 0
    for i in range(frm, at):
        if s[i] == '"' and run % 2 == 0:
            opened = not opened
        run = run + 1 if s[i] == "\\" else 0
    return opened


def quoted_end(s, frm):
    run = 0
    for i in range(frm, len(s)):
        if s[i] == '"' and run % 2 == 0:
            return i
        run = run + 1 if s[i] == "\\" else 0
    return len(s)


class Message:
    def __init__(self, s, end, d):
        self.s, self.end = s, end
        self.fs, self.cs, self.rs, self.ss, self.doubled = d

    def seg_id_at(self, i):
        s = self.s
        if self.end - i < 3:
            return False
        a, b, c = s[i], s[i + 1], s[i + 2]
        if not ("A" <= a <= "Z" and all("A" <= x <= "Z" or "0" <= x <= "9" for x in (b, c))):
            return False
        if s.startswith("MSH", i):
            return True
        if i + 3 == self.end:
            return True
        n = s[i + 3]
        return n in (self.fs, "\r", "\n") or (
            n == "\\" and i + 4 < self.end and s[i + 4] in "rn")

    def break_at(self, i):
        s = self.s
        if s[i] in "\r\n":
            return 1
        if s[i] != "\\" or i + 1 >= self.end or s[i + 1] not in "rn":
            return 0
        j = i + 2
        if j == self.end or s[j] in "\r\n":
            return 2
        if s[j] == "\\" and j + 1 < self.end and s[j + 1] in "rn":
            return 2
        return 2 if self.seg_id_at(j) else 0

    def walk(self, i):
        """Segments as (id, [(reps, comps, subs) per field]), and whether the
        walk lost the message."""
        s, segs = self.s, []
        while i < self.end:
            b = self.break_at(i)
            if b:
                i += b
                continue
            if not self.seg_id_at(i):
                while i < self.end and s[i] in " \t":
                    i += 1
                if i < self.end and not self.break_at(i):
                    return segs, True
                continue
            if s.startswith("MSH", i):
                d = parse_msh(s, i, self.end)
                if not d:
                    return segs, True
                self.fs, self.cs, self.rs, self.ss, self.doubled = d
            seg_id, fields, cur = s[i:i + 3], [], None
            i += 3
            while i < self.end:
                c = s[i]
                if self.doubled and c == "\\" and i + 1 < self.end and s[i + 1] == "\\":
                    i += 2
                    continue
                if self.break_at(i):
                    break
                if c == self.fs:
                    cur = [0, 0, 0]
                    fields.append(cur)
                elif cur is not None and c == self.rs:
                    cur[0] += 1
                elif cur is not None and c == self.cs:
                    cur[1] += 1
                elif cur is not None and c == self.ss:
                    cur[2] += 1
                i += 1
            segs.append((seg_id, [tuple(f) for f in fields]))
        return segs, False


def messages(line):
    """Every message on the line: (start offset, segments, lost)."""
    out, frm = [], 0
    while frm < len(line):
        at, d = find_start(line, frm)
        if at is None:
            break
        if at == "bad":
            out.append((frm, [], True))
            break
        quoted = in_string(line, frm, at)
        if d is DEFAULT:
            d = DEFAULT[:4] + (quoted,)
        end = quoted_end(line, at) if quoted else len(line)
        segs, lost = Message(line, end, d).walk(at)
        out.append((at, segs, lost))
        if lost:
            break
        frm = end + 1
    return out


def compare(lineno, a, b):
    """Differences between the messages of input line a and output line b."""
    ma, mb = messages(a), messages(b)
    probs = []
    if len(ma) != len(mb):
        probs.append(f"line {lineno}: {len(ma)} HL7 message(s) in input, {len(mb)} in output")
    for k, ((_, sa, la), (_, sb, lb)) in enumerate(zip(ma, mb), 1):
        where = f"line {lineno} message {k}"
        if la != lb:
            probs.append(f"{where}: input {'does not parse' if la else 'parses'}, "
                         f"output {'does not parse' if lb else 'parses'}")
        if len(sa) != len(sb):
            probs.append(f"{where}: {len(sa)} segments in input, {len(sb)} in output")
        for n, ((ida, fa), (idb, fb)) in enumerate(zip(sa, sb), 1):
            if ida != idb:
                probs.append(f"{where} segment {n}: id {ida} became {idb}")
                continue
            if len(fa) != len(fb):
                probs.append(f"{where} segment {n} ({ida}): {len(fa)} fields in input, "
                             f"{len(fb)} in output")
            first = 2 if ida == "MSH" else 1
            for f, (xa, xb) in enumerate(zip(fa, fb), first):
                if xa != xb:
                    probs.append(f"{where} {ida}-{f}: repetitions/components/subcomponents "
                                 f"{xa[0] + 1}/{xa[1] + xa[0] + 1}/{xa[2]} in input, "
                                 f"{xb[0] + 1}/{xb[1] + xb[0] + 1}/{xb[2]} in output")
    return probs


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    texts = []
    for path in argv:
        with open(path, "rb") as f:
            # latin-1 maps each byte to one character, so offsets and bytes agree
            texts.append(f.read().decode("latin-1"))
    la, lb = texts[0].split("\n"), texts[1].split("\n")
    probs = []
    if len(la) != len(lb):
        probs.append(f"{len(la)} lines in input, {len(lb)} in output")
    found = 0
    for n, (a, b) in enumerate(zip(la, lb), 1):
        found += len(messages(a))
        probs.extend(compare(n, a, b))
    for p in probs:
        print(p)
    if probs:
        return 1
    print(f"ok: {found} HL7 message(s), same segments, fields and components")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
