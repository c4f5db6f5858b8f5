// Places the shipped name tagger model (scrub/models/name_tagger.lgnt) in the binary's read-only data, so the
// scrubber needs no file at run time. The CMake target passes the file's absolute path and its SHA-256: a changed
// model changes the compile flags, which rebuilds this file (and misses ccache, which does not hash .incbin files).
// The SHA-256 is also kept, so reports name the model without hashing 3.5 MB in every process.
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

#define LEAKGATE_STRINGIFY_(text) #text
#define LEAKGATE_STRINGIFY(text) LEAKGATE_STRINGIFY_(text)
extern "C" const char leakgate_name_tagger_model_sha256[] = LEAKGATE_STRINGIFY(LEAKGATE_NAME_TAGGER_SHA256);
