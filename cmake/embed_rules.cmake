# Concatenate patterns/*.rules (name order) into a C source file, so the
# library carries its bundled rule set. Run by the build: cmake -P.
# In: RULES_DIR, OUT.
file(GLOB rule_files "${RULES_DIR}/*.rules")
list(SORT rule_files)
set(text "")
foreach(f IN LISTS rule_files)
  file(READ "${f}" content HEX)
  string(APPEND text "${content}")
  # a newline between files so a file without one at its end stays whole
  string(APPEND text "0a")
endforeach()
string(LENGTH "${text}" hexlen)
math(EXPR nbytes "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${text}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" body "${body}")
file(WRITE "${OUT}.tmp"
"/* Generated from the patterns folder by cmake/embed_rules.cmake. */\n#include <stddef.h>\n\nconst char phs_bundled_rules[] = {\n${body}0x00};\nconst size_t phs_bundled_rules_len = ${nbytes};\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
