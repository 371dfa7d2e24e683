/* The free-text models (patterns/freetext/model.txt), compiled into the
   library as text; the build passes the folder as PHS_FREETEXT_DIR. */
#define PHS_STR2(x) #x
#define PHS_STR(x) PHS_STR2(x)

__asm__(".section .rodata\n.global phs_freetext_model\n.hidden phs_freetext_model\n"
        ".type phs_freetext_model, @object\nphs_freetext_model:\n"
        ".incbin \"" PHS_STR(PHS_FREETEXT_DIR) "/model.txt\"\n.byte 0\n"
        ".size phs_freetext_model, .-phs_freetext_model\n.previous\n");
