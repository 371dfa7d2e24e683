--[[
Tests of src/fluent-bit/phiscrub.lua under Debian's luajit, calling
phiscrub_filter(tag, timestamp, group, metadata, record) the way Fluent
Bit's lua filter does (with enable_flb_null: the global flb_null is set)
and checking its return codes (-1 drop, 0 unchanged, 2 record changed) and
the metadata and record it gives back.

    luajit test_phiscrub_lua.lua SCENARIO PATH/TO/phiscrub.lua

The script reads its configuration from the environment once, at load, and
LuaJIT cannot set environment variables: each scenario is its own ctest
entry with its own ENVIRONMENT (tests/lua/CMakeLists.txt).

  mask       free text, clean records, FHIR maps and arrays, numbers under
             PHI keys, the CLI's output for the same lines, a value larger
             than the buffer, nesting too deep, messages without values;
             keys that hold PHI, maps keyed by MRN, the metadata, null
             values, the body-only entry point, the enable_flb_null warning
  metadata-keep
             PHISCRUB_METADATA=keep: the metadata comes back as it was
  keys       PHISCRUB_KEYS: only the named top-level keys are processed
  loader     PHISCRUB_LIB unset: libphiscrub.so.0 through the loader path
  tokenize   PHISCRUB_MODE=tokenize with a key file: the tokens are the
             CLI's for the same values and key
  drop       PHISCRUB_ACTIONS=SSN=drop: -1 for a record with an SSN
  badkey-mask / badkey-drop
             a key file open to others: setup is refused, every record
             fails closed ("[UNPROCESSED]" leaves, or -1)
  nolib      PHISCRUB_LIB names no library: every record fails closed
  policy     PHISCRUB_RULES=examples/site-policy (a folder of policy alone,
             over the bundled rules): strict keys, kept keys, allow lists
             in records and in free text, the same lines as the program
  child      (used by the others) loads the script and processes a few
             records, so that its stderr can be read by the parent

Environment: PHISCRUB_LIB, PHISCRUB_CACHE_DIR, PHISCRUB_CLI (the phiscrub
program) and the scenario's settings. Prints "N passed, M failed".
]]

local scenario, script = arg[1], arg[2]
if not scenario or not script then
    io.stderr:write("usage: luajit test_phiscrub_lua.lua SCENARIO PATH/TO/phiscrub.lua\n")
    os.exit(2)
end
local LUAJIT = arg[-1] or "luajit"

local passed, failed = 0, 0

local function check(ok, what)
    if ok then
        passed = passed + 1
    else
        failed = failed + 1
        io.stderr:write("FAIL: ", what, "\n")
    end
end

-- Long values are cut in messages.
local function brief(v)
    v = tostring(v)
    if #v > 160 then
        return v:sub(1, 160) .. "... (" .. #v .. " bytes)"
    end
    return v
end

local function eq(got, want, what)
    check(got == want, what .. ": got " .. brief(got) .. ", want " .. brief(want))
end

local function shquote(s)
    return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- A key file with the given mode, written before the script loads it.
local function write_key(path, mode)
    os.remove(path)
    local f = assert(io.open(path, "w"))
    f:write("5c1f0e77a2b94d0c8e3f61a7d2b5c9e04f8a1b3c6d7e9f0a2b4c6d8e0f1a3b5c\n")
    f:close()
    assert(os.execute("chmod " .. mode .. " " .. shquote(path)) == 0)
end

-- The lines through the phiscrub program, with the given options.
local function cli(opts, lines)
    local bin = assert(os.getenv("PHISCRUB_CLI"), "PHISCRUB_CLI is not set")
    local tmp = os.tmpname()
    local f = assert(io.open(tmp, "w"))
    for _, l in ipairs(lines) do
        f:write(l, "\n")
    end
    f:close()
    local p = assert(io.popen(shquote(bin) .. " " .. opts .. " < " .. shquote(tmp)))
    local out = {}
    for l in p:lines() do
        out[#out + 1] = l
    end
    p:close()
    os.remove(tmp)
    return out
end

-- A record as text with sorted keys, for comparisons.
local function show(v)
    if type(v) == "string" then
        return string.format("%q", v)
    elseif type(v) ~= "table" then
        return tostring(v)
    end
    local n = #v
    local parts = {}
    if n > 0 then
        for i = 1, n do
            parts[i] = show(v[i])
        end
        return "[" .. table.concat(parts, ", ") .. "]"
    end
    local keys = {}
    for k in pairs(v) do
        keys[#keys + 1] = k
    end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    for i, k in ipairs(keys) do
        parts[i] = tostring(k) .. "=" .. show(v[k])
    end
    return "{" .. table.concat(parts, ", ") .. "}"
end

-- What Fluent Bit's lua filter sets for a null when enable_flb_null is on
-- (a light userdata there; any unique value here). The child scenario
-- leaves it unset when asked, to see the warning.
if os.getenv("PHISCRUB_TEST_NO_FLB_NULL") ~= "1" then
    flb_null = setmetatable({}, {__tostring = function() return "flb_null" end})
end

-- Fluent Bit's call, with five arguments: tag, timestamp, group, metadata,
-- record -> code, timestamp, metadata, record.
local TS = 1710489672.125
local function call(record, ts, metadata)
    ts = ts or TS
    local code, rts, meta, out = phiscrub_filter("app.log", ts, {}, metadata or {}, record)
    check(rawequal(rts, ts), "the timestamp comes back unchanged")
    return code, out, meta
end

-- The record that comes back.
local function redacted(record)
    local _, out = call(record)
    return out
end

-- The same record, and the form it must take.
local function expect(record, want_code, want, what)
    local code, out = call(record)
    eq(code, want_code, what .. " (code)")
    if want then
        eq(show(out), show(want), what)
    end
    return out
end

-- A record nested deeper than the walk goes (64 levels).
local function deep(levels, leaf)
    local r = leaf
    for _ = 1, levels do
        r = {a = r}
    end
    return r
end

local PHI_VALUES = {"123-45-6789", "Hamanova", "(415) 555-0134", "1980-03-14", "jana@example.org"}

-- Records whose stderr the parent reads: PHI everywhere, one too deep.
local function child_records()
    return {
        {log = "ssn 123-45-6789 patient Jana Hamanova", dob = "1980-03-14"},
        {email = "jana@example.org", phone = "(415) 555-0134"},
        deep(80, "123-45-6789"),
        deep(70, "Hamanova"),
    }
end

-- The stderr of a child luajit that loads the script under this
-- environment (plus `extra`, shell assignments) and runs child_records.
local function child_stderr(extra)
    local cmd = (extra or "") .. " " .. shquote(LUAJIT) .. " " .. shquote(arg[0]) .. " child " ..
        shquote(script) .. " 2>&1 >/dev/null"
    local p = assert(io.popen(cmd))
    local text = p:read("*a")
    p:close()
    return text
end

local function no_values(text, what)
    for _, v in ipairs(PHI_VALUES) do
        check(not text:find(v, 1, true), what .. ": no record value on stderr")
    end
end

-- Every string and number leaf and map key is the mark; booleans kept.
local function all_unprocessed(v)
    if type(v) == "table" then
        local array = #v > 0
        for k, x in pairs(v) do
            if not all_unprocessed(x) or (not array and k ~= "[UNPROCESSED]") then
                return false
            end
        end
        return true
    end
    return v == "[UNPROCESSED]" or type(v) == "boolean"
end

-- ------------------------------------------------------------------ scenarios

local S = {}

function S.child()
    dofile(script)
    for _, r in ipairs(child_records()) do
        phiscrub_filter("t", TS, {}, {}, r)
    end
    os.exit(0)
end

function S.mask()
    local m = dofile(script)
    eq(m.setup_error, nil, "setup succeeds")
    eq(type(phiscrub_filter), "function", "phiscrub_filter is a global function")
    -- every category the program knows, so PHISCRUB_MODE reaches them all
    local help = io.popen(shquote(assert(os.getenv("PHISCRUB_CLI"))) .. " --help"):read("*a")
    local cats = help:match("\nCategories:(.-)\n\n")
    local ncat = 0
    for _ in (cats or ""):gmatch("[A-Z_]+") do
        ncat = ncat + 1
    end
    eq(m.categories, ncat, "the script's category count is the program's")

    -- free text and values under PHI keys (the native walk's test)
    expect({
        log = "2024-03-15T08:01:12Z intake ssn=123-45-6789 call (415) 555-0134",
        ssn = "123-45-678", -- the wrong shape, but under an SSN key
        dob = 19800314,     -- a number under a PHI key becomes a string
        status = 200,
        ok = true,
    }, 2, {
        log = "2024-03-15T08:01:12Z intake ssn=[SSN] call [PHONE]",
        ssn = "[SSN]",
        dob = "[DATE]",
        status = 200,
        ok = true,
    }, "free text and PHI keys")
    local out = redacted({ssn = 123456789, age = 95, port = 8443, ratio = 0.5})
    eq(out.ssn, "[SSN]", "an integer under ssn")
    eq(type(out.port), "number", "a number under another key stays a number")
    eq(out.ratio, 0.5, "a float under another key is kept")

    -- nested FHIR maps and arrays
    expect({
        kubernetes = {pod_name = "ehr-api-7d9f", labels = {app = "ehr"}},
        resource = {
            resourceType = "Patient",
            name = {{family = "Hamanova", given = {"Jana", "Q"}}},
            birthDate = "1980-03-14",
            telecom = {{system = "phone", value = "(415) 555-0134"}},
            active = true,
        },
    }, 2, {
        kubernetes = {pod_name = "ehr-api-7d9f", labels = {app = "ehr"}},
        resource = {
            resourceType = "Patient",
            name = {{family = "[NAME]", given = {"[NAME]", "[NAME]"}}},
            birthDate = "[DATE]",
            telecom = {{system = "phone", value = "[PHONE]"}},
            active = true,
        },
    }, "FHIR Patient")
    -- a bundle: resources inside an array inside a map, each with its type
    local b = redacted({
        bundle = {resourceType = "Bundle", entry = {
            {resource = {resourceType = "Patient", id = "p1", gender = "female",
                         name = {{text = "Jana Hamanova"}}}},
            {resource = {resourceType = "Observation", status = "final",
                         valueQuantity = {value = 98.6, unit = "F"}}},
        }},
    })
    eq(b.bundle.entry[1].resource.name[1].text, "[NAME]", "bundle: a Patient's name")
    eq(b.bundle.entry[1].resource.gender, "female", "bundle: gender kept")
    eq(b.bundle.entry[2].resource.valueQuantity.value, 98.6, "bundle: a measurement kept")
    eq(b.bundle.entry[2].resource.status, "final", "bundle: status kept")

    -- the FHIR resourceType decides, and reaches nested maps and arrays
    local ids = redacted({
        coverage = {resourceType = "Coverage", identifier = {{system = "urn:x", value = "W0012345"}}},
        encounter = {resourceType = "Encounter", identifier = {{value = "E-778812"}}},
        other = {identifier = {{value = "P-44120"}}},
    })
    eq(ids.coverage.identifier[1].value, "[MEMBER_ID]", "identifier of a Coverage")
    eq(ids.coverage.identifier[1].system, "urn:x", "an identifier's system kept")
    eq(ids.encounter.identifier[1].value, "[ENCOUNTER_ID]", "identifier of an Encounter")
    eq(ids.other.identifier[1].value, "[PATIENT_ID]", "identifier outside a resource")

    -- a replacement as long as the value is still a change
    expect({log = "zip 02139 ok"}, 2, {log = "zip [ZIP] ok"}, "same length, changed")

    -- a clean record: 0 and the very same table, every value as it was
    local clean = {
        log = "GET /healthz 200 in 3ms trace=4bf92f3577b34da6a3ce929d0e0e4736",
        port = 8443,
        tags = {"v3.8.1", "blue"},
        flags = {tls = true, retries = 0},
        empty = {},
        blank = "",
    }
    local before = show(clean)
    local code, same = call(clean)
    eq(code, 0, "clean record: code 0")
    check(rawequal(same, clean), "clean record: the same table comes back")
    eq(show(same), before, "clean record: nothing changed")
    local code2, _ = call({})
    eq(code2, 0, "empty record: code 0")

    -- keys are data too: redacted as text; in a map held by a PHI key a key
    -- with a digit (or a number) is that key's value
    expect({["John Smith 123-45-6789"] = "visit"}, 2, {["[NAME] [SSN]"] = "visit"},
        "a key that holds PHI")
    expect({mrn = {["00123456"] = {bed = 4}, note = "x"}, patient_ssn = {{["123-45-6789"] = true}}},
        2, {mrn = {["[MRN]"] = {bed = 4}, note = "x"}, patient_ssn = {{["[SSN]"] = true}}},
        "a map keyed by MRN; an array of maps keyed by SSN")
    expect({mrn = {[7654321] = "bed 5"}}, 2, {mrn = {["[MRN]"] = "bed 5"}},
        "a number key under a PHI key")
    -- the value is classified by its key as it came in
    expect({["ssn of John Smith"] = {ssn = "123456789"}}, 2,
        {["ssn of [NAME]"] = {ssn = "[SSN]"}}, "a renamed key's map still walked")
    -- two keys that come out the same keep one value (a Lua table), where
    -- the native plugin keeps both entries (docs/fluent-bit.md)
    local two = redacted({mrn = {["00123456"] = "a", ["00123457"] = "b"}})
    local n, only = 0, nil
    for k, v in pairs(two.mrn) do
        n, only = n + 1, k
        check(v == "a" or v == "b", "a colliding key keeps one of its values")
    end
    eq(n, 1, "two keys that come out the same: one entry")
    eq(only, "[MRN]", "the colliding key")

    -- the metadata (OpenTelemetry log attributes) by the same policy
    local mc, mout, meta = call({log = "GET /"}, TS,
        {patient_name = "John Smith", attrs = {ssn = 123456789, ["Mary Jones"] = 1},
         trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"})
    eq(mc, 2, "PHI in the metadata alone: the record changes")
    eq(mout.log, "GET /", "metadata: the body as it was")
    eq(show(meta), show({patient_name = "[NAME]", attrs = {ssn = "[SSN]", ["[NAME]"] = 1},
                         trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"}), "metadata redacted")
    local cc, _, cmeta = call({log = "GET /"}, TS, {trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"})
    eq(cc, 0, "clean metadata and body: code 0")
    eq(cmeta.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736", "clean metadata comes back")

    -- null (flb_null with enable_flb_null) is kept, in maps and arrays
    local nr = redacted({log = "ssn 123-45-6789", gone = flb_null, list = {"a", flb_null, "b"}})
    check(rawequal(nr.gone, flb_null), "a null value is kept")
    check(rawequal(nr.list[2], flb_null) and nr.list[3] == "b", "a null in an array is kept")

    -- the body-only entry point, for a lua filter without metadata
    local bc, bts, body = phiscrub_filter_body("app.log", TS, {log = "ssn 123-45-6789"})
    eq(bc, 2, "phiscrub_filter_body: changed")
    check(rawequal(bts, TS), "phiscrub_filter_body: the timestamp")
    eq(body.log, "ssn [SSN]", "phiscrub_filter_body: the body redacted")

    -- the timestamp as Fluent Bit passes it with time_as_table
    local tt = {sec = 1710489672, nsec = 125000000}
    local c3, rts = phiscrub_filter("app.log", tt, {}, {}, {log = "ssn 123-45-6789"})
    eq(c3, 2, "table timestamp: record changed")
    check(rawequal(rts, tt), "table timestamp: comes back as it came")

    -- each free-text value is what the program writes for it as a line
    local lines = {
        "2024-03-15T08:01:12Z INFO intake for patient Jana Hamanova dob 03/14/1980",
        "user jana@example.org from 10.20.30.40 mrn=A00123 phone 415.555.0134",
        "GET /fhir/Patient/12345/everything 200 member id W123456789",
        "nothing to see here: build 4.2.1 took 38 ms",
        "tab\tand \r carriage return, unicode caf\195\169 ssn 123 45 6789",
    }
    local want = cli("", lines)
    eq(#want, #lines, "the program gives one line per line")
    for i, l in ipairs(lines) do
        local o = redacted({log = l})
        eq(o.log, want[i], "value " .. i .. " as the program redacts the line")
    end

    -- a multi-line value: every line redacted
    local ml = redacted({log = "first ssn 123-45-6789\nsecond phone (415) 555-0134\n"})
    eq(ml.log, "first ssn [SSN]\nsecond phone [PHONE]\n", "a multi-line value")

    -- a value far larger than the first buffer, its PHI at the end
    local big = string.rep("x", 1000000) .. " ssn 123-45-6789"
    local o = redacted({log = big})
    eq(o.log, string.rep("x", 1000000) .. " ssn [SSN]", "a 1 MB value")
    -- many findings: the replacement grows past the first estimate
    local many = string.rep("email jana@example.org ", 20000)
    o = redacted({log = many})
    eq(o.log, string.rep("email [EMAIL] ", 20000), "20000 findings in one value")

    -- too deep: the walk refuses, and the fail-closed mask cannot go that
    -- deep either, so the record is left out (the native plugin's rule)
    local c4 = call(deep(80, "ssn 123-45-6789"))
    eq(c4, -1, "80 levels: dropped")
    -- 60 levels is within the limit
    local d60 = deep(60, "ssn 123-45-6789")
    local c5, o60 = call(d60)
    eq(c5, 2, "60 levels: processed")
    local leaf = o60
    for _ = 1, 60 do
        leaf = leaf.a
    end
    eq(leaf, "ssn [SSN]", "60 levels: the leaf redacted")

    -- the stream keeps going after errors and many values
    eq(call({log = "ssn 123-45-6789"}), 2, "still working after an error")

    -- without enable_flb_null, one warning at load says what is lost
    local err = child_stderr("PHISCRUB_TEST_NO_FLB_NULL=1")
    check(err:find("enable_flb_null is off", 1, true) ~= nil, "the enable_flb_null warning")

    -- stderr: one line for the deep record, no value
    err = child_stderr()
    check(err:find("phiscrub.lua: record not processed", 1, true) ~= nil,
        "a record not processed is reported")
    local _, nlines = err:gsub("\n", "")
    eq(nlines, 1, "one stderr line for two failing records")
    no_values(err, "mask")

    -- settings that are refused: one line saying why, no value
    err = child_stderr("PHISCRUB_MODE=shred")
    check(err:find("PHISCRUB_MODE: unknown action 'shred'", 1, true) ~= nil,
        "an unknown mode is refused")
    err = child_stderr("PHISCRUB_ACTIONS=SSN=tokenize PHISCRUB_KEY_FILE=")
    check(err:find("no usable key", 1, true) ~= nil, "tokenize without a key is refused")
    no_values(err, "no key")
    err = child_stderr("PHISCRUB_ACTIONS=BOGUS=mask")
    check(err:find("unknown category 'BOGUS'", 1, true) ~= nil, "an unknown category is refused")
    err = child_stderr("PHISCRUB_ON_ERROR=pass")
    check(err:find("PHISCRUB_ON_ERROR must be mask or drop", 1, true) ~= nil,
        "an unknown on_error is refused")
    err = child_stderr("PHISCRUB_RULES=/nonexistent/rules")
    check(err:find("cannot load the rules", 1, true) ~= nil, "missing rules are refused")
end

function S.keys()
    -- PHISCRUB_KEYS=user, msg
    dofile(script)
    expect({log = "ssn 123-45-6789", user = "call 415-555-0134",
            msg = {text = "dob 03/14/1980", n = {"ssn 123-45-6789"}}},
        2, {log = "ssn 123-45-6789", user = "call [PHONE]",
            msg = {text = "dob [DATE]", n = {"ssn [SSN]"}}},
        "only the selected keys")
    expect({log = "ssn 123-45-6789", other = "dob 03/14/1980"}, 0, nil,
        "no selected key: unchanged")
end

function S.loader()
    -- PHISCRUB_LIB unset, LD_LIBRARY_PATH holding the library
    local m = dofile(script)
    eq(m.setup_error, nil, "libphiscrub.so.0 found by the loader")
    expect({log = "ssn 123-45-6789"}, 2, {log = "ssn [SSN]"}, "loaded by name")
end

function S.tokenize()
    local key = assert(os.getenv("PHISCRUB_KEY_FILE"))
    write_key(key, "600")
    local m = dofile(script)
    eq(m.setup_error, nil, "setup with a key file")
    local opts = "--mode tokenize --key-file " .. shquote(key)

    local want = cli(opts, {"ssn=123-45-6789", "patient John Smith", "email Jana@Example.ORG",
                            "dob=03/14/1980"})
    local tok_ssn = want[1]:match("SSN_[a-z2-7]+")
    local tok_name = want[2]:match("NAME_[a-z2-7]+")
    local tok_email = want[3]:match("EMAIL_[a-z2-7]+")
    check(tok_ssn and #tok_ssn == 20, "the program gives an SSN token")
    check(tok_name ~= nil and tok_email ~= nil, "the program gives name and email tokens")

    -- Tokens are wider than the values, so the output outgrows the buffer
    -- (first sized 1.25 times the value, rounded up to a power of two):
    -- first while feeding lines, then while flushing one long line. These
    -- come first, while the buffer is small.
    local lines = string.rep("ssn 123-45-6789\n", 6000)
    eq(redacted({log = lines}).log, string.rep("ssn " .. tok_ssn .. "\n", 6000),
        "6000 lines of tokens in one value")
    local line = string.rep("ssn 123-45-6789 ", 12000)
    eq(redacted({log = line}).log, string.rep("ssn " .. tok_ssn .. " ", 12000),
        "12000 tokens in one line")

    local out = redacted({
        ssn = "123456789",          -- whole value under a PHI key
        log = "ssn=123-45-6789",    -- free text
        patient = {name = {{family = "Smith", given = {"John"}}}},
        contact = "email Jana@Example.ORG",
        dob = "1980-03-14",
    })
    eq(out.ssn, tok_ssn, "a value under ssn: the program's token")
    eq(out.log, want[1], "free text: the program's line")
    eq(out.contact, want[3], "an email in text: the program's line")
    eq(out.dob, want[4]:match("DATE_[a-z2-7]+"), "a date under dob: the program's token")
    check(out.patient.name[1].family:match("^NAME_[a-z2-7]+$") ~= nil, "FHIR family: a token")
    -- the number: a token of the SSN category over its digits
    eq(redacted({ssn = 123456789}).ssn, tok_ssn, "a number under an SSN key: the same token")
    eq(redacted({nested = {{ssn = 123456789}}}).nested[1].ssn, tok_ssn, "nested: the same token")

    -- scrubbed free text scrubs to itself (a token under a PHI key is
    -- replaced again, as by the native walk: phs_stream_act takes any value)
    local code = call({log = out.log, contact = out.contact})
    eq(code, 0, "tokens in text are left alone")
end

function S.drop()
    -- PHISCRUB_ACTIONS=SSN=drop
    local m = dofile(script)
    eq(m.setup_error, nil, "setup with a drop action")
    eq((call({log = "ssn 123-45-6789"})), -1, "an SSN in text: dropped")
    eq((call({ssn = "123456789"})), -1, "a value under ssn: dropped")
    eq((call({id = 7, nested = {{ssn = 123456789}}})), -1, "a number under ssn, nested: dropped")
    eq((call({log = "ok\nssn 123-45-6789\nok"})), -1, "one line of a multi-line value")
    expect({log = "call 415-555-0134"}, 2, {log = "call [PHONE]"}, "other categories: masked")
    expect({log = "nothing"}, 0, nil, "a clean record: kept")
    -- after drops the stream still works and a clean record stays clean
    eq((call({log = "ssn 123-45-6789 phone 415-555-0134"})), -1, "mixed: dropped")
    expect({log = "dob 03/14/1980"}, 2, {log = "dob [DATE]"}, "after drops")
end

-- PHISCRUB_RULES names a file of one site rule, which the test writes.
local function write_site_rules()
    local path = assert(os.getenv("PHISCRUB_RULES"))
    local f = assert(io.open(path, "w"))
    f:write("[emp-site]\ncategory = MRN\npattern = \\bEMP-\\d{6}\\b\n")
    f:close()
end

-- PHISCRUB_RULES: the site rule is added to the bundled set.
function S.siterules()
    write_site_rules()
    local m = dofile(script)
    eq(m.setup_error, nil, "setup with a site rule")
    expect({log = "emp EMP-123456 ssn 123-45-6789 call 415-555-0134"}, 2,
        {log = "emp [MRN] ssn [SSN] call [PHONE]"}, "the site rule and the bundled ones")
    expect({ssn = "123456789"}, 2, {ssn = "[SSN]"}, "the bundled key classes still apply")
    local err = child_stderr("PHISCRUB_NO_DEFAULT_RULES=yes")
    check(err:find("PHISCRUB_NO_DEFAULT_RULES must be 1 or 0", 1, true) ~= nil,
        "a bad PHISCRUB_NO_DEFAULT_RULES is refused")
    err = child_stderr("PHISCRUB_NO_DEFAULT_RULES=1 PHISCRUB_RULES=")
    check(err:find("needs PHISCRUB_RULES", 1, true) ~= nil, "no rules at all is refused")
end

-- PHISCRUB_NO_DEFAULT_RULES=1: the site rule alone.
S["siterules-only"] = function()
    write_site_rules()
    local m = dofile(script)
    eq(m.setup_error, nil, "setup with the site rule alone")
    expect({log = "emp EMP-123456 ssn 123-45-6789"}, 2, {log = "emp [MRN] ssn 123-45-6789"},
        "only the site rule")
end

local function badkey(want_code)
    local key = assert(os.getenv("PHISCRUB_KEY_FILE"))
    write_key(key, "644")
    local m = dofile(script)
    check(m.setup_error ~= nil and m.setup_error:find("PHISCRUB_KEY_FILE refused", 1, true) ~= nil,
        "a key file open to others is refused")
    local recs = {
        {log = "ssn 123-45-6789", n = 5, ok = true, arr = {"a", 1, false}, m = {x = "y"}},
        {log = "nothing here"},
    }
    for i, r in ipairs(recs) do
        local code, out = call(r)
        eq(code, want_code, "fails closed, record " .. i)
        if want_code == 2 then
            check(all_unprocessed(out), "every leaf is [UNPROCESSED], record " .. i)
        end
    end
    if want_code == 2 then
        -- keys are masked too (so the keys of one map become one), arrays
        -- keep their places, booleans stay; the metadata is masked as well
        local _, out, meta = call({arr = {"a", false, {x = 3}}}, TS, {patient = "Jana"})
        eq(show(out), show({["[UNPROCESSED]"] = {"[UNPROCESSED]", false,
                                                 {["[UNPROCESSED]"] = "[UNPROCESSED]"}}}),
            "keys masked, arrays and booleans kept")
        eq(show(meta), show({["[UNPROCESSED]"] = "[UNPROCESSED]"}), "the metadata masked whole")
    end
    local err = child_stderr()
    local _, nlines = err:gsub("\n", "")
    eq(nlines, 1, "one stderr line for the refused setup")
    check(err:find("PHISCRUB_KEY_FILE refused", 1, true) ~= nil, "stderr says why")
    no_values(err, "refused key")
end

function S.metadata_keep()
    -- PHISCRUB_METADATA=keep
    local m = dofile(script)
    eq(m.setup_error, nil, "setup with metadata keep")
    local meta = {patient_name = "John Smith"}
    local code, out, rmeta = call({log = "ssn 123-45-6789"}, TS, meta)
    eq(code, 2, "metadata keep: the body is redacted")
    eq(out.log, "ssn [SSN]", "metadata keep: body")
    eq(rmeta.patient_name, "John Smith", "metadata keep: the metadata as it was")
    eq((call({log = "ok"}, TS, meta)), 0, "metadata keep: PHI in the metadata alone changes nothing")
end
S["metadata-keep"] = S.metadata_keep

S["badkey-mask"] = function() badkey(2) end
S["badkey-drop"] = function() badkey(-1) end

function S.nolib()
    local m = dofile(script)
    check(m.setup_error ~= nil and m.setup_error:find("cannot load the phiscrub library", 1, true)
        ~= nil, "a missing library is reported")
    local code, out = call({log = "ssn 123-45-6789", n = 1})
    eq(code, 2, "fails closed: masked")
    eq(show(out), show({["[UNPROCESSED]"] = "[UNPROCESSED]"}), "no library: masked whole")
    eq(call({}), 2, "no library: an empty record is masked too (nothing to mask)")
end


function S.policy()
    -- PHISCRUB_RULES=examples/site-policy: strict keys, kept and redacted
    -- keys, allow lists (examples/site-policy/*.rules)
    local dir = assert(os.getenv("PHISCRUB_RULES"))
    local m = dofile(script)
    eq(m.setup_error, nil, "setup with a policy folder")
    expect({user = "jsmith", age = 93, ok = false, gone = nil, trace_id = "4bf92f3577b34da6",
            phone = "(617) 555-0100", mrn = "TEST-000042", notes = "see chart",
            status = 200, level = "info"}, 2,
           {user = "[REDACTED]", age = "[REDACTED]", ok = "[REDACTED]",
            trace_id = "4bf92f3577b34da6", phone = "(617) 555-0100", mrn = "TEST-000042",
            notes = "[REDACTED]", status = 200, level = "info"},
           "strict: unlisted keys redacted, kept keys and allowed values stay")
    expect({msg = "callback 617-555-0134", phone = "617-555-0187", patient = {name = "Ann Lee"}}, 2,
           {msg = "callback [PHONE]", phone = "[PHONE]", patient = {name = "[REDACTED]"}},
           "listed keys: the detectors; nested unlisted: redacted")
    expect({trace_id = "4bf92f3577b34da6", level = "info", msg = "synced with Jordan"}, 0, nil,
           "allowed words and kept keys: unchanged")
    -- free text under a listed key is redacted as the program redacts a line
    local f = assert(io.open(dir .. "/input.log"))
    local lines = {}
    for l in f:lines() do
        lines[#lines + 1] = l
    end
    f:close()
    local want = cli("-r " .. shquote(dir), lines)
    eq(#want, #lines, "the program wrote every line")
    for i, l in ipairs(lines) do
        eq(redacted({msg = l}).msg, want[i], "line " .. i .. " as the program writes it")
    end
end

if not S[scenario] then
    io.stderr:write("unknown scenario '", scenario, "'\n")
    os.exit(2)
end
S[scenario]()
print(string.format("%s: %d passed, %d failed", scenario, passed, failed))
os.exit(failed == 0 and 0 or 1)
