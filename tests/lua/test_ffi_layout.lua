--[[
The FFI declarations of src/fluent-bit/phiscrub.lua against the C header:
every size, field offset and enum constant that tests/lua/ffi_layout (built
from src/include/phiscrub.h) prints must be what LuaJIT computes from the
script's own copy of the declarations. A field added to phs_options in the
header and not in the script would make the library write past the struct
LuaJIT allocated.

    luajit test_ffi_layout.lua PATH/TO/phiscrub.lua PATH/TO/ffi_layout

Prints "N passed, M failed".
]]
local script, layout = arg[1], arg[2]
local ffi = require("ffi")
flb_null = {}
dofile(script)

local passed, failed = 0, 0
local function check(name, got, want)
    if got == want then
        passed = passed + 1
    else
        failed = failed + 1
        print(("FAIL %s: the script says %s, the header %s"):format(name, tostring(got), tostring(want)))
    end
end

local p = assert(io.popen(layout, "r"))
local lines = 0
for line in p:lines() do
    local t, f, v = line:match("^(%S+) (%S+) (%-?%d+)$")
    assert(t, "unexpected line from ffi_layout: " .. line)
    v = tonumber(v)
    lines = lines + 1
    if t == "enum" then
        check(f, tonumber(ffi.C[f]), v)
    elseif f == "sizeof" then
        check("sizeof " .. t, ffi.sizeof(t), v)
    else
        check(t .. "." .. f, ffi.offsetof(t, f), v)
    end
end
assert(p:close(), "ffi_layout failed")
check("ffi_layout printed its lines", lines > 40, true)
print(("%d passed, %d failed"):format(passed, failed))
os.exit(failed == 0 and 0 or 1)
