/* Data of the act step compiled into the library as it is: the restricted
   ZIP3 list (the build passes the patterns folder as PHS_PATTERNS_DIR). */
#define PHS_STR2(x) #x
#define PHS_STR(x) PHS_STR2(x)

__asm__(".section .rodata\n.global phs_zip3_restricted_text\n.hidden phs_zip3_restricted_text\n"
        ".type phs_zip3_restricted_text, @object\nphs_zip3_restricted_text:\n"
        ".incbin \"" PHS_STR(PHS_PATTERNS_DIR) "/safe-harbor-zip3.txt\"\n.byte 0\n"
        ".size phs_zip3_restricted_text, .-phs_zip3_restricted_text\n.previous\n");
