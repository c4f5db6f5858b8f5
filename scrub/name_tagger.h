// A learned recognizer for person names written without the cues the gazetteer needs (mid-sentence, ALL CAPS,
// lower case, "Last, First", diacritics, scripts other than Latin): a first-order B/I/O sequence tagger over words,
// trained as an averaged structured perceptron on hashed word, shape, affix and context features. Integer weights make
// the trained model and the spans it tags the same on any x86-64 CPU (a score may differ in its last bit: it goes
// through exp). `leakgate scrub train-names` trains it; the shipped model is compiled into the binary
// (scrub/models/name_tagger.lgnt).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scrub/names.h"

namespace leakgate::scrub {

// One training text and its name spans (UTF-8 byte offsets, end exclusive).
struct NameExample {
  std::string_view text;
  std::vector<std::pair<std::size_t, std::size_t>> names;
};

// A word from the lists the tagger's features consult, with its classes (a bit set). A withheld word is left off the
// lists while training, so the tagger learns names it has no list for from shape and context, and is listed in the
// trained model, so the names it can look up are as many as there are.
struct ListedWord {
  enum Class : std::uint8_t { kFirstName = 1, kSurname = 2, kPlace = 4, kOrdinaryWord = 8 };
  std::string word;
  std::uint8_t classes = 0;
  bool withheld = false;
};

struct NameTaggerTraining {
  int epochs = 6;
  std::uint64_t seed = 17;  // the order the examples are visited in, per epoch
  int hash_bits = 20;       // 2^hash_bits feature buckets
};

class NameTagger {
 public:
  // Reads a model written by TrainNameTagger; throws common::InputError naming `where` if it is malformed.
  static NameTagger FromBytes(std::string_view bytes, std::string_view where);
  // The model compiled into the binary.
  static const NameTagger& Shipped();
  // SHA-256 of the shipped model's bytes (hex), so reports can say which model scrubbed.
  static const std::string& ShippedDigest();
  // Makes Shipped() and ShippedDigest() answer with the model in `bytes` for the rest of the process, so that a
  // retrained model is scored before it is compiled in (`scrub eval --name-model`). Call it once, before any scrubber
  // is built: throws std::logic_error otherwise, and like FromBytes on a malformed model.
  static void ReplaceShipped(std::string_view bytes, std::string_view where);

  NameTagger(NameTagger&&) noexcept;
  NameTagger& operator=(NameTagger&&) noexcept;
  ~NameTagger();

  // Name spans in `text`. The score is 1 - exp(-margin / temperature) / 2, in [0.5, 0.999]: how much the best
  // labelling outscores the best one that leaves the span unnamed. Thread-safe.
  std::vector<NameCandidate> Tag(std::string_view text) const;
  std::size_t nonzero_features() const;
  // The classes (ListedWord::Class bits) the model's word lists give `word`, in any case; 0 if it is on none.
  std::uint8_t ListedClasses(std::string_view word) const;
  // Names written in Han characters right before a Japanese or Chinese honorific ("田中さん", "王秀英女士"), read from the
  // family name the word lists have: the tagger reads a run of Han characters as one word and cannot split it.
  std::vector<NameCandidate> NamesBeforeHonorifics(std::string_view text) const;

 private:
  struct Model;
  explicit NameTagger(std::unique_ptr<Model> model);
  std::unique_ptr<Model> model_;
  friend std::string TrainNameTagger(const std::vector<NameExample>&, const std::vector<ListedWord>&,
                                     const NameTaggerTraining&,
                                     const std::function<void(int epoch, std::size_t mistakes)>&);
};

// Whether `word` (any case) names a language or a people ("Somali", "Arabic") or is the word forms of many languages
// print before a patient's name ("Hasta", "Beteg", "Paciente"): no one's name where it stands alone.
bool IsALanguageOrAPatientLabel(std::string_view word);

// Whether `word` (any case) is the word forms of many languages print before a patient's name or a relative's
// ("Paciente", "Patientin", "Hasta"): part of IsALanguageOrAPatientLabel.
bool IsAPatientLabel(std::string_view word);

// Whether `word` (any case) is a title or a nurse's rank written before a surname ("Mr", "Dr", "Frau", "Pani",
// "Signora", "Mevrouw", "nurse").
bool IsATitle(std::string_view word);

// Trains on `examples` and returns the serialized model, which carries `word_lists` (entries the tokenizer reads as
// one word) for its features; the same inputs and options give the same bytes. `on_epoch` hears how many examples
// each epoch got wrong.
std::string TrainNameTagger(const std::vector<NameExample>& examples, const std::vector<ListedWord>& word_lists,
                            const NameTaggerTraining& options,
                            const std::function<void(int epoch, std::size_t mistakes)>& on_epoch = {});

}  // namespace leakgate::scrub
