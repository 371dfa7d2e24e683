/* The name lists of patterns/names/, compiled into the library as they are
   for the surrogates (the build passes their folder as PHS_NAMES_DIR). Each
   list ends in a NUL. Detection reads them through the lexicon. */
#define PHS_STR2(x) #x
#define PHS_STR(x) PHS_STR2(x)

#define PHS_INCBIN(sym, file)                                                         \
    __asm__(".section .rodata\n.global " #sym "\n.hidden " #sym "\n.type " #sym ", @object\n.balign 16\n" #sym \
            ":\n.incbin \"" PHS_STR(PHS_NAMES_DIR) "/" file "\"\n.byte 0\n.size " #sym          \
            ", .-" #sym "\n.previous\n")

PHS_INCBIN(phs_names_first, "first-names.txt");
PHS_INCBIN(phs_names_surnames, "surnames.txt");
