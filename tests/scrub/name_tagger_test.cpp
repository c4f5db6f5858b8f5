#include "scrub/name_tagger.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "common/digest.h"
#include "common/errors.h"
#include "scrub/eval/evaluation.h"
#include "scrub/eval/labeled.h"
#include "scrub/scrubber.h"

namespace leakgate::scrub {
namespace {

const std::string kDataDir = LEAKGATE_TEST_DATA_DIR;

// A small world: names in a few contexts, the same contexts holding ordinary words, and word lists.
struct TinyWorld {
  std::vector<std::string> texts;
  std::vector<NameExample> examples;
  std::vector<ListedWord> lists;

  TinyWorld() {
    const std::vector<std::string> first = {"Agnes", "Bruno", "Clara", "Dmitri", "Elif", "Farid", "Greta", "Hugo"};
    const std::vector<std::string> last = {"Lindqvist", "Okafor", "Moreau", "Petrov", "Yilmaz", "Haddad", "Novak"};
    const std::vector<std::string> things = {"the baker", "a friend", "the ferry", "my cousin", "the nurse"};
    std::vector<std::pair<std::string, std::vector<std::pair<std::size_t, std::size_t>>>> made;
    for (std::size_t i = 0; i < 400; ++i) {
      const std::string name = first[i % first.size()] + " " + last[(i / 3) % last.size()];
      const std::string thing = things[i % things.size()];
      switch (i % 4) {
        case 0:
          made.push_back({"I met " + name + " at the market.", {{6, 6 + name.size()}}});
          break;
        case 1:
          made.push_back({"I met " + thing + " at the market.", {}});
          break;
        case 2:
          made.push_back({name + "'s car is red.", {{0, name.size()}}});
          break;
        default:
          made.push_back({"Then " + thing + " waved.", {}});
          break;
      }
    }
    texts.reserve(made.size());
    for (auto& [text, names] : made) texts.push_back(text);
    for (std::size_t i = 0; i < made.size(); ++i) examples.push_back({texts[i], made[i].second});
    for (const std::string& word : first) lists.push_back({word, ListedWord::kFirstName});
    for (const std::string& word : last) lists.push_back({word, ListedWord::kSurname});
    for (const char* word : {"Ingrid", "Sunniva"}) lists.push_back({word, ListedWord::kFirstName});
    for (const char* word : {"Halvorsen", "Bakke"}) lists.push_back({word, ListedWord::kSurname});
    for (const char* word : {"baker", "friend", "ferry", "cousin", "nurse", "market", "car"}) {
      lists.push_back({word, ListedWord::kOrdinaryWord});
    }
  }
};

std::string Span(std::string_view text, const NameCandidate& name) {
  return std::string(text.substr(name.start, name.end - name.start));
}

TEST(NameTagger, LearnsToFindListedNamesItNeverSawInContext) {
  const TinyWorld world;
  const std::string model = TrainNameTagger(world.examples, world.lists, NameTaggerTraining{.epochs = 4});
  const NameTagger tagger = NameTagger::FromBytes(model, "test");
  EXPECT_GT(tagger.nonzero_features(), 0u);

  const std::string seen = "I met Ingrid Halvorsen at the market.";
  const std::vector<NameCandidate> names = tagger.Tag(seen);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(Span(seen, names[0]), "Ingrid Halvorsen");
  EXPECT_GE(names[0].score, 0.5);
  EXPECT_LT(names[0].score, 1.0);

  const std::string possessive = "Sunniva Bakke's car is red.";
  const std::vector<NameCandidate> owner = tagger.Tag(possessive);
  ASSERT_EQ(owner.size(), 1u);
  EXPECT_EQ(Span(possessive, owner[0]), "Sunniva Bakke") << "the possessive 's stays outside the name";

  EXPECT_TRUE(tagger.Tag("I met the ferry at the market.").empty());
  EXPECT_TRUE(tagger.Tag("").empty());
}

TEST(NameTagger, TrainingIsDeterministicAndTheSeedMatters) {
  const TinyWorld world;
  const NameTaggerTraining options{.epochs = 3, .seed = 5, .hash_bits = 12};
  const std::string first = TrainNameTagger(world.examples, world.lists, options);
  EXPECT_EQ(first, TrainNameTagger(world.examples, world.lists, options));
  NameTaggerTraining other = options;
  other.seed = 6;
  EXPECT_NE(first, TrainNameTagger(world.examples, world.lists, other)) << "the visiting order changes the weights";
}

TEST(NameTagger, WithheldWordsAreLeftOutOfTrainingAndListedInTheModel) {
  const TinyWorld world;
  std::vector<ListedWord> without_agnes;
  for (const ListedWord& word : world.lists) {
    if (word.word != "Agnes") without_agnes.push_back(word);
  }
  std::vector<ListedWord> agnes_withheld = without_agnes, agnes_listed = without_agnes;
  agnes_withheld.push_back({"Agnes", ListedWord::kFirstName, true});
  agnes_listed.push_back({"Agnes", ListedWord::kFirstName, false});
  const std::string absent = TrainNameTagger(world.examples, without_agnes, {});
  const std::string withheld = TrainNameTagger(world.examples, agnes_withheld, {});
  const std::string listed = TrainNameTagger(world.examples, agnes_listed, {});
  // The model ends with the word lists: a count and five bytes per word. Before them come the header (magic, version,
  // hash bits, scale, then at bytes 20-27 the temperature, which is measured with the model's own lists) and the
  // learnt weights.
  ASSERT_EQ(withheld.size(), absent.size() + 5) << "the withheld word is listed in the model";
  const std::size_t weights_end = absent.size() - 4 - 5 * without_agnes.size();
  auto weights = [&](const std::string& model) { return model.substr(0, 20) + model.substr(28, weights_end - 28); };
  EXPECT_EQ(weights(withheld), weights(absent)) << "training did not see the withheld word in the lists";
  EXPECT_NE(weights(listed), weights(absent)) << "a word listed while training changes what is learnt";

  // "Ingrid" is on the lists but in no training text: withheld or not, the model is the same, classes included.
  std::vector<ListedWord> ingrid_withheld = world.lists;
  for (ListedWord& word : ingrid_withheld) word.withheld = word.word == "Ingrid";
  EXPECT_EQ(TrainNameTagger(world.examples, ingrid_withheld, {}), TrainNameTagger(world.examples, world.lists, {}));
}

TEST(NameTagger, AWordWithADigitIsPartOfANameOnlyWhenTheDigitsEndIt) {
  for (const std::string text : {"Appt 5/14/23 @ 3:45pm, copay $25", "QC lot 4471-B, Lot 4M21B exp 05/2026",
                                 "Pt 68M, fall from ladder", "Disposition code 310-A", "Tax code 1257L NI cat A",
                                 "Room B12 John to collect keys", "See Table1 and Figure2 for Bed3 and Ward7"}) {
    for (const NameCandidate& name : NameTagger::Shipped().Tag(text)) {
      EXPECT_EQ(Span(text, name).find_first_of("0123456789"), std::string::npos) << Span(text, name);
    }
  }
  // Footnote marks in an author list end the surname, which is still part of the name.
  const std::string authors = "Authors: Adaeze Nwosu1, Kofi Mensah2 and Tomasz Nowak1,3 (1 Lagos, 2 Accra, 3 Lodz)";
  std::size_t covered = 0;
  for (const std::string surname : {"Nwosu1", "Mensah2", "Nowak1"}) {
    const std::size_t at = authors.find(surname);
    for (const NameCandidate& name : NameTagger::Shipped().Tag(authors)) {
      covered += name.start <= at && name.end >= at + surname.size();
    }
  }
  EXPECT_GE(covered, 2u);
  // An ordinary word with a number is not a name's first word: the name after it is found whole.
  const std::string numbered = "Results of Patient1 Amaka Obi are attached.";
  const std::vector<NameCandidate> names = NameTagger::Shipped().Tag(numbered);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(Span(numbered, names[0]), "Amaka Obi");
}

TEST(NameTagger, LowerCasePiecesOfPathsAreNotNamesButNamesBesideASlashAre) {
  // Debian's copyright files list paths such as "libs/hana/": "hana" is also a first name.
  EXPECT_TRUE(NameTagger::Shipped().Tag("Files: libs/hana/include/boost/hana.hpp and src/math/tools.cpp").empty());
  EXPECT_TRUE(NameTagger::Shipped().Tag("see https://www.example.org/people/grace/index.html").empty());
  // Names written with a slash between them are scored as any other words.
  for (const std::string text : {"Passenger: ESPINOZA/CARLOS MR", "Reviewed by Smith/Jones, plan agreed."}) {
    EXPECT_FALSE(NameTagger::Shipped().Tag(text).empty()) << text;
  }
}

// Birth records write "Unknown", "Baby" or "Male" where a child has no name, and Faker's English lists, built from
// them, held those as first names: forms' "Father: unknown" was tagged. The generator leaves them off the lists.
TEST(NameTagger, WordsThatStandForNoNameAreNotNames) {
  for (const std::string text : {"Father: unknown", "Outcome: unknown\nPlan: review in clinic",
                                 "Sex: Male\nNext of kin: unknown", "Delivered: baby boy, 3.2 kg, Apgar 9"}) {
    EXPECT_TRUE(NameTagger::Shipped().Tag(text).empty()) << text;
  }
}

// Whether one of the spans the shipped model tags in `text` covers the first `name` in it whole.
bool TaggedWhole(const std::string& text, const std::string& name) {
  const std::size_t at = text.find(name);
  for (const NameCandidate& candidate : NameTagger::Shipped().Tag(text)) {
    if (candidate.start <= at && candidate.end >= at + name.size()) return true;
  }
  return false;
}

// Where a name could stand (before a phone number or a colon, after a greeting or a slash) the model reads ordinary
// words as names; a span whose every word the lists know as an ordinary word and none as a name is dropped. A name that
// is also a word ("Will") or on no list ("Emeka") stays.
TEST(NameTagger, SpansOfOrdinaryWordsOnNoNameListAreDropped) {
  for (const std::string text : {"Dear Sir/Madam, My father was admitted", "Recall Nov '24. Mob (808) 555-0139.",
                                 "[14:03] Mum: this is my new number", "5 days. Cover: see rota v3."}) {
    EXPECT_TRUE(NameTagger::Shipped().Tag(text).empty()) << text;
  }
  EXPECT_TRUE(TaggedWhole("call Emeka 0803 123 4567", "Emeka"));
  EXPECT_TRUE(TaggedWhole("Will Turner called about the results", "Will Turner"));
}

// Names written in their own scripts: the first model was trained on Latin and romanised names only and found none of
// these. Chinese, Japanese and Korean write a full name as one word, family name first. These names are on the model's
// word lists and the frames are the generator's; the next test takes names on no list.
TEST(NameTagger, NamesInOtherScriptsAreFound) {
  const std::pair<std::string, std::string> named[] = {
      {"Пациентка: Анна Кузнецова, 54 года.", "Анна Кузнецова"},
      {"Звонила Мария Иванова, просит перезвонить.", "Мария Иванова"},
      {"Referred by Dr. Дмитрий Соколов for review.", "Дмитрий Соколов"},
      {"Ο ασθενής Γιώργος Παπαδόπουλος προσήλθε σήμερα.", "Γιώργος Παπαδόπουλος"},
      {"联系人：刘洋，电话见附件。", "刘洋"},
      {"收件人：陈静", "陈静"},
      {"氏名：鈴木 花子", "鈴木 花子"},
      {"담당자: 박지훈", "박지훈"},
      {"المريض: محمد علي", "محمد علي"},
      {"שם: דוד כהן", "דוד כהן"},
      {"नाम: राहुल शर्मा", "राहुल शर्मा"},
  };
  // Each name is covered whole. Some spans take in more: "Звонила" ("called") opens its sentence in capitals.
  for (const auto& [text, name] : named) EXPECT_TRUE(TaggedWhole(text, name)) << text;
  // A chat's speaker before a full-width colon: the scrubber reads "：" as ":" before the tagger does, and the shipped
  // model finds the name only so (alone, on "张伟：", the model of 2026-12-06 misses it).
  const std::string speaker = "张伟：明天下午三点到。";
  const std::vector<Finding> found = Scrubber(ScrubConfig{}).Find(speaker);
  EXPECT_TRUE(std::any_of(found.begin(), found.end(), [&](const Finding& f) {
    return f.type == "NAME" && f.start == 0 && f.end >= std::string("张伟").size();
  })) << speaker;
  // Weekdays, notes, addresses and the commonest words in those scripts are not names ("а", "but", ended Russian
  // surnames in Faker's lists until the review found it; "एक", "one", is on them).
  for (const std::string text :
       {"Σημείωση: ραντεβού την Τρίτη.", "备注：请在下午三点前送达。", "住所：東京都新宿区西新宿2-8-1",
        "Боль уменьшилась, а температура в норме.", "Анализы готовы, а результаты придут завтра.",
        "यह एक सामान्य जांच है।", "Адрес: ул. Ленина, д. 12"}) {
    EXPECT_TRUE(NameTagger::Shipped().Tag(text).empty()) << text;
  }
}

// The names checked here are on none of the model's word lists (for Chinese, the whole name is not), so only their
// shape and context can tell: when this was written, 6 of the 9 were found.
TEST(NameTagger, NamesInOtherScriptsOnNoListAreMostlyFound) {
  const std::pair<std::string, std::string> named[] = {
      {"Пациент: Всеволод Ковальчук, 61 год.", "Ковальчук"},
      {"Передайте Лагутиной, что анализы готовы.", "Лагутиной"},
      {"Звонила Ярослава Шевчишина насчёт записи.", "Шевчишина"},
      {"Ο κ. Θεοφάνης Καραμανλάκης ήρθε σήμερα.", "Καραμανλάκης"},
      {"联系人：欧阳娜娜，电话稍后发。", "欧阳娜娜"},
      {"氏名：小鳥遊 ひなた", "小鳥遊 ひなた"},
      {"शिकायतकर्ता: सिद्धार्थ मल्होत्रा", "सिद्धार्थ मल्होत्रा"},
      {"Please ask Καραμανλάκης about the invoice.", "Καραμανλάκης"},
      {"Referred by Dr. Всеволод Ковальчук.", "Ковальчук"},
  };
  int found = 0;
  for (const auto& [text, name] : named) found += TaggedWhole(text, name) ? 1 : 0;
  EXPECT_GE(found, 6);
}

TEST(NameTagger, RefusesMalformedModels) {
  const TinyWorld world;
  const std::string model =
      TrainNameTagger(world.examples, world.lists, NameTaggerTraining{.epochs = 1, .hash_bits = 10});
  ASSERT_NO_THROW(NameTagger::FromBytes(model, "good"));
  std::string wrong_magic = model;
  wrong_magic[0] = 'X';
  std::string wrong_bits = model;
  wrong_bits[8] = 40;  // hash_bits, after the magic and the version
  for (const std::string& bad :
       {wrong_magic, model.substr(0, model.size() - 1), model + '\0', wrong_bits, std::string("LGNT")}) {
    try {
      NameTagger::FromBytes(bad, "model.lgnt");
      ADD_FAILURE() << "accepted a malformed model of " << bad.size() << " bytes";
    } catch (const common::InputError& error) {
      EXPECT_NE(std::string(error.what()).find("model.lgnt: not a name tagger model"), std::string::npos)
          << error.what();
    }
  }
}

TEST(NameTagger, TheShippedModelIsTheFileInTheRepository) {
  EXPECT_EQ(NameTagger::ShippedDigest(),
            common::Sha256OfFile(std::string(LEAKGATE_SOURCE_DIR_FOR_TESTS) + "/scrub/models/name_tagger.lgnt"));
  EXPECT_GT(NameTagger::Shipped().nonzero_features(), 10000u);
}

// Hand-written notes (tests/data/scrub/names_*heldout.jsonl) written apart from the generator and never used to tune
// it. Measured with the shipped model: NAME recall 0.906 and precision 0.874 on the first (0.73 recall on lower-case
// names), recall 0.862 and precision 0.944 on the second, against 0.21 and 0.15 recall for the gazetteer alone; the
// third, written later, recall 0.909 and precision 0.847 when first measured (gazetteer alone 0.183). On 2026-12-07
// the fifth, sixth and seventh (the last in genres no tuning set had) read recall 0.960, 0.880, 0.931 and precision
// 0.935, 0.909, 0.850; on 2026-12-08 the eighth, in yet other genres, recall 0.905 and precision 0.830. The floors
// leave room for a retrained model, not for a broken one.
TEST(NameTagger, FindsMostNamesInHeldOutHandWrittenNotes) {
  struct HeldOut {
    std::string file;
    double recall, precision, gazetteer_recall;
    std::size_t support;
  };
  ScrubConfig without_tagger;
  without_tagger.name_model = false;
  for (const HeldOut& set :
       {HeldOut{"names_heldout", 0.85, 0.80, 0.30, 450}, HeldOut{"names_second_heldout", 0.78, 0.88, 0.30, 450},
        HeldOut{"names_third_heldout", 0.85, 0.80, 0.30, 450}, HeldOut{"names_fifth_heldout", 0.90, 0.88, 0.30, 450},
        HeldOut{"names_sixth_heldout", 0.83, 0.85, 0.30, 400},
        HeldOut{"names_seventh_heldout", 0.87, 0.79, 0.30, 400},
        HeldOut{"names_eighth_heldout", 0.85, 0.77, 0.30, 420}}) {
    const std::vector<LabeledRecord> records = ReadLabeledJsonl(kDataDir + "/scrub/" + set.file + ".jsonl");
    const TypeScores tagged = Evaluate(Scrubber(ScrubConfig{}), records).overlap.per_type.at("NAME");
    const TypeScores gazetteer = Evaluate(Scrubber(without_tagger), records).overlap.per_type.at("NAME");
    EXPECT_GE(tagged.support, set.support) << set.file;
    EXPECT_GE(tagged.recall(), set.recall) << set.file;
    EXPECT_GE(tagged.precision(), set.precision) << set.file;
    EXPECT_LE(gazetteer.recall(), set.gazetteer_recall) << set.file << ": names the gazetteer alone does not find";
  }

  std::vector<LabeledRecord> lower_case;
  for (const LabeledRecord& record : ReadLabeledJsonl(kDataDir + "/scrub/names_heldout.jsonl")) {
    if (record.id.starts_with("lower-")) lower_case.push_back(record);
  }
  EXPECT_GE(Evaluate(Scrubber(ScrubConfig{}), lower_case).overlap.per_type.at("NAME").recall(), 0.60);
}

// Names relative to `offset`, with their scores, among those tagged in [offset, offset + length).
std::vector<std::tuple<std::size_t, std::size_t, double>> NamesIn(const std::vector<NameCandidate>& names,
                                                                  std::size_t offset, std::size_t length) {
  std::vector<std::tuple<std::size_t, std::size_t, double>> found;
  for (const NameCandidate& name : names) {
    if (name.start >= offset && name.start < offset + length) {
      found.emplace_back(name.start - offset, name.end - offset, name.score);
    }
  }
  return found;
}

// A long text is tagged in windows and gated in blocks. Before windows overlapped, a word right after a cut lost its
// neighbours and was read as starting a sentence, and a line's case was judged from the part in one block: up to 12 of
// 4,400 repeats of one record on a line were tagged differently.
TEST(NameTagger, ALongLineIsTaggedTheSameWhereverItIsCut) {
  for (const std::string unit : {"maria okafor, tomasz nowak, adaeze nwosu, ",
                                 "Spoke with Maria Okafor. Tomasz Nowak called. Adaeze Nwosu left. ",
                                 "SEEN BY DR OKAFOR WITH MARIA NOWAK. ", "Okafor, Maria; Nowak, Tomasz; Nwosu, Adaeze; "}) {
    std::string line;
    while (line.size() < 200000) line += unit;
    const std::vector<NameCandidate> names = NameTagger::Shipped().Tag(line);
    const auto first = NamesIn(names, unit.size(), unit.size());
    ASSERT_FALSE(first.empty()) << unit;
    for (std::size_t k = 2; (k + 2) * unit.size() < line.size(); ++k) {
      ASSERT_EQ(NamesIn(names, k * unit.size(), unit.size()), first) << unit << " repeat " << k;
    }
  }
  // A line's case is judged over the whole line, also where a window holds only its end: a line in capitals ending in
  // lower-case words, and a line in lower case opened by one capital.
  const std::string tail = " seen with maria okafor and tomasz nowak today";
  auto repeat = [](const std::string& words, std::size_t bytes) {
    std::string text;
    while (text.size() < bytes) text += words;
    return text;
  };
  const std::string lower = "we talked it over ", caps = "WARD ROUND NOTES AND PLAN ";
  const std::vector<std::pair<std::string, std::string>> short_and_long = {
      {repeat(caps, 10000) + repeat(lower, 1500), repeat(caps, 100000) + repeat(lower, 15000)},
      {"Ward " + repeat(lower, 1500), "Ward " + repeat(lower, 100000)}};
  for (const auto& [short_line, long_line] : short_and_long) {
    const auto in_short = NamesIn(NameTagger::Shipped().Tag(short_line + tail), short_line.size(), tail.size());
    EXPECT_FALSE(in_short.empty()) << short_line.substr(0, 20);
    EXPECT_EQ(NamesIn(NameTagger::Shipped().Tag(long_line + tail), long_line.size(), tail.size()), in_short)
        << long_line.substr(0, 20);
  }
}

// Each thread keeps the scores of the words it tagged lately, per model. A name is tagged the same on a new thread as
// after other texts and other models on the same one: the cache holds nothing that depends on where a word stood.
TEST(NameTagger, TaggingDependsNeitherOnWhatTheThreadTaggedBeforeNorOnOtherModels) {
  const TinyWorld world;
  const NameTagger small = NameTagger::FromBytes(
      TrainNameTagger(world.examples, world.lists, NameTaggerTraining{.epochs = 2, .hash_bits = 10}), "small");
  const NameTagger larger = NameTagger::FromBytes(
      TrainNameTagger(world.examples, world.lists, NameTaggerTraining{.epochs = 4, .seed = 3}), "larger");
  const std::vector<std::string> texts = {
      "I met Ingrid Halvorsen at the market.", "Ingrid Halvorsen's car is red.", "INGRID HALVORSEN",
      "Then the nurse waved to Sunniva Bakke and Agnes Novak.", "Sunniva Bakke", "the market, the ferry, Bakke"};
  using Tagged = std::vector<std::tuple<std::size_t, std::size_t, double>>;
  auto tag_all = [&](const NameTagger& tagger) {
    std::vector<Tagged> all;
    for (const std::string& text : texts) {
      Tagged tagged;
      for (const NameCandidate& name : tagger.Tag(text)) tagged.emplace_back(name.start, name.end, name.score);
      all.push_back(tagged);
    }
    return all;
  };
  auto on_new_thread = [&](const NameTagger& tagger) {
    std::vector<Tagged> all;
    std::thread([&] { all = tag_all(tagger); }).join();
    return all;
  };
  const std::vector<Tagged> small_fresh = on_new_thread(small), larger_fresh = on_new_thread(larger);
  ASSERT_NE(small_fresh, larger_fresh) << "the two models must score differently for this test to tell them apart";
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(tag_all(small), small_fresh) << "round " << round;
    EXPECT_EQ(tag_all(larger), larger_fresh) << "round " << round;
    NameTagger::Shipped().Tag("Agnes Novak met Ingrid Halvorsen; INGRID, the nurse, waved at the ferry.");
  }
}

TEST(NameTagger, TheScrubberUsesItBesideThePatterns) {
  const std::string text = "Radomir Adebayo lives alone near the river; mail radomir.adebayo@example.com";
  const std::vector<Finding> findings = Scrubber(ScrubConfig{}).Find(text);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].type, "NAME");
  EXPECT_EQ(findings[0].recognizer, "name_tagger");
  EXPECT_EQ(text.substr(findings[0].start, findings[0].end - findings[0].start), "Radomir Adebayo");
  EXPECT_EQ(findings[1].type, "EMAIL") << "no name is reported inside the e-mail address";

  // Names in record-like lines full of numbers are tagged too; floods of symbols and one-letter words are not.
  const std::string row = "1234,Radomir Adebayo,01/02/1970,4471,120/80,88";
  const std::vector<Finding> in_row = Scrubber(ScrubConfig{}).Find(row);
  ASSERT_FALSE(in_row.empty());
  EXPECT_EQ(row.substr(in_row[0].start, in_row[0].end - in_row[0].start), "Radomir Adebayo");
  std::string flood;
  while (flood.size() < 100000) flood += "a@b.c";
  EXPECT_TRUE(NameTagger::Shipped().Tag(flood).empty());

  ScrubConfig without_tagger;
  without_tagger.name_model = false;
  const std::vector<Finding> gazetteer_only = Scrubber(without_tagger).Find(text);
  ASSERT_EQ(gazetteer_only.size(), 1u);
  EXPECT_EQ(gazetteer_only[0].type, "EMAIL");
}

TEST(NameTagger, ANameAfterACueNeverCutsADateOrAnEmail) {
  // The cue scan's names are trimmed at a pattern's finding as the tagger's are: the date and the e-mail stay whole.
  const std::string text = "saw my son August 12, 2023 and Thanks Becca@nhs.net; MR OKWU.ADE@NHS.NET";
  std::vector<std::string> types;
  for (const Finding& finding : Scrubber(ScrubConfig{}).Find(text)) {
    types.push_back(finding.type + ":" + text.substr(finding.start, finding.end - finding.start));
  }
  EXPECT_THAT(types, testing::ElementsAre("DATE:August 12, 2023", "EMAIL:Becca@nhs.net", "EMAIL:OKWU.ADE@NHS.NET"));
}

// What the shipped model tags in `text`, as written.
std::vector<std::string> TaggedSpans(const std::string& text) {
  std::vector<std::string> spans;
  for (const NameCandidate& name : NameTagger::Shipped().Tag(text)) spans.push_back(Span(text, name));
  return spans;
}

// What the vetoes on the tagger's spans leave of `name` in `text`, whichever model is shipped: a small model trained on
// that one text with `name` marked proposes it, and the vetoes then decide.
std::vector<std::string> LeftOfATaughtName(const std::string& text, const std::string& name,
                                           const std::vector<ListedWord>& lists = {}) {
  const std::size_t start = text.find(name);
  const std::vector<NameExample> examples(20, NameExample{text, {{start, start + name.size()}}});
  const NameTagger taught = NameTagger::FromBytes(
      TrainNameTagger(examples, lists, NameTaggerTraining{.epochs = 3, .hash_bits = 12}, nullptr), "taught");
  std::vector<std::string> spans;
  for (const NameCandidate& found : taught.Tag(text)) spans.push_back(Span(text, found));
  return spans;
}

TEST(NameTagger, ADrugBeforeItsDoseIsNotNamed) {
  // The tagger reads a capitalised word before a dose as a name; a drug's stem says it is none.
  const std::string notes = "Reach me about the ECG (QTc 486 ms on Citalopram 40 mg). Meds in dosette: Donepezil 10 "
                            "mg. Added Edoxaban 60 mg.";
  for (const NameCandidate& name : NameTagger::Shipped().Tag(notes)) {
    ADD_FAILURE() << notes.substr(name.start, name.end - name.start);
  }
}

TEST(NameTagger, ADrugBetweenItsDosageFormAndItsDoseIsNotNamed) {
  // Prescriptions write a dosage form before each drug ("Tab. Dolo 650"): the drug, and the form, are no one's name.
  // The prescriber is.
  const std::string prescription = "Rx by Dr Anil Mehta: 1. Tab. Dolo 650 1-0-1 x 5 days 2. Tab Brilinta 90 1-0-1 "
                                   "3. Cap Amoxil 500 mg TDS. Adv: Tab Ecosprin 75 0-1-0. Reviewed by Priya Nair.";
  EXPECT_THAT(TaggedSpans(prescription), testing::ElementsAre("Anil Mehta", "Priya Nair"));
}

TEST(NameTagger, AnIdsLabelIsNotNamed) {
  // "No" is also a surname, and the tagger reads "Roll No" before a number as a name.
  EXPECT_THAT(TaggedSpans("Roll No. 23 fee paid by Arjun Menon. Hosp No.: 24-018832. TC Kimlik No 12345678950 for "
                          "Mehmet Demir."),
              testing::ElementsAre("Arjun Menon", "Mehmet Demir"));
  // Nor is a word before "no." or before "#" and an ID; before a hashtag it is a name.
  EXPECT_THAT(TaggedSpans("Held Eliquis 5 mg x 48 h. Case #24-1187, OR 6, seen by Anil Mehta."),
              testing::ElementsAre("Anil Mehta"));
  EXPECT_THAT(TaggedSpans("Congrats to Aisha #graduation2024"), testing::ElementsAre("Aisha"));
  EXPECT_THAT(TaggedSpans("Income threshold: $45,000. Case no. 24-118390. Signed Maria Lopez."),
              testing::ElementsAre("Maria Lopez"));
}

TEST(NameTagger, ARoomBesideItsNumberIsNotNamed) {
  EXPECT_THAT(TaggedSpans("Sprechstunde Mo–Fr 8:00–12:30, Zimmer 114, bei Frau Dr. Anna Berg."),
              testing::ElementsAre("Anna Berg"));
  EXPECT_THAT(TaggedSpans("Satılık 2+1 daire, 95 m², 3. kat, aidat 750 TL, Ayşe Yılmaz."),
              testing::ElementsAre("Ayşe Yılmaz"));
  EXPECT_THAT(TaggedSpans("Gula darah 180 mg/dL, kamar 3-B, dirawat oleh Budi Santoso."),
              testing::Not(testing::Contains("kamar")));
  EXPECT_THAT(LeftOfATaughtName("Sprechstunde Zimmer 114, bei Frau Berg.", "Zimmer"), testing::IsEmpty());
  EXPECT_THAT(LeftOfATaughtName("Sprechstunde Zimmer heute, bei Frau Berg.", "Zimmer"), testing::ElementsAre("Zimmer"))
      << "the taught model proposes the word where no number is beside it";
  // Beside a phone number, an age or a clock, or after a sentence's number, it is a name.
  EXPECT_THAT(LeftOfATaughtName("Text Kat 07700 900123 when the results are in.", "Kat"), testing::ElementsAre("Kat"));
  EXPECT_THAT(LeftOfATaughtName("Room 3. Kat came by this morning.", "Kat"), testing::ElementsAre("Kat"));
  EXPECT_THAT(LeftOfATaughtName("12:03 Kat: on my way, be there soon", "Kat"), testing::ElementsAre("Kat"));
}

TEST(NameTagger, AnAbbreviationInMixedCaseIsNotNamed) {
  EXPECT_THAT(TaggedSpans("Dx: Acute IWMI, s/p PTCA to RCA. VL <50 copies/ml. Provider reg. LSMOH/2219. RSVP to "
                          "Fatima by Friday."),
              testing::ElementsAre("Fatima"));
  // A surname in capitals after a title, or beside a first name in title case, is still read.
  EXPECT_THAT(LeftOfATaughtName("Copyright: 2003 Fumitoshi UKAI <ukai@debian.org>", "UKAI"),
              testing::ElementsAre("UKAI"));
  EXPECT_THAT(LeftOfATaughtName("Seen by Mrs PED on the ward.", "PED"), testing::ElementsAre("PED"));
  // So is one that looks like a name after a word that says who did something.
  EXPECT_THAT(TaggedSpans("Bloods taken by OKEKE at 07:00 and sent to the lab."), testing::Contains("OKEKE"));
}

TEST(NameTagger, ATitleOrAPatientLabelOpeningASpanIsLeftOutOfTheName) {
  EXPECT_THAT(LeftOfATaughtName("Signora Anna Rossi ha chiamato.", "Signora Anna Rossi"),
              testing::ElementsAre("Anna Rossi"));
  EXPECT_THAT(LeftOfATaughtName("Patientin Anna Brandt aufgenommen.", "Patientin Anna Brandt"),
              testing::ElementsAre("Anna Brandt"));
  EXPECT_THAT(LeftOfATaughtName("Dr. Okafor Nwosu reviewed.", "Dr. Okafor Nwosu"),
              testing::ElementsAre("Okafor Nwosu"));
  // Not a title that the lists have as a first name, nor a language that is a surname.
  const std::vector<ListedWord> don = {{"Don", ListedWord::kFirstName}};
  EXPECT_THAT(LeftOfATaughtName("Don Smith called about the invoice.", "Don Smith", don),
              testing::ElementsAre("Don Smith"));
  EXPECT_THAT(LeftOfATaughtName("ENGLISH John - bed 4", "ENGLISH John"), testing::ElementsAre("ENGLISH John"));
}

TEST(NameTagger, WillBeforeAVerbIsTheVerb) {
  // Each text, and beside it the same text with a word that follows a name: the taught model proposes "will" in both,
  // and only the first loses it.
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"and this License will continue in full force", "and this License will said in full force"},
      {"THE PATIENT WILL NEED A CT", "THE PATIENT WILL SAID A CT"},
      {"the mountains will\nlook after them", "the mountains will\nsaid after them"},
      {"man is and will always be", "man is and will today be"},
      {"we will focus on it", "we will today on it"},
      {"when will I know", "when will today know"}};
  for (const auto& [verb, name] : pairs) {
    const std::string will = verb.find("WILL") != std::string::npos ? "WILL" : "will";
    EXPECT_THAT(LeftOfATaughtName(verb, will), testing::IsEmpty()) << verb;
    EXPECT_THAT(LeftOfATaughtName(name, will), testing::ElementsAre(will)) << name;
  }
  // The name: before a verb in the past or in -s, another helping verb, a preposition, a conjunction, a word of time
  // or punctuation, or after a word that addresses someone or a title.
  for (const char* text : {"will said he'd come by", "ask will about the build", "bob and will are off sick",
                           "will is off sick today", "tell will to bring the keys", "will: I pushed the fix",
                           "Signed-off-by: will <will@example.org>", "will needs a lift", "hey will can you review it",
                           "will broke the build", "pair with will today", "ping will tomorrow", "meet will at noon",
                           "MEET WILL AT NOON", "Seen by dr will today", "sorry will\nyou were right"}) {
    const std::string will = std::string(text).find("WILL") != std::string::npos ? "WILL" : "will";
    EXPECT_THAT(LeftOfATaughtName(text, will), testing::ElementsAre(will)) << text;
  }
}

TEST(NameTagger, TheEndOfADomainIsNoName) {
  EXPECT_THAT(LeftOfATaughtName("files come from netlib.org and are public", "org"), testing::IsEmpty());
  EXPECT_THAT(LeftOfATaughtName("Bjoern <bjacke at samba.org> wrote it", "org"), testing::IsEmpty());
  EXPECT_THAT(LeftOfATaughtName("files come from netlib. org and are public", "org"), testing::ElementsAre("org"))
      << "a dot that ends a sentence";
  // A name typed after a dot with no space, after a title, a number or a word.
  EXPECT_THAT(LeftOfATaughtName("Seen by dr.okafor today", "okafor"), testing::ElementsAre("okafor"));
  EXPECT_THAT(LeftOfATaughtName("attendees: 1.anna 2.bob", "anna"), testing::ElementsAre("anna"));
  EXPECT_THAT(LeftOfATaughtName("thanks.bob will send it", "bob"), testing::ElementsAre("bob"));
}

TEST(NameTagger, TheShippedModelIsReplacedOnlyBeforeItIsUsed) {
  const std::string small = TrainNameTagger(TinyWorld().examples, {}, NameTaggerTraining{.epochs = 1, .hash_bits = 8});
  const std::string digest = NameTagger::ShippedDigest();
  EXPECT_THROW(NameTagger::ReplaceShipped(small, "small"), std::logic_error);
  EXPECT_EQ(NameTagger::ShippedDigest(), digest) << "the compiled-in model is still the one named";
  EXPECT_EQ(digest.size(), 64u);
}

TEST(NameTagger, AWeekdayIsNotNamed) {
  // The tagger reads a weekday of a language its word lists lack, and the article before it, as a name.
  EXPECT_THAT(TaggedSpans("RDV le mardi 5 mars à 14h30 avec Claire Dubois."), testing::ElementsAre("Claire Dubois"));
  EXPECT_THAT(TaggedSpans("Vous êtes convoqué le mardi 9 juillet 2024 par Julien Morel."),
              testing::ElementsAre("Julien Morel"));
  EXPECT_THAT(TaggedSpans("Air terganggu pada Selasa, 10 Sept 2024, kata Budi Santoso."),
              testing::ElementsAre("Budi Santoso"));
  // A weekday the lists do not have as a name is none without its article either.
  for (const std::string text : {"Tarih: 14 Eylül 2025 Pazar, saat 19.00", "kumakanta ako sa videoke tuwing Linggo",
                                 "A találkozó Szerda délután lesz."}) {
    EXPECT_THAT(TaggedSpans(text), testing::Not(testing::Contains(testing::AnyOf("Pazar", "Linggo", "Szerda"))))
        << text;
  }
  // A surname spelt as a weekday keeps its first name, and a weekday that is also a given name, with no article or day
  // beside it, is a name.
  EXPECT_THAT(TaggedSpans("Treffpunkt am Montag: Praxis von Anna Freitag."), testing::ElementsAre("Anna Freitag"));
  EXPECT_THAT(TaggedSpans("Khamis called the ward about his mother."), testing::Contains("Khamis"));
  EXPECT_THAT(TaggedSpans("Laraba called the ward twice."), testing::Contains("Laraba"));
}

TEST(NameTagger, EastAsianWordsHoldingNoFamilyNameAreNotNamed) {
  // The tagger read about one message in twelve of 110,000 Chinese, Japanese and Korean interface messages as holding
  // a name (docs/BENCHMARKS.md, issue 17, twentieth session); these are such words.
  for (const std::string text : {"쿼리 실패: 연결이 끊어졌습니다", "뷰 정의: 없음", "경로가 아님: /tmp", "冲突（重命名）",
                                 "英语（加纳）", "捷克語 (UCW 配置)"}) {
    EXPECT_THAT(TaggedSpans(text), testing::IsEmpty()) << text;
  }
  // A word holding a listed family name anywhere, or in katakana, stays tagged.
  EXPECT_THAT(TaggedSpans("【お知らせ】 グエン・ヴァン・ミン 様 このたびは"),
              testing::ElementsAre("グエン", "ヴァン", "ミン"));
  EXPECT_THAT(TaggedSpans("王建国，请回电。"), testing::ElementsAre("王建国"));
  // So does one after a label and its colon or before an honorific, whatever the lists know of it.
  EXPECT_THAT(TaggedSpans("担当: ひなた"), testing::ElementsAre("ひなた"));
  EXPECT_THAT(TaggedSpans("患者: 买买提"), testing::ElementsAre("买买提"));
  EXPECT_THAT(TaggedSpans("담당자: 예린"), testing::ElementsAre("예린"));
  EXPECT_THAT(TaggedSpans("担当: 齋藤 飛鳥"), testing::ElementsAre("齋藤 飛鳥"));
}

TEST(NameTagger, NamesInHanBeforeAnHonorificAreReadFromTheirFamilyName) {
  // A run of Han characters is one word to the tagger: the name before "さん", "様" or "女士" is read from the family
  // name that opens it.
  auto names = [](std::string_view text) {
    std::vector<std::string> found;
    for (const NameCandidate& name : NameTagger::Shipped().NamesBeforeHonorifics(text))
      found.emplace_back(text.substr(name.start, name.end - name.start));
    return found;
  };
  EXPECT_THAT(names("本日の夜勤は田中さんと佐々木美咲さんです。305号室の山本様は点滴終了後に要観察。"),
              testing::ElementsAre("田中", "佐々木美咲", "山本"));
  EXPECT_THAT(names("请王秀英女士到三号窗口。张先生已经走了。感谢李先生的帮助。"),
              testing::ElementsAre("王秀英", "张", "李"));
  // Words an honorific makes a title of, trades, roles and places, words the honorific opens, and runs that open with
  // no family name are none.
  EXPECT_THAT(names("お客様へ。王様と神様と皆さん、お母さんと運転手さんへ。"), testing::IsEmpty());
  EXPECT_THAT(names("花屋さんで花を買った。利用者様へ。お陰様で元気です。生活様式が変わった。村長さんに会った。"),
              testing::IsEmpty());
  EXPECT_THAT(names("我先生在家。各位女士。空中小姐。于是先生走了。余下的先生请留步。马上先生就到。白领女士。"),
              testing::IsEmpty());
  EXPECT_THAT(names("No honorific here: 田中 and Mr Smith."), testing::IsEmpty());
}

TEST(NameTagger, AFindingInLowerCaseIsNotNamed) {
  // The tagger reads some unlisted lower-case words as the lower-case names of chat; a finding's ending says what they
  // are. A name in lower case after a relative is still read.
  const std::string note = "pt reports fever and dysuria, d/c tmrw if afebrile. allergy: anaphylaxis to penicillin. "
                           "her son declan aware";
  EXPECT_THAT(TaggedSpans(note), testing::ElementsAre("declan"));
}

TEST(NameTagger, ALanguageOrAFormsWordForPatientIsNotNamed) {
  // Notes say which language a patient speaks, and forms of other languages print "patient" before the name: the
  // tagger reads those lone capitalised words as names. A name spelt like a language keeps its first name.
  const std::string note =
      "Maryam Hassan speaks Somali and some English. Burmese interpreter requested; family prefer Samoan.";
  EXPECT_THAT(TaggedSpans(note), testing::ElementsAre("Maryam Hassan"));
  EXPECT_THAT(TaggedSpans("Hasta: Mehmet Demir, 54 yaş. Beteg: Szabó Zsófia."),
              testing::ElementsAre("Mehmet Demir", "Szabó Zsófia"));
  EXPECT_THAT(TaggedSpans("Seen with Harriet English today."), testing::ElementsAre("Harriet English"));
}

TEST(NameTagger, ItsWordListsTellANameAfterATitleInCapitalsFromAnAbbreviation) {
  // Cardiology and neurology notes in capitals write "MR" (mitral regurgitation) and "MS" (multiple sclerosis, mitral
  // stenosis) before ordinary words; a ward list writes "MR" before a surname no list has.
  const std::string ward = "SHIFT HANDOVER: BED 4 MR OKWU - NBM FOR THEATRE. ECHO: MR MODERATE, MS MILD. HX OF MS.";
  std::vector<std::string> names;
  for (const Finding& finding : Scrubber(ScrubConfig{}).Find(ward)) {
    if (finding.type == "NAME") names.push_back(ward.substr(finding.start, finding.end - finding.start));
  }
  EXPECT_THAT(names, testing::Contains("OKWU"));
  EXPECT_THAT(names, testing::Each(testing::Not(testing::AnyOf(testing::HasSubstr("MODERATE"),
                                                               testing::HasSubstr("MILD"), testing::Eq("MS")))));
}

}  // namespace
}  // namespace leakgate::scrub
