// Places the shipped name tagger model (scrub/models/name_tagger.lgnt) in the binary's read-only data, so the
// scrubber needs no file at run time. The CMake target passes the file's absolute path and its SHA-256: a changed
// model changes the compile flags, which rebuilds this file (and misses ccache, which does not hash .incbin files).
#ifndef LEAKGATE_NAME_TAGGER_MODEL
#error "LEAKGATE_NAME_TAGGER_MODEL must name the model file"
#endif

__asm__(".section .rodata\n"
        ".balign 16\n"
        ".global leakgate_name_tagger_model_begin\n"
        "leakgate_name_tagger_model_begin:\n"
        ".incbin \"" LEAKGATE_NAME_TAGGER_MODEL "\"\n"
        ".global leakgate_name_tagger_model_end\n"
        "leakgate_name_tagger_model_end:\n"
        ".previous\n");
