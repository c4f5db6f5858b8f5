// Places the shipped ordinary-word automaton (scrub/models/ordinary_words.lgow) in the binary's read-only data, as
// name_tagger_model.cpp places the tagger's model; its SHA-256 in the compile flags rebuilds this file when it changes,
// and is kept for reports and the pipeline's cache.
#ifndef LEAKGATE_ORDINARY_WORDS
#error "LEAKGATE_ORDINARY_WORDS must name the automaton file"
#endif

__asm__(".section .rodata\n"
        ".balign 16\n"
        ".global leakgate_ordinary_words_begin\n"
        "leakgate_ordinary_words_begin:\n"
        ".incbin \"" LEAKGATE_ORDINARY_WORDS "\"\n"
        ".global leakgate_ordinary_words_end\n"
        "leakgate_ordinary_words_end:\n"
        ".previous\n");

#define LEAKGATE_STRINGIFY_(text) #text
#define LEAKGATE_STRINGIFY(text) LEAKGATE_STRINGIFY_(text)
extern "C" const char leakgate_ordinary_words_sha256[] = LEAKGATE_STRINGIFY(LEAKGATE_ORDINARY_WORDS_SHA256);
