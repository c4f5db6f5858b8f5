// The residual sweep: what it flags in scrubbed text, what it leaves alone, and its recall on names the scrubber
// really missed in the synthetic notes (their gold spans are the ground truth).
#include "scrub/residual_sweep.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "scrub/eval/synthetic_notes.h"
#include "scrub/scrubber.h"

namespace leakgate::scrub {
namespace {

std::vector<std::string> Flagged(const ResidueSweep& sweep, const std::string& text) {
  std::vector<std::string> spans;
  for (const Residue& residue : sweep.Find(text)) {
    spans.push_back(std::string(ResidueKindName(residue.kind)) + ":" +
                    text.substr(residue.start, residue.end - residue.start));
  }
  return spans;
}

ResidueSweep Learned(const std::vector<std::string>& corpus, ResidueSweepOptions options = {}) {
  ResidueSweep sweep(options);
  for (const std::string& text : corpus) sweep.Learn(text);
  return sweep;
}

TEST(ResidualSweep, FlagsWhatIsLeftOfAPartlyScrubbedName) {
  const std::vector<std::string> corpus = {"the patient was seen", "Patient [NAME] seen by Dr. [NAME] Ferreira today",
                                           "Name: [NAME], Marisol", "Signed by [NAME:0f3a9c], Halvorsen"};
  const ResidueSweep sweep = Learned(corpus);
  EXPECT_EQ(Flagged(sweep, corpus[1]), std::vector<std::string>{"beside_name_placeholder:Ferreira"})
      << "'Patient' is an ordinary word (the corpus writes it in lower case) and 'Dr' a title";
  EXPECT_EQ(Flagged(sweep, corpus[2]), std::vector<std::string>{"beside_name_placeholder:Marisol"});
  EXPECT_EQ(Flagged(sweep, corpus[3]), std::vector<std::string>{"beside_name_placeholder:Halvorsen"})
      << "an hmac pseudonym is a name placeholder too";
  EXPECT_TRUE(Flagged(sweep, "[EMAIL] Ferreira").empty()) << "only a name placeholder makes a neighbour a name part";
}

TEST(ResidualSweep, FlagsRareRunsOfCapitalisedWordsWithAProperNoun) {
  std::vector<std::string> corpus = {"Radomir Adebayo lives alone", "Name: Lindqvist, Anneliese",
                                     "seen in the emergency department", "Emergency Department visit",
                                     "a brown cat; Anneliese Brown called"};
  for (int i = 0; i < 6; ++i) corpus.push_back("drives a Toyota Camry to work");
  const ResidueSweep sweep = Learned(corpus);
  EXPECT_EQ(Flagged(sweep, corpus[0]), std::vector<std::string>{"capitalised_run:Radomir Adebayo"});
  EXPECT_EQ(Flagged(sweep, corpus[1]), std::vector<std::string>{"capitalised_run:Lindqvist, Anneliese"});
  EXPECT_TRUE(Flagged(sweep, corpus[3]).empty()) << "both words are ordinary words in this corpus";
  EXPECT_EQ(Flagged(sweep, corpus[4]), std::vector<std::string>{"capitalised_run:Anneliese Brown"})
      << "one proper noun makes the run a name, even with an ordinary-word surname";
  EXPECT_TRUE(Flagged(sweep, corpus[5]).empty()) << "a run in 6 records is a recurring term, not one person";
  const ResidueSweep lenient = Learned(corpus, {.max_run_records = 6});
  EXPECT_EQ(Flagged(lenient, corpus[5]), std::vector<std::string>{"capitalised_run:Toyota Camry"});
}

TEST(ResidualSweep, TitlesCalendarWordsAndCapitalsAreNotNames) {
  const std::vector<std::string> corpus = {"Hi Dr. [NAME], seen Monday January 4. MRN [MRN] BID dosing",
                                           "DISCHARGE SUMMARY for [NAME]"};
  const ResidueSweep sweep = Learned(corpus);
  for (const std::string& text : corpus) EXPECT_TRUE(Flagged(sweep, text).empty()) << text;
}

// Ground truth: gold NAME spans of the synthetic notes, scrubbed with the default scrubber. A record leaks a name
// when a capitalised word of one of its gold names is still a whole word of the scrubbed text.
TEST(ResidualSweep, FindsTheNamesTheScrubberMissedInTheSyntheticNotes) {
  SyntheticNoteGenerator generator(SyntheticOptions{});
  // Without the learned name tagger the scrubber misses the generator's rare names (with it, 34 of 3000 notes leak).
  ScrubConfig without_tagger;
  without_tagger.name_model = false;
  const Scrubber scrubber(without_tagger);
  std::vector<std::string> scrubbed;
  std::vector<bool> leaks;
  const std::regex capitalised_word("[A-Z][a-z]+");
  for (int i = 0; i < 3000; ++i) {
    const LabeledRecord note = generator.Next();
    const std::string text = scrubber.Scrub(note.text).text;
    bool leaked = false;
    for (const LabeledSpan& span : note.spans) {
      if (span.type != "NAME") continue;
      const std::string name = note.text.substr(span.start, span.end - span.start);
      for (std::sregex_iterator word(name.begin(), name.end(), capitalised_word), end; word != end; ++word) {
        leaked |= std::regex_search(text, std::regex("\\b" + word->str() + "\\b"));
      }
    }
    scrubbed.push_back(text);
    leaks.push_back(leaked);
  }
  const ResidueSweep sweep = Learned(scrubbed);
  int leaking = 0, leaking_flagged = 0, clean = 0, clean_flagged = 0;
  for (std::size_t i = 0; i < scrubbed.size(); ++i) {
    const bool flagged = !sweep.Find(scrubbed[i]).empty();
    (leaks[i] ? leaking : clean) += 1;
    (leaks[i] ? leaking_flagged : clean_flagged) += flagged ? 1 : 0;
  }
  ASSERT_GT(leaking, 50) << "the scrubber misses rare names in these notes; without misses this test measures nothing";
  EXPECT_GE(leaking_flagged, leaking * 95 / 100) << leaking_flagged << " of " << leaking << " leaking records flagged";
  EXPECT_LE(clean_flagged, clean / 50) << clean_flagged << " of " << clean << " clean records flagged";
}

}  // namespace
}  // namespace leakgate::scrub
