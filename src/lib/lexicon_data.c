/* The lexicon image made by the build (gen_lexicon), compiled into the
   library as it is; the build passes its path as PHS_LEXICON_BIN. */
#define PHS_STR2(x) #x
#define PHS_STR(x) PHS_STR2(x)

__asm__(".section .rodata\n.global phs_lex_image\n.hidden phs_lex_image\n"
        ".type phs_lex_image, @object\n.balign 64\nphs_lex_image:\n"
        ".incbin \"" PHS_STR(PHS_LEXICON_BIN) "\"\n"
        ".size phs_lex_image, .-phs_lex_image\n.previous\n");
