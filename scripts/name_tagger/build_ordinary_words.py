#!/usr/bin/env python3
"""Builds scrub/models/ordinary_words.lgow: the ordinary words of eleven Debian word lists as a minimal automaton.

The name tagger's veto reads it: a span it tags whose every word is one of these words, and none a listed name, is
not a name ("Zalecenia", "Onderhoud", "Cardiología"). The lists are those of wamerican, wbritish, wdanish, wdutch,
wfrench, witalian, wngerman, wpolish, wportuguese, wspanish and wswedish. Only entries that start with a small letter
are taken (ngerman writes nouns, and every list writes proper names, with a capital: "Schulte", "Whitfield"), each
lower-cased; entries with an apostrophe are left out. Norwegian (wnorwegian) is left out: its compounds would add
about a third to the file for the few words of it the tagger misreads, and Danish covers most of them.

The words, as UTF-8 bytes, are the language of a minimal acyclic automaton (built incrementally from the sorted
words, after Daciuk, Mihov, Watson and Watson, 2000); a word ends in one of two kinds of accepting state, as it is on
an English list (wamerican, wbritish) or only on the others, so the tagger can tell which text is in another language.
The file is:
  "LGOW", then four little-endian uint32: format version (2), word count, transition count, the root's first
  transition; then the transitions, four bytes each, little-endian: bits 0-7 the byte read, bit 8 set on a state's
  last transition, bit 9 set when the state reached accepts a word, bit 10 set when that word is on an English list,
  bits 11-31 the index of the first transition of the state reached (all ones: it has none). A state's transitions are
  consecutive and sorted by byte.
The same lists give the same bytes; `retrain.sh --check` rebuilds it and compares.
"""
import argparse
import struct
import sys

LISTS = ['american-english', 'british-english', 'danish', 'dutch', 'french', 'italian', 'ngerman', 'polish',
         'portuguese', 'spanish', 'swedish']
ENGLISH_LISTS = {'american-english', 'british-english'}
NO_STATE = (1 << 21) - 1


def read_words(directory):
    """The lower-cased words, sorted, each with whether an English list has it."""
    words = {}
    for name in LISTS:
        with open(f'{directory}/{name}', 'rb') as raw:
            data = raw.read()
        try:
            text = data.decode('utf-8')
        except UnicodeDecodeError:  # wswedish is in ISO-8859-1
            text = data.decode('latin-1')
        for line in text.splitlines():
            word = line.strip()
            if word and word[0].islower() and "'" not in word:
                key = word.lower().encode('utf-8')
                words[key] = words.get(key, False) or name in ENGLISH_LISTS
    return sorted(words.items())


def minimal_automaton(words):
    """Returns (transitions, finals): per state a dict byte -> state, and per accepting state whether its word is
    English; 0 is the root."""
    transitions, finals = [{}], {}
    register = {}
    previous, path = b'', [0]

    def signature(state):
        return finals.get(state), tuple(sorted(transitions[state].items()))

    def minimize(keep):
        for depth in range(len(path) - 1, keep, -1):
            child, parent = path[depth], path[depth - 1]
            key = signature(child)
            if key in register:
                transitions[parent][previous[depth - 1]] = register[key]
                transitions[child] = None  # merged into its equal
            else:
                register[key] = child
        del path[keep + 1:]

    for word, english in words:
        common = 0
        while common < min(len(word), len(previous)) and word[common] == previous[common]:
            common += 1
        minimize(common)
        state = path[-1]
        for byte in word[common:]:
            transitions.append({})
            transitions[state][byte] = len(transitions) - 1
            state = len(transitions) - 1
            path.append(state)
        finals[state] = english
        previous = word
    minimize(0)
    return transitions, finals


def serialize(transitions, finals, word_count):
    # States in depth-first order from the root; each gets the index of its first transition.
    order, first, seen, stack = [], {}, {0}, [0]
    while stack:
        state = stack.pop()
        order.append(state)
        for byte in sorted(transitions[state], reverse=True):
            child = transitions[state][byte]
            if child not in seen:
                seen.add(child)
                stack.append(child)
    at = 0
    for state in order:
        first[state] = at if transitions[state] else NO_STATE
        at += len(transitions[state])
    if at >= NO_STATE:
        sys.exit(f'build_ordinary_words: {at} transitions do not fit in 21 bits')
    records = bytearray()
    for state in order:
        labels = sorted(transitions[state])
        for i, byte in enumerate(labels):
            child = transitions[state][byte]
            last = 256 if i == len(labels) - 1 else 0
            accepts = 512 if child in finals else 0
            english = 1024 if finals.get(child) else 0
            record = byte | last | accepts | english | (first[child] << 11)
            records += struct.pack('<I', record)
    return b'LGOW' + struct.pack('<IIII', 2, word_count, at, first[0]) + bytes(records)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--dict-dir', default='/usr/share/dict')
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    words = read_words(args.dict_dir)
    transitions, finals = minimal_automaton(words)
    data = serialize(transitions, finals, len(words))
    with open(args.out, 'wb') as out:
        out.write(data)
    print(f'build_ordinary_words: {len(words)} words, {(len(data) - 20) // 4} transitions, {len(data)} bytes',
          file=sys.stderr)


if __name__ == '__main__':
    main()
