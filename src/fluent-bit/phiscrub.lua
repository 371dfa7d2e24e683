--[[
phiscrub.lua - redact PHI in Fluent Bit records with stock Fluent Bit.

For Fluent Bit's `lua` filter: no plugin to build, the script calls the
phiscrub shared library through LuaJIT's FFI (Fluent Bit's bundled LuaJIT
has it). The record walk is the native plugin's (src/fluent-bit/record/
msgpack_record.c), value by value:

  * a string or number under a key that the rules' `keys` classes name
    (ssn, birthDate, FHIR name.family, ...: docs/rules.md) is replaced whole
    by its category's action; a number becomes a string;
  * the site's key policy from the rules (docs/policy.md) comes first: a
    value under a kept key stays, one under a redacted key (or any key not
    listed, in strict mode) becomes "[REDACTED]", booleans included;
  * every other string is redacted as text;
  * keys are data too: a string key is redacted as text, and in a map held
    by a PHI key ("mrn": {"00123456": ...}) a key with a digit, or a
    number, is replaced whole by that key's category;
  * maps are walked with their parent key and FHIR resourceType; array
    elements sit under the array's key; booleans and null are kept;
  * the record's metadata (OpenTelemetry log attributes) is walked the same
    way, unless PHISCRUB_METADATA=keep.

    pipeline:
      filters:
        - name: lua
          match: '*'
          script: /usr/share/phiscrub/phiscrub.lua
          call: phiscrub_filter
          enable_flb_null: true

phiscrub_filter takes Fluent Bit's five arguments (tag, timestamp, group,
metadata, record) and returns four (code, timestamp, metadata, record), so
the metadata comes back redacted. `enable_flb_null: true` keeps a key whose
value is null: without it Fluent Bit hands the script nil, and the key is
lost from every record the script changes (a warning at load says so). For
a Fluent Bit whose lua filter has no metadata (before 4.0), `call
phiscrub_filter_body` takes and returns the body alone.

Return codes (Fluent Bit's): 0 the record is unchanged, 2 values were
replaced (the timestamp is kept), -1 the record is left out (a finding whose
action is `drop`, or an error under PHISCRUB_ON_ERROR=drop).

Configuration: environment variables, read once when the script is loaded
(set them in Fluent Bit's environment, e.g. its systemd unit).

  PHISCRUB_LIB       the shared library: a path, or a name for the dynamic
                     loader (default libphiscrub.so.0)
  PHISCRUB_RULES     a rules file or folder of *.rules added to the rules
                     bundled into the library (docs/rules.md); a file of
                     site policy alone (allow lists, key policy:
                     docs/policy.md) applies over them the same way
  PHISCRUB_NO_DEFAULT_RULES  set to 1: PHISCRUB_RULES alone, without the
                     bundled rules (as the program's --no-default-rules)
  PHISCRUB_MODE      one action for every category: mask, partial,
                     tokenize, encrypt, surrogate or drop (default: the
                     rules' `action` lines, else mask; docs/policy.md)
  PHISCRUB_ACTIONS   per category, over the mode: "SSN=tokenize,EMAIL=drop"
                     (`all` may stand for the category)
  PHISCRUB_KEY_FILE  the key for tokenize, encrypt and surrogate (mode 0600,
                     32 bytes or more; refused otherwise)
  PHISCRUB_CACHE_DIR where compiled rules are cached (default
                     $XDG_CACHE_HOME/phiscrub, else $HOME/.cache/phiscrub).
                     Without a cache every start compiles the rules,
                     which takes seconds. A damaged or foreign cache file
                     is said once on stderr and rewritten.
  PHISCRUB_KEYS      comma list of top-level record keys whose values are
                     processed, nested values included (default: every key)
  PHISCRUB_METADATA  `redact` (default) the record's metadata by the same
                     policy as the body, or `keep` it as it is
  PHISCRUB_ON_ERROR  what a record that cannot be processed becomes:
                     `mask` (default: every string and number value is
                     "[UNPROCESSED]", and every key; structure kept; code 2) or
                     `drop` (code -1). A record never leaves unredacted.

If the library cannot be loaded or the configuration is refused, one line
on stderr says why and every record fails closed as PHISCRUB_ON_ERROR says.
No message ever holds a value of a record.

Where the Lua path differs from the native plugin (docs/fluent-bit.md
says it exactly, and tests/fluent-bit checks it): a changed record comes
back with its map keys in Lua's order, not the record's (a Lua table has
none); binary and ext values come back as strings, and an integral float
(2.0) as an integer, as Fluent Bit converts them; two keys of one map that
come out the same ("[NAME]") keep one value, where the native plugin keeps
both entries. A table whose keys are 1..n is an array, as Fluent Bit itself
decides when it turns the table back into msgpack.
]]

local ffi = require("ffi")

-- The declarations of src/include/phiscrub.h that the script uses, copied
-- as they are: the layout of phs_options and phs_stats must match the
-- library's (the version is checked below). Guarded so that loading the
-- script twice in one Lua state does not redefine them.
if not pcall(ffi.typeof, "phs_options") then
    ffi.cdef [[
typedef enum phs_status {
    PHS_OK = 0,
    PHS_E_NOMEM = -1,
    PHS_E_ARG = -2,
    PHS_E_IO = -3,
    PHS_E_RULES = -4,
    PHS_E_COMPILE = -5,
    PHS_E_DSTSIZE = -6,
    PHS_E_INTERNAL = -7,
    PHS_E_KEY = -8,
    PHS_E_TOKEN = -9,
    PHS_E_CRYPTO = -10
} phs_status;

const char *phs_version(void);
const char *phs_strerror(int status);

typedef struct phs_error {
    char file[256];
    size_t line;
    char rule_id[64];
    char reason[256];
} phs_error;

typedef enum phs_category {
    PHS_CAT_SSN = 0,
    PHS_CAT_MRN,
    PHS_CAT_PATIENT_ID,
    PHS_CAT_MEMBER_ID,
    PHS_CAT_ACCOUNT_ID,
    PHS_CAT_ENCOUNTER_ID,
    PHS_CAT_NAME,
    PHS_CAT_DATE,
    PHS_CAT_PHONE,
    PHS_CAT_FAX,
    PHS_CAT_EMAIL,
    PHS_CAT_IP,
    PHS_CAT_URL,
    PHS_CAT_ZIP,
    PHS_CAT_ADDRESS,
    PHS_CAT_AGE,
    PHS_CAT_LICENSE,
    PHS_CAT_LOCATION,
    PHS_CAT_CARD,
    PHS_CAT_VIN,
    PHS_CAT_DEVICE_ID,
    PHS_CAT_COUNT
} phs_category;

int phs_category_from_name(const char *name, phs_category *out);

typedef struct phs_rules phs_rules;
int phs_rules_load(const char *path, phs_rules **out, phs_error *err);
int phs_rules_load_bundled(phs_rules **out, phs_error *err);
int phs_rules_add(phs_rules *rules, const char *path, phs_error *err);
int phs_rules_load_site(const char *path, phs_rules **out, phs_error *err);
void phs_rules_free(phs_rules *rules);

typedef struct phs_key phs_key;
int phs_key_load(const char *path, phs_key **out, phs_error *err);
void phs_key_free(phs_key *key);

typedef enum phs_action {
    PHS_ACT_DEFAULT = 0,
    PHS_ACT_MASK,
    PHS_ACT_PARTIAL,
    PHS_ACT_TOKENIZE,
    PHS_ACT_ENCRYPT,
    PHS_ACT_SURROGATE,
    PHS_ACT_DROP,
    PHS_ACT_COUNT
} phs_action;

int phs_action_from_name(const char *name, phs_action *out);

typedef enum phs_date_policy {
    PHS_DATES_ALL = 0,
    PHS_DATES_CONTEXT = 1
} phs_date_policy;

typedef struct phs_options {
    uint32_t categories;
    phs_action actions[PHS_CAT_COUNT];
    const phs_key *key;
    int reference_year;
    phs_date_policy date_policy;
    size_t max_line_size;
    size_t block_size;
    const char *cache_dir;
    const char *seed_dir;
} phs_options;
int phs_options_set_actions(phs_options *opts, const char *spec, phs_error *err);

void phs_options_init(phs_options *opts);

typedef struct phs_db phs_db;
int phs_db_create(const phs_rules *rules, const phs_options *opts,
                  phs_db **out, phs_error *err);
void phs_db_free(phs_db *db);
phs_action phs_db_action(const phs_db *db, phs_category cat);
unsigned phs_db_cache_status(const phs_db *db, const char **note);

typedef struct phs_stream phs_stream;

typedef struct phs_inbuf {
    const void *src;
    size_t size;
    size_t pos;
} phs_inbuf;

typedef struct phs_outbuf {
    void *dst;
    size_t size;
    size_t pos;
} phs_outbuf;

typedef struct phs_stats {
    uint64_t bytes_in;
    uint64_t bytes_out;
    uint64_t lines;
    uint64_t lines_with_findings;
    uint64_t lines_masked_whole;
    uint64_t lines_dropped;
    uint64_t findings;
    uint64_t per_category[PHS_CAT_COUNT];
} phs_stats;

int phs_stream_create(const phs_db *db, phs_stream **out);
void phs_stream_free(phs_stream *s);
int phs_stream_feed(phs_stream *s, phs_outbuf *out, phs_inbuf *in);
int phs_stream_flush(phs_stream *s, phs_outbuf *out, size_t *remaining);
void phs_stream_stats(const phs_stream *s, phs_stats *out);

phs_category phs_stream_key_category(phs_stream *s, const char *key, size_t klen,
                                     const char *parent, size_t plen, const char *rtype,
                                     size_t rtlen);
int phs_stream_act(phs_stream *s, phs_category cat, const void *src, size_t len,
                   void *dst, size_t cap, size_t *written, int *drop);
int phs_stream_key_policy(phs_stream *s, const char *key, size_t klen,
                          const char *parent, size_t plen, const char *rtype,
                          size_t rtlen, phs_category *cat);
]]
end
-- From libc, for the default cache folder's parent ($HOME/.cache), which
-- the library does not create (it creates the last level only).
if not pcall(function() return ffi.C.mkdir end) then
    pcall(ffi.cdef, "int mkdir(const char *path, unsigned int mode);")
end
if not pcall(function() return ffi.C.memcmp end) then
    pcall(ffi.cdef, "int memcmp(const void *a, const void *b, size_t n);")
end

-- The version whose declarations are above; another minor version may lay
-- the structs out differently.
local ABI = "0.1"
-- PHS_CAT_COUNT, from the declarations above: a category added to the
-- header cannot be left out of the loops below
local CAT_COUNT = tonumber(ffi.new("phs_category", "PHS_CAT_COUNT"))
local ACT_DROP = 6            -- PHS_ACT_DROP
local E_ARG = -2             -- PHS_E_ARG
local MAX_DEPTH = 64          -- as the native walk: deeper fails closed
local UNPROCESSED = "[UNPROCESSED]"  -- PHS_UNPROCESSED_MARK
local REDACTED = "[REDACTED]"        -- PHS_REDACTED_MARK
local KEY_PHI, KEY_KEEP, KEY_REDACT = 1, 2, 3   -- phs_key_verdict

local function env(name)
    local v = os.getenv(name)
    if v == "" then
        return nil
    end
    return v
end

local function warn(msg)
    io.stderr:write("phiscrub.lua: ", msg, "\n")
end

-- ------------------------------------------------------------ configuration

local on_error = "mask"
local redact_metadata = true  -- PHISCRUB_METADATA: redact (default) or keep
local keyset = nil            -- PHISCRUB_KEYS as a set, or nil for every key
local lib                     -- the loaded library
local stream                  -- set when setup succeeded: records are processed
local can_drop = false        -- some category's action is drop

local function errtext(rc, e)
    local s = ffi.string(lib.phs_strerror(rc))
    if e ~= nil then
        local file, rule, reason = ffi.string(e.file), ffi.string(e.rule_id), ffi.string(e.reason)
        if file ~= "" then
            s = s .. "; file " .. file
            if tonumber(e.line) > 0 then
                s = s .. " line " .. tostring(tonumber(e.line))
            end
        end
        if rule ~= "" then
            s = s .. "; rule " .. rule
        end
        if reason ~= "" then
            s = s .. ": " .. reason
        end
    end
    return s
end

local function split_commas(text)
    local out = {}
    for item in string.gmatch(text, "[^,]+") do
        item = item:match("^%s*(.-)%s*$")
        if item ~= "" then
            out[#out + 1] = item
        end
    end
    return out
end

-- $XDG_CACHE_HOME/phiscrub or $HOME/.cache/phiscrub, as the program picks.
local function default_cache_dir()
    local xdg = env("XDG_CACHE_HOME")
    if xdg and xdg:sub(1, 1) == "/" then
        return xdg .. "/phiscrub"
    end
    local home = env("HOME")
    if home and home:sub(1, 1) == "/" then
        pcall(function() ffi.C.mkdir(home .. "/.cache", tonumber("700", 8)) end)
        return home .. "/.cache/phiscrub"
    end
    return nil
end

-- Builds the db and the stream. Returns nil, or the reason it could not
-- (configuration text and library messages only, never a record value).
local function setup()
    local oe = env("PHISCRUB_ON_ERROR")
    if oe then
        oe = oe:lower()
        if oe ~= "mask" and oe ~= "drop" then
            return "PHISCRUB_ON_ERROR must be mask or drop, not '" .. oe .. "'"
        end
        on_error = oe
    end

    local md = env("PHISCRUB_METADATA")
    if md then
        md = md:lower()
        if md ~= "redact" and md ~= "keep" then
            return "PHISCRUB_METADATA must be redact or keep, not '" .. md .. "'"
        end
        redact_metadata = md == "redact"
    end

    local keys = env("PHISCRUB_KEYS")
    if keys then
        keyset = {}
        for _, k in ipairs(split_commas(keys)) do
            keyset[k] = true
        end
    end

    local ok, l = pcall(ffi.load, env("PHISCRUB_LIB") or "libphiscrub.so.0")
    if not ok then
        return "cannot load the phiscrub library: " .. tostring(l)
    end
    lib = l
    local ver = ffi.string(lib.phs_version())
    if ver:match("^(%d+%.%d+)") ~= ABI then
        return "the library is version " .. ver .. ", this script is for " .. ABI .. ".x"
    end

    local opts = ffi.new("phs_options")
    lib.phs_options_init(opts)
    local act = ffi.new("phs_action[1]")
    local mode = env("PHISCRUB_MODE")
    if mode then
        if lib.phs_action_from_name(mode, act) ~= 0 then
            return "PHISCRUB_MODE: unknown action '" .. mode ..
                "' (mask, partial, tokenize, encrypt, surrogate, drop)"
        end
        for i = 0, CAT_COUNT - 1 do
            opts.actions[i] = act[0]
        end
    end
    local err = ffi.new("phs_error")
    local actions = env("PHISCRUB_ACTIONS")
    -- the library's own parser, as --action and the plugin's `actions` use
    if actions and lib.phs_options_set_actions(opts, actions, err) ~= 0 then
        return "PHISCRUB_ACTIONS: " .. ffi.string(err.reason)
    end

    local key = nil
    local key_file = env("PHISCRUB_KEY_FILE")
    if key_file then
        local kp = ffi.new("phs_key *[1]")
        local rc = lib.phs_key_load(key_file, kp, err)
        if rc ~= 0 then
            return "PHISCRUB_KEY_FILE refused: " .. errtext(rc, err)
        end
        key = kp[0]
        opts.key = key
    end

    -- Kept referenced until phs_db_create has read it.
    local cache_dir = env("PHISCRUB_CACHE_DIR") or default_cache_dir()
    if cache_dir then
        opts.cache_dir = cache_dir
    end

    -- as the program's --rules: a file of site policy alone (allow lists,
    -- key policy) applies over the bundled rules
    local rp = ffi.new("phs_rules *[1]")
    -- PHISCRUB_RULES adds to the bundled set: a site's one rule must not
    -- turn off every other category by replacing it.
    local rules_path = env("PHISCRUB_RULES")
    local no_default = env("PHISCRUB_NO_DEFAULT_RULES")
    if no_default and no_default ~= "1" and no_default ~= "0" then
        lib.phs_key_free(key)
        return "PHISCRUB_NO_DEFAULT_RULES must be 1 or 0"
    end
    local rc
    if no_default == "1" then
        if not rules_path then
            lib.phs_key_free(key)
            return "PHISCRUB_NO_DEFAULT_RULES=1 needs PHISCRUB_RULES: there would be no rules"
        end
        rc = lib.phs_rules_load(rules_path, rp, err)
    else
        rc = lib.phs_rules_load_site(rules_path, rp, err)
    end
    if rc ~= 0 then
        lib.phs_key_free(key)
        return "cannot load the rules: " .. errtext(rc, err)
    end

    local dbp = ffi.new("phs_db *[1]")
    rc = lib.phs_db_create(rp[0], opts, dbp, err)
    lib.phs_rules_free(rp[0])
    lib.phs_key_free(key)   -- the db holds its own copy
    opts.key = nil
    if rc ~= 0 then
        return "cannot compile the rules: " .. errtext(rc, err)
    end
    local db = dbp[0]
    local note = ffi.new("const char *[1]")
    if lib.phs_db_cache_status(db, note) ~= 0 then
        warn(ffi.string(note[0]) .. " (" .. (cache_dir or "") .. ")")
    end

    local sp = ffi.new("phs_stream *[1]")
    rc = lib.phs_stream_create(db, sp)
    if rc ~= 0 then
        lib.phs_db_free(db)
        return "cannot create a stream: " .. errtext(rc, nil)
    end
    -- One finalizer frees both, the stream first: it uses the db.
    stream = ffi.gc(sp[0], function(s)
        lib.phs_stream_free(s)
        lib.phs_db_free(db)
    end)

    -- Without a drop action the stats need not be read per value.
    for i = 0, CAT_COUNT - 1 do
        if lib.phs_db_action(db, i) == ACT_DROP then
            can_drop = true
        end
    end
    return nil
end

-- A Lua error in setup fails closed too, rather than stopping Fluent Bit's
-- start with a trace.
local setup_ok, setup_error = pcall(setup)
if not setup_ok then
    setup_error = "setup failed: " .. tostring(setup_error)
end
if setup_error then
    stream = nil
    warn(setup_error .. "; every record fails closed (" .. on_error .. ")")
end

-- The lua filter sets the global flb_null before it loads the script when
-- enable_flb_null is on.
if rawget(_G, "flb_null") == nil then
    warn("the lua filter's enable_flb_null is off: a key whose value is null is lost from " ..
        "every record this script changes; set enable_flb_null true")
end

-- ------------------------------------------------------------------- buffers

-- One output buffer for every value, grown when needed; the old one is
-- cleared first, as it held redacted text of a record.
local buf, cap = nil, 0
local inb = ffi.new("phs_inbuf[1]")
local outb = ffi.new("phs_outbuf[1]")
local remaining = ffi.new("size_t[1]")
local written = ffi.new("size_t[1]")
local dropped = ffi.new("int[1]")
local stats = ffi.new("phs_stats[1]")

local function reserve(need)
    if cap >= need then
        return
    end
    local nc = cap > 0 and cap or 4096
    while nc < need do
        nc = nc * 2
    end
    local nb = ffi.new("char[?]", nc)
    if cap > 0 then
        ffi.fill(buf, cap)
    end
    buf, cap = nb, nc
end

-- Doubles the buffer, keeping its first `used` bytes.
local function grow(used)
    local nc = cap * 2
    local nb = ffi.new("char[?]", nc)
    ffi.copy(nb, buf, used)
    ffi.fill(buf, cap)
    buf, cap = nb, nc
    outb[0].dst = buf
    outb[0].size = cap
end

-- ---------------------------------------------------------------- the walk

-- Per record: a value was replaced; a finding's action is drop.
local changed, drop = false, false

local function lines_dropped()
    lib.phs_stream_stats(stream, stats)
    return stats[0].lines_dropped
end

-- Free text through the stream. Returns a status and the new text, or nil
-- when the text came out as it went in.
local function redact_text(s)
    local n = #s
    local before = can_drop and lines_dropped()
    reserve(n + n / 4 + 256)
    local ib, ob = inb[0], outb[0]
    ib.src, ib.size, ib.pos = s, n, 0
    ob.dst, ob.size, ob.pos = buf, cap, 0
    while true do
        local rc = lib.phs_stream_feed(stream, ob, ib)
        if rc ~= 0 then
            return rc
        end
        if ib.pos == ib.size then
            break
        end
        grow(tonumber(ob.pos))   -- no room: grow and go on
    end
    repeat
        local rc = lib.phs_stream_flush(stream, ob, remaining)
        if rc ~= 0 then
            return rc
        end
        if remaining[0] ~= 0 then
            grow(tonumber(ob.pos))
        end
    until remaining[0] == 0
    ib.src = nil
    if can_drop and lines_dropped() ~= before then
        drop = true
    end
    local w = tonumber(ob.pos)
    if w == n and ffi.C.memcmp(buf, s, n) == 0 then
        return 0, nil
    end
    changed = true
    return 0, ffi.string(buf, w)
end

-- A whole value of category cat, replaced by its action; a string.
local function act_value(cat, s)
    local n = #s
    reserve(4 * n + 128)   -- PHS_ACT_ROOM(n)
    local rc = lib.phs_stream_act(stream, cat, s, n, buf, cap, written, dropped)
    if rc ~= 0 then
        return rc
    end
    if dropped[0] ~= 0 then
        changed = true
        drop = true
        return 0, nil
    end
    local out = ffi.string(buf, written[0])
    -- a value that is already a label or a token comes back as it was
    if out ~= s then
        changed = true
    end
    return 0, out
end

-- A number as the native walk writes it: integers in full, other numbers
-- with 17 significant digits.
local function number_text(x)
    if x == math.floor(x) and x > -2 ^ 63 and x < 2 ^ 63 then
        return string.format("%d", x)
    end
    return string.format("%.17g", x)
end

-- Fluent Bit's own test: a table whose keys are exactly 1..n (n > 0) goes
-- back as an array, any other table as a map.
local function array_length(t)
    local max, count = 0, 0
    for k in pairs(t) do
        if type(k) ~= "number" or k < 1 or k ~= math.floor(k) then
            return -1
        end
        if k > max then
            max = k
        end
        count = count + 1
    end
    if max ~= count then
        return -1
    end
    return max
end

local walk_value

-- A map key is data too (docs/fluent-bit.md, "Keys"): a string key is
-- redacted as text, and in a map held by a PHI key ("mrn": {"00123456":
-- ...}) a key with a digit in it, or a number, is a value of that key's
-- category. Returns a status and the new key, or nil to keep it.
local function walk_key(k, held)
    local tk = type(k)
    if held < CAT_COUNT and tk == "number" then
        changed = true   -- the type changes
        return act_value(held, number_text(k))
    end
    if tk ~= "string" or #k == 0 then
        return 0, nil
    end
    if held < CAT_COUNT and k:find("%d") then
        return act_value(held, k)
    end
    return redact_text(k)
end

local function key_category(key, parent, rtype)
    return lib.phs_stream_key_category(stream, key, #key, parent, #parent, rtype, #rtype)
end

-- Map t, which sits under `key` (itself under `parent`); `select` for a
-- record body, where PHISCRUB_KEYS picks the top-level keys. Values are
-- replaced in place (only existing fields are assigned, which pairs()
-- allows). Returns a status, and a new table when a key changed (a Lua
-- table cannot rename a key while pairs() walks it).
local function walk_map(t, key, parent, rtype, depth, select)
    -- the category of the key that holds this map, as a scalar there has
    local held = key ~= "" and key_category(key, parent, rtype) or CAT_COUNT
    local rt = rawget(t, "resourceType")
    if type(rt) == "string" then
        rtype = rt   -- a FHIR resource: its members are read by its type
    end
    local renamed = nil
    for k, v in pairs(t) do
        local tk = type(k)
        if not (select and keyset and not (tk == "string" and keyset[k])) then
            local rc, nk = walk_key(k, held)
            if rc ~= 0 then
                return rc
            end
            -- the value is classified by the key as it came in
            local nv
            rc, nv = walk_value(v, tk == "string" and k or "", key, rtype, depth + 1)
            if rc ~= 0 then
                return rc
            end
            if nv ~= nil then
                t[k] = nv
            end
            if nk ~= nil and nk ~= k then
                renamed = renamed or {}
                renamed[k] = nk
            end
        end
    end
    if not renamed then
        return 0, nil
    end
    -- Two keys that come out the same ("[NAME]") hold one value in a Lua
    -- table: the native plugin keeps both (docs/fluent-bit.md).
    local nt = {}
    for k, v in pairs(t) do
        nt[renamed[k] or k] = v
    end
    setmetatable(nt, getmetatable(t))
    return 0, nt
end

-- The site's key policy for a scalar under `key` (phs_stream_key_policy):
-- the verdict, and the category of a PHI key. A boolean asks without a
-- category (no key class masks one).
local catp = ffi.new("phs_category[1]")
local function key_policy(key, parent, rtype, want_cat)
    local v = lib.phs_stream_key_policy(stream, key, #key, parent, #parent, rtype, #rtype,
                                        want_cat and catp or nil)
    return v, catp[0]
end

-- Returns a status and the value's replacement, or nil to keep it.
walk_value = function(v, key, parent, rtype, depth)
    if depth > MAX_DEPTH then
        return E_ARG
    end
    local tv = type(v)
    if tv == "string" then
        if #v > 0 and key ~= "" then
            local kv, cat = key_policy(key, parent, rtype, true)
            if kv == KEY_KEEP then
                return 0, nil
            elseif kv == KEY_REDACT then
                changed = true
                return 0, REDACTED
            elseif kv == KEY_PHI then
                return act_value(cat, v)
            end
        end
        return redact_text(v)
    elseif tv == "number" then
        -- A number under a PHI key ("ssn": 123456789, "age": 95) is PHI
        -- whatever its type: it becomes a string.
        if key ~= "" then
            local kv, cat = key_policy(key, parent, rtype, true)
            if kv == KEY_REDACT then
                changed = true
                return 0, REDACTED
            elseif kv == KEY_PHI then
                changed = true   -- the type changes, so the record does
                return act_value(cat, number_text(v))
            end
        end
        return 0, nil
    elseif tv == "boolean" then
        if key ~= "" and key_policy(key, parent, rtype, false) == KEY_REDACT then
            changed = true
            return 0, REDACTED
        end
        return 0, nil
    elseif tv == "table" then
        local n = array_length(v)
        if n > 0 then
            -- elements sit under the array's key, as in the JSON walker:
            -- "identifier": [{"value": ...}]
            for i = 1, n do
                local rc, nv = walk_value(v[i], key, parent, rtype, depth + 1)
                if rc ~= 0 then
                    return rc
                end
                if nv ~= nil then
                    v[i] = nv
                end
            end
            return 0, nil
        end
        return walk_map(v, key, parent, rtype, depth, false)
    end
    return 0, nil   -- boolean, nil, Fluent Bit's null: kept
end

-- Fail closed: a copy of t with every string and number key and value
-- replaced by UNPROCESSED (arrays keep their places). Returns nil when the
-- nesting is too deep (the caller drops the record).
local function mask_whole(t, depth)
    if depth > MAX_DEPTH then
        return nil
    end
    local is_array = array_length(t) > 0
    local nt = {}
    for k, v in pairs(t) do
        local tk, tv = type(k), type(v)
        if not is_array and (tk == "string" or tk == "number") then
            k = UNPROCESSED
        end
        if tv == "string" or tv == "number" then
            v = UNPROCESSED
        elseif tv == "table" then
            v = mask_whole(v, depth + 1)
            if v == nil then
                return nil
            end
        end
        nt[k] = v
    end
    setmetatable(nt, getmetatable(t))
    return nt
end

-- Redacts a record's body, and its metadata unless PHISCRUB_METADATA=keep.
-- Returns a phs_status, and when it is 0 Fluent Bit's code and the new
-- body and metadata.
local function redact(record, metadata)
    changed, drop = false, false
    if type(record) ~= "table" then
        return E_ARG
    end
    local rc, nr = walk_map(record, "", "", "", 0, true)
    if rc ~= 0 then
        return rc
    end
    record = nr or record
    if redact_metadata and type(metadata) == "table" and not drop then
        local nm
        rc, nm = walk_map(metadata, "", "", "", 0, false)
        if rc ~= 0 then
            return rc
        end
        metadata = nm or metadata
    end
    if drop then
        return 0, -1
    end
    return 0, changed and 2 or 0, record, metadata
end

-- Fail closed: mask every key and leaf, or drop. Returns Fluent Bit's code
-- and the masked body and metadata.
local function closed(record, metadata)
    if on_error == "drop" or type(record) ~= "table" then
        return -1, record, metadata
    end
    -- Too deep to mask (or any error while masking): left out.
    local ok, body = pcall(mask_whole, record, 0)
    if not ok or not body then
        return -1, record, metadata
    end
    if redact_metadata and type(metadata) == "table" then
        local mok, meta = pcall(mask_whole, metadata, 0)
        if not mok or not meta then
            return -1, record, metadata
        end
        metadata = meta
    end
    return 2, body, metadata
end

local errors = 0

local function fail_closed(timestamp, record, metadata, why)
    local code, body, meta = closed(record, metadata)
    errors = errors + 1
    -- One line for the first error, then one per 10000, so a bad input
    -- cannot flood the log.
    if errors == 1 or errors % 10000 == 0 then
        warn("record not processed (" .. why .. "), " ..
            (code == -1 and "dropped" or "masked whole") .. "; " .. errors .. " so far")
    end
    return code, timestamp, meta, body
end

-- The entry point Fluent Bit calls: `call phiscrub_filter`. Five arguments,
-- so that Fluent Bit passes the metadata too and takes it back (four
-- results); the group attributes are read-only in the lua filter.
function phiscrub_filter(tag, timestamp, group, metadata, record)
    if not stream then
        -- Setup failed and said why once; no need to count these.
        local code, body, meta = closed(record, metadata)
        return code, timestamp, meta, body
    end
    -- pcall: an error escaping to Fluent Bit would let the record through
    -- as it came in.
    local ok, rc, code, body, meta = pcall(redact, record, metadata)
    if not ok then
        return fail_closed(timestamp, record, metadata, "script error")
    end
    if rc ~= 0 then
        return fail_closed(timestamp, record, metadata, ffi.string(lib.phs_strerror(rc)))
    end
    return code, timestamp, meta or metadata, body or record
end

-- For a Fluent Bit whose lua filter passes no metadata (before 4.0):
-- `call phiscrub_filter_body`, the body alone.
function phiscrub_filter_body(tag, timestamp, record)
    local code, ts, _, body = phiscrub_filter(tag, timestamp, nil, nil, record)
    return code, ts, body
end

-- For tests and for callers that require() the file.
return {
    filter = phiscrub_filter,
    filter_body = phiscrub_filter_body,
    categories = CAT_COUNT,
    setup_error = setup_error,
}
