#include "scrub/eval/evaluation.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

namespace leakgate::scrub {
namespace {

const std::string kDataDir = LEAKGATE_TEST_DATA_DIR;

TEST(Evaluation, ListsMissedSpansAndWrongFindings) {
  const Scrubber scrubber(ScrubConfig{});
  LabeledRecord record;
  record.id = "r1";
  record.text = "mail a@b.com and 212-555-0187";
  record.spans = {{5, 12, "EMAIL"}, {13, 16, "NAME"}};  // the phone number is not labelled
  const EvaluationResult result = Evaluate(scrubber, {record});
  ASSERT_EQ(result.errors.size(), 2u);
  EXPECT_TRUE(result.errors[0].missed);
  EXPECT_EQ(result.errors[0].type, "NAME");
  EXPECT_FALSE(result.errors[1].missed);
  EXPECT_EQ(result.errors[1].type, "PHONE");
  const std::string listed = FormatErrors(result, {record});
  EXPECT_NE(listed.find("r1\tmissed NAME\t...mail a@b.com [[and]] 212-555-0187..."), std::string::npos) << listed;
  EXPECT_NE(listed.find("r1\twrong  PHONE\tus_phone\t"), std::string::npos) << listed;

  // Records may share an id: each error is shown in its own record's text.
  LabeledRecord short_one{"r1", "x", "", "", {{0, 1, "NAME"}}};
  const EvaluationResult both = Evaluate(scrubber, {record, short_one});
  const std::string both_listed = FormatErrors(both, {record, short_one});
  EXPECT_NE(both_listed.find("r1\tmissed NAME\t...[[x]]..."), std::string::npos) << both_listed;
  EXPECT_EQ(ErrorsJson(both, {record, short_one}).size(), 3u);
}

TEST(Evaluation, CountsExactAndOverlapMatchesPerType) {
  const Scrubber scrubber(ScrubConfig{});
  LabeledRecord record;
  record.text = "mail a@b.com and 212-555-0187";
  //             0    5      12   17
  record.spans = {{5, 12, "EMAIL"},     // found exactly
                  {18, 29, "PHONE"},    // found as [17, 29): overlap only
                  {13, 16, "NAME"}};    // not found
  EvaluationResult result = Evaluate(scrubber, {record});
  EXPECT_EQ(result.records, 1u);
  const TypeScores& overlap = result.overlap.overall;
  EXPECT_EQ(overlap.support, 3u);
  EXPECT_EQ(overlap.predicted, 2u);
  EXPECT_EQ(overlap.recalled, 2u);
  EXPECT_DOUBLE_EQ(overlap.precision(), 1.0);
  EXPECT_DOUBLE_EQ(overlap.recall(), 2.0 / 3.0);
  EXPECT_NEAR(overlap.f2(), 10.0 / 14.0, 1e-12);
  const TypeScores& exact = result.exact.overall;
  EXPECT_DOUBLE_EQ(exact.precision(), 0.5);
  EXPECT_DOUBLE_EQ(exact.recall(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(result.overlap.per_type.at("NAME").recall(), 0.0);
  EXPECT_DOUBLE_EQ(result.overlap.per_type.at("NAME").precision(), 1.0);  // nothing claimed

  nlohmann::ordered_json json = ToJson(result);
  for (const char* key : {"precision", "recall", "f2", "support"}) {
    EXPECT_TRUE(json["per_type"]["EMAIL"].contains(key)) << key;
    EXPECT_TRUE(json["overall"].contains(key)) << key;
  }
  EXPECT_EQ(json["overall"]["support"], 3);
  EXPECT_DOUBLE_EQ(json["span_exact"]["overall"]["precision"].get<double>(), 0.5);
}

TEST(Evaluation, MalformedLabeledFileNamesTheLine) {
  std::string path = ::testing::TempDir() + "/bad_labeled.jsonl";
  {
    std::ofstream out(path);
    out << R"({"id": "a", "text": "abc", "spans": []})" << "\n";
    out << R"({"id": "b", "text": "abc", "spans": [{"start": 2, "end": 9, "type": "X"}]})" << "\n";
  }
  try {
    ReadLabeledJsonl(path);
    FAIL() << "expected an InputError";
  } catch (const common::InputError& error) {
    EXPECT_NE(std::string(error.what()).find(":2:"), std::string::npos) << error.what();
  }
}

std::vector<LabeledRecord> LabeledSet() {
  std::vector<LabeledRecord> records = ReadLabeledJsonl(kDataDir + "/scrub/synthetic_eval.jsonl");
  std::vector<LabeledRecord> handwritten = ReadLabeledJsonl(kDataDir + "/scrub/handwritten.jsonl");
  EXPECT_GE(handwritten.size(), 50u);
  records.insert(records.end(), handwritten.begin(), handwritten.end());
  return records;
}

// Issue 4 acceptance: recall >= 0.95 and precision >= 0.9 for every structured identifier.
TEST(Acceptance, StructuredIdentifiersOnTheLabeledSet) {
  const Scrubber scrubber(ScrubConfig{});
  EvaluationResult result = Evaluate(scrubber, LabeledSet());
  std::printf("%s", FormatTable(result).c_str());
  for (const char* type :
       {"EMAIL", "PHONE", "SSN", "MRN", "DATE", "IP_ADDRESS", "URL", "CREDIT_CARD", "IBAN", "VIN", "ZIP"}) {
    ASSERT_TRUE(result.overlap.per_type.count(type)) << type;
    const TypeScores& s = result.overlap.per_type.at(type);
    EXPECT_GE(s.support, 10u) << type;
    EXPECT_GE(s.recall(), 0.95) << type;
    EXPECT_GE(s.precision(), 0.9) << type;
  }
  // Names are measured, not promised: these floors only catch regressions (see docs for the numbers). With the learned
  // name tagger: recall 0.999, precision 0.895 (it reads one synthetic template's "CPAP machine, device ID" as
  // "Last, First", 63 times); with the gazetteer alone recall 0.986, precision 0.987.
  const TypeScores& names = result.overlap.per_type.at("NAME");
  EXPECT_GE(names.recall(), 0.95);
  EXPECT_GE(names.precision(), 0.85);
}

// The learned name tagger costs some precision on names here (it also tags lower-case phrases such as "account
// holder" where names stand: NAME precision 0.83 against 1.00 without it) and finds a name the gazetteer misses.
TEST(Acceptance, HandwrittenRecordsAlone) {
  const Scrubber scrubber(ScrubConfig{});
  EvaluationResult result = Evaluate(scrubber, ReadLabeledJsonl(kDataDir + "/scrub/handwritten.jsonl"));
  std::printf("%s", FormatTable(result).c_str());
  EXPECT_GE(result.overlap.overall.recall(), 0.95);
  EXPECT_GE(result.overlap.overall.precision(), 0.93);
  EXPECT_GE(result.overlap.per_type.at("NAME").precision(), 0.8);
}

// Names are found by the gazetteer and the tagger; every other type must score exactly as without the tagger.
TEST(Acceptance, TheNameTaggerLeavesEveryOtherTypeAsItWas) {
  ScrubConfig without_tagger;
  without_tagger.name_model = false;
  for (const char* file : {"/scrub/handwritten.jsonl", "/scrub/synthetic_eval.jsonl"}) {
    const std::vector<LabeledRecord> records = ReadLabeledJsonl(kDataDir + file);
    const EvaluationResult with = Evaluate(Scrubber(ScrubConfig{}), records);
    const EvaluationResult without = Evaluate(Scrubber(without_tagger), records);
    for (const auto& [type, scores] : without.overlap.per_type) {
      if (type == "NAME") continue;
      EXPECT_EQ(with.overlap.per_type.at(type).recalled, scores.recalled) << file << " " << type;
      EXPECT_EQ(with.overlap.per_type.at(type).predicted, scores.predicted) << file << " " << type;
      EXPECT_EQ(with.overlap.per_type.at(type).correct_predicted, scores.correct_predicted) << file << " " << type;
    }
    EXPECT_GE(with.overlap.per_type.at("NAME").recall(), without.overlap.per_type.at("NAME").recall()) << file;
  }
}

// Phones and dates as people write them, in twelve sets written by separate authors who saw neither the patterns nor
// each other's sets (tests/data/scrub/README.md). The seven tuning sets were studied to write the patterns; the five
// held-out sets were only measured. Overlap recall when the first three tuning sets' patterns were committed
// (precision at least 0.96 everywhere): tuning PHONE 0.979 / 0.941 / 0.877, DATE 0.903 / 0.911 / 0.929; held-out
// PHONE 0.873 / 0.871 / 0.948 / 0.846, DATE 0.879 / 0.818 / 0.852 / 0.908 (before the first of these patterns: PHONE
// 0.796 / 0.826 / 0.845, DATE 0.750 / 0.762 / 0.773). The fourth pair, written later, scored PHONE 0.925 / 0.920 and
// DATE 0.849 / 0.852 (tuning / held-out) before its tuning set was studied, and 0.950 / 0.920 and 0.978 / 0.900 after;
// with the two fifth tuning sets (everyday and clinical records) studied too, the fourth held-out set scored PHONE
// 0.948 and DATE 0.926, and the fifth sets PHONE 0.843 / 0.858 -> 0.904 / 0.921, DATE 0.893 / 0.862 -> 0.945 / 0.923.
// The sixth tuning set scored PHONE 0.839 and DATE 0.898 before it was studied, 0.893 and 0.951 after; the seventh
// (legal, civil-register, travel, log and transcript text) 0.878 and 0.857 before, 0.915 and 0.930 after, and its
// held-out twin 0.933 and 0.873 before, 0.933 and 0.886 after. The ninth tuning set (e-mails, transcripts, chat
// exports, OCR'd forms, over 50 countries) 0.833 and 0.798 before, 0.891 and 0.962 after, and its held-out twin, written
// at the same time, 0.824 and 0.856 before, 0.858 and 0.928 after. The floors catch regressions; the issue's bar is
// recall 0.97.
TEST(Acceptance, PhonesAndDatesWrittenByOthers) {
  struct Floor {
    const char* file;
    double phone_recall, date_recall;
  };
  const Scrubber scrubber(ScrubConfig{});
  for (const Floor& floor : {Floor{"/scrub/phones_dates_tuning.jsonl", 0.95, 0.86},
                             Floor{"/scrub/phones_dates_tuning_english.jsonl", 0.92, 0.90},
                             Floor{"/scrub/phones_dates_heldout.jsonl", 0.84, 0.85},
                             Floor{"/scrub/phones_dates_heldout_english.jsonl", 0.88, 0.80},
                             Floor{"/scrub/names_heldout.jsonl", 0.92, 0.81},
                             Floor{"/scrub/phones_dates_third_tuning.jsonl", 0.88, 0.93},
                             Floor{"/scrub/phones_dates_third_heldout.jsonl", 0.84, 0.91},
                             Floor{"/scrub/phones_dates_fourth_tuning.jsonl", 0.92, 0.94},
                             Floor{"/scrub/phones_dates_fourth_heldout.jsonl", 0.91, 0.89},
                             Floor{"/scrub/phones_dates_fifth_tuning.jsonl", 0.87, 0.91},
                             Floor{"/scrub/phones_dates_fifth_tuning_clinical.jsonl", 0.89, 0.89},
                             Floor{"/scrub/phones_dates_sixth_tuning.jsonl", 0.88, 0.93},
                             Floor{"/scrub/phones_dates_seventh_tuning.jsonl", 0.88, 0.91},
                             Floor{"/scrub/phones_dates_fifth_heldout.jsonl", 0.90, 0.85},
                             Floor{"/scrub/phones_dates_ninth_tuning.jsonl", 0.87, 0.93},
                             Floor{"/scrub/phones_dates_sixth_heldout.jsonl", 0.84, 0.89}}) {
    const EvaluationResult result = Evaluate(scrubber, ReadLabeledJsonl(kDataDir + floor.file));
    const TypeScores& phones = result.overlap.per_type.at("PHONE");
    const TypeScores& dates = result.overlap.per_type.at("DATE");
    EXPECT_GE(phones.support, 50u) << floor.file;
    EXPECT_GE(dates.support, 50u) << floor.file;
    EXPECT_GE(phones.recall(), floor.phone_recall) << floor.file;
    EXPECT_GE(dates.recall(), floor.date_recall) << floor.file;
    EXPECT_GE(phones.precision(), 0.95) << floor.file;
    EXPECT_GE(dates.precision(), 0.97) << floor.file;
  }
}

// Addresses, postcodes and record numbers in the same ten sets, pooled (few per set). Before the patterns for
// postcodes outside the US, the towns that close an address line, continental streets and the record-number labels
// of hospitals outside the US, the five held-out sets scored recall ZIP 0.105, ADDRESS 0.630, MRN 0.433; at commit
// time 0.948, 0.815, 0.700 (precision 0.900, 1.000, 1.000), and the tuning sets 0.880, 0.897, 0.757.
TEST(Acceptance, AddressesPostcodesAndRecordNumbersWrittenByOthers) {
  const Scrubber scrubber(ScrubConfig{});
  std::map<std::string, TypeScores> pooled;
  for (const char* set : {"names_heldout", "names_second_heldout", "phones_dates_heldout",
                          "phones_dates_heldout_english", "phones_dates_third_heldout", "names_independent",
                          "names_second_tuning", "phones_dates_tuning", "phones_dates_tuning_english",
                          "phones_dates_third_tuning"}) {
    const EvaluationResult result =
        Evaluate(scrubber, ReadLabeledJsonl(kDataDir + "/scrub/" + std::string(set) + ".jsonl"));
    for (const char* type : {"ZIP", "ADDRESS", "MRN"}) {
      const auto found = result.overlap.per_type.find(type);
      if (found == result.overlap.per_type.end()) continue;
      TypeScores& sum = pooled[type];
      sum.support += found->second.support;
      sum.recalled += found->second.recalled;
      sum.predicted += found->second.predicted;
      sum.correct_predicted += found->second.correct_predicted;
    }
  }
  struct Floor {
    const char* type;
    double recall;
  };
  for (const Floor& floor : {Floor{"ZIP", 0.85}, Floor{"ADDRESS", 0.78}, Floor{"MRN", 0.65}}) {
    const TypeScores& scores = pooled[floor.type];
    EXPECT_GE(scores.support, 40u) << floor.type;
    EXPECT_GE(scores.recall(), floor.recall) << floor.type;
    EXPECT_GE(scores.precision(), 0.9) << floor.type;
  }
}

// Real text with (almost) no personal data: how often each type fires on the Debian fortunes.
TEST(FalsePositives, FortunesAreMostlyLeftAlone) {
  const Scrubber scrubber(ScrubConfig{});
  std::ifstream in(kDataDir + "/corpora/fortunes.jsonl");
  ASSERT_TRUE(in);
  std::map<std::string, std::size_t> per_type;
  std::size_t records = 0;
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json json = nlohmann::json::parse(line);
    for (const Finding& f : scrubber.Find(json["text"].get<std::string>())) ++per_type[f.type];
    ++records;
  }
  ASSERT_GT(records, 10000u);
  std::printf("findings per 1000 fortunes (%zu records):\n", records);
  for (const auto& [type, count] : per_type) std::printf("  %-12s %8.2f\n", type.c_str(), 1000.0 * count / records);
  // Identifiers that never occur by accident in prose: at most 1 finding per 1000 records.
  for (const char* type : {"SSN", "CREDIT_CARD", "IBAN", "VIN", "MRN", "HEALTH_PLAN", "ACCOUNT", "LICENSE", "PLATE",
                           "DEVICE_ID", "PHONE", "IP_ADDRESS", "ZIP", "ADDRESS", "AGE"}) {
    EXPECT_LE(per_type[type], records / 1000) << type;
  }
  // Names: fortunes quote real people ("-- Mark Twain") and tell of them; these are names, but the rate must stay
  // bounded. With the learned tagger about 0.65 per record; in a sample of 60 of its findings 5 were not people
  // ("little lizard", "Wilbur, Washington").
  EXPECT_LE(per_type["NAME"], records * 80 / 100);
}

}  // namespace
}  // namespace leakgate::scrub
