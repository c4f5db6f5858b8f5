// Streaming corpus IO: records, nested fields, bad-record policies, zstd, truncation, atomic writes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "corpus/corpus.h"

namespace leakgate::corpus {
namespace {

namespace fs = std::filesystem;

// The good records of `reader`'s lines as dedup's workers get them: taken by NextLines in batches of at most
// `max_lines` lines and `max_bytes` bytes, each parsed by a RecordParser, the bad ones counted into `bad` in input
// order. A source error NextLines left in a batch is thrown after that batch's lines.
std::vector<Record> ParseInBatches(CorpusReader& reader, const CorpusOptions& options, size_t max_lines,
                                   size_t max_bytes, BadRecordStats& bad) {
  RecordParser parser(options);
  LineBatch batch;
  std::vector<Record> records;
  while (reader.NextLines(batch, max_lines, max_bytes)) {
    EXPECT_LE(batch.lines.size(), max_lines);
    for (size_t i = 0; i < batch.lines.size(); ++i) {
      Record record;
      if (const std::optional<std::string> why = parser.Parse(batch, i, record)) {
        CountBadRecord(reader.path(), options, batch.lines[i].number, *why, bad);
      } else {
        records.push_back(std::move(record));
      }
    }
    if (batch.source_error) std::rethrow_exception(batch.source_error);
  }
  return records;
}

class CorpusIoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("leakgate_corpus_io_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& bytes) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  static std::string Compress(const std::string& bytes) {
    std::string out(ZSTD_compressBound(bytes.size()), '\0');
    out.resize(ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), 3));
    return out;
  }
  static std::vector<Record> ReadAll(const fs::path& path, CorpusOptions options = {}) {
    CorpusReader reader(path, options);
    std::vector<Record> records;
    Record record;
    while (reader.Next(record)) records.push_back(record);
    return records;
  }
  static std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // The ids read under the skip policy, and what was skipped.
  static std::pair<std::vector<std::string>, BadRecordStats> ReadSkipping(const fs::path& path) {
    CorpusOptions options;
    options.on_bad_record = BadRecordPolicy::kSkip;
    CorpusReader reader(path, options);
    std::vector<std::string> ids;
    Record record;
    while (reader.Next(record)) ids.push_back(record.id);
    return {ids, reader.bad_records()};
  }
  // The message of the InputError that reading `path` throws, or "" when it reads fine.
  static std::string ReadError(const fs::path& path, CorpusOptions options = {}) {
    try {
      ReadAll(path, options);
    } catch (const common::InputError& error) {
      return error.what();
    }
    return "";
  }

  fs::path dir_;
};

TEST_F(CorpusIoTest, ReadsRecordsWithLineNumbersAndSkipsBlankLines) {
  const auto path = Write("a.jsonl", "{\"id\": \"a\", \"text\": \"hello\\nworld\"}\n\n{\"text\": \"x\", \"id\": 7}\r\n");
  const auto records = ReadAll(path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].id, "a");
  EXPECT_EQ(records[0].text, "hello\nworld");
  EXPECT_EQ(records[0].line, 1u);
  EXPECT_EQ(records[1].id, "7");
  EXPECT_EQ(records[1].line, 3u);
  EXPECT_EQ(records[1].raw, "{\"text\": \"x\", \"id\": 7}");
}

TEST_F(CorpusIoTest, DottedPathsReachNestedFieldsAndLabels) {
  const auto path = Write("n.jsonl", R"({"meta": {"uid": "u1", "y": 3}, "note": {"body": "deep text"}})" "\n");
  CorpusOptions options;
  options.text_field = "note.body";
  options.id_field = "meta.uid";
  options.label_field = "meta.y";
  const auto records = ReadAll(path, options);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].text, "deep text");
  EXPECT_EQ(records[0].id, "u1");
  EXPECT_EQ(records[0].label, "3");
}

// The value of one path is read once from the parser; reading it for a second field overran the parser's string
// buffer (found by the input fuzz driver; `make test-asan` sees the overrun, a plain build may not).
TEST_F(CorpusIoTest, TwoFieldsOnOnePathBothGetTheValue) {
  const std::string id(4000, 'p');
  const auto path = Write("same.jsonl", "{\"pid\": \"" + id + "\", \"text\": \"t\"}\n{\"pid\": 9, \"text\": \"u\"}\n");
  CorpusOptions options;
  options.id_field = "pid";
  options.user_field = "pid";
  const auto records = ReadAll(path, options);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].id, id);
  EXPECT_EQ(records[0].user, id);
  EXPECT_EQ(records[1].id, "9");
  EXPECT_EQ(records[1].user, "9");
}

// A last record cut after its key, with no line break after it, was completed from the bytes behind it in the read
// buffer, which the parser copied into a record without bound (found by the input fuzz driver; `make test-asan`
// sees the overrun, a plain build may not).
TEST_F(CorpusIoTest, ATruncatedLastRecordWithoutLineBreakIsABadRecord) {
  const auto [ids, bad] = ReadSkipping(Write("cut.jsonl", "{\"id\":1,\"text\":\"" + std::string(2000, '\0') +
                                                            "\"}\n{\"id\":2,\"text\":\"b\"}\n{\"id\":3,\"text\":"));
  EXPECT_THAT(ids, ::testing::ElementsAre("2"));
  EXPECT_THAT(bad.first_lines, ::testing::ElementsAre(1u, 3u));
  EXPECT_THAT(bad.first_reasons[1], ::testing::HasSubstr("invalid JSON"));
}

TEST_F(CorpusIoTest, EmptyIdFieldUsesTheLineNumber) {
  const auto path = Write("l.jsonl", "{\"text\": \"a\"}\n{\"text\": \"b\"}\n");
  CorpusOptions options;
  options.id_field = "";
  const auto records = ReadAll(path, options);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].id, "2");
}

TEST_F(CorpusIoTest, ZstdInputReadsLikePlainInputAcrossChunkBoundaries) {
  std::string plain;
  for (int i = 0; i < 30000; ++i) {
    plain += "{\"id\": \"r" + std::to_string(i) + "\", \"text\": \"" + std::string(i % 97, 'x') + "\"}\n";
  }
  const auto a = ReadAll(Write("p.jsonl", plain));
  const auto b = ReadAll(Write("p.jsonl.zst", Compress(plain)));
  ASSERT_EQ(a.size(), 30000u);
  ASSERT_EQ(b.size(), a.size());
  for (size_t i = 0; i < a.size(); i += 997) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].text, b[i].text);
  }
}

TEST_F(CorpusIoTest, ALineLongerThanTheReadBufferIsReadWhole) {
  const std::string text(5 << 20, 'y');
  const auto records = ReadAll(Write("long.jsonl", "{\"id\": \"x\", \"text\": \"" + text + "\"}\n{\"id\":\"z\",\"text\":\"\"}"));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].text.size(), text.size());
  EXPECT_EQ(records[1].text, "");
}

// A corpus that exercises what a batch must get right: blank lines, CRLF, bad records, escapes, and lines longer than
// half the read buffer, so the buffer grows and moves while a batch's earlier lines are still in it.
std::string MixedCorpus() {
  std::string corpus;
  std::mt19937 random(7);
  for (int i = 0; i < 400; ++i) {
    const int kind = static_cast<int>(random() % 10);
    if (kind == 0) {
      corpus += "\n";
    } else if (kind == 1) {
      corpus += "{\"id\": \"bad" + std::to_string(i) + "\", \"text\": }\n";
    } else if (kind == 2) {
      corpus += "{\"id\": \"r" + std::to_string(i) + "\", \"text\": \"" + std::string(600000 + i, 'a' + i % 26) + "\"}\n";
    } else {
      corpus += "{\"id\": \"r" + std::to_string(i) + "\", \"text\": \"line " + std::to_string(i) + "\\n\\u00e9\"}" +
                (kind == 3 ? "\r\n" : "\n");
    }
  }
  return corpus + "{\"id\": \"last\", \"text\": \"no line break\"}";
}

TEST_F(CorpusIoTest, LinesTakenInBatchesAndParsedReadWhatNextReadsWhateverTheBatchSize) {
  const std::string corpus = MixedCorpus();
  CorpusOptions options;
  options.on_bad_record = BadRecordPolicy::kSkip;
  for (const fs::path& path : {Write("m.jsonl", corpus), Write("m.jsonl.zst", Compress(corpus))}) {
    CorpusReader one_by_one(path, options);
    std::vector<Record> expected;
    for (Record record; one_by_one.Next(record);) expected.push_back(record);
    ASSERT_GT(one_by_one.bad_records().count, 10u);
    ASSERT_GT(expected.size(), 300u);
    for (const auto& [max_lines, max_bytes] : {std::pair<size_t, size_t>{1, 1u << 30}, {7, 1u << 30}, {1000, 1000},
                                               {1000, size_t{3} << 20}}) {
      SCOPED_TRACE(path.filename().string() + " lines " + std::to_string(max_lines) + " bytes " +
                   std::to_string(max_bytes));
      CorpusReader reader(path, options);
      BadRecordStats bad;
      const std::vector<Record> got = ParseInBatches(reader, options, max_lines, max_bytes, bad);
      ASSERT_EQ(got.size(), expected.size());
      for (size_t i = 0; i < got.size(); ++i) {
        ASSERT_EQ(got[i].line, expected[i].line);
        ASSERT_EQ(got[i].id, expected[i].id);
        ASSERT_EQ(got[i].text, expected[i].text);
        ASSERT_EQ(got[i].raw, expected[i].raw);
        ASSERT_EQ(got[i].raw.substr(got[i].text_token_begin, got[i].text_token_end - got[i].text_token_begin),
                  expected[i].raw.substr(expected[i].text_token_begin,
                                         expected[i].text_token_end - expected[i].text_token_begin));
      }
      EXPECT_EQ(bad.count, one_by_one.bad_records().count);
      EXPECT_EQ(bad.first_lines, one_by_one.bad_records().first_lines);
      EXPECT_EQ(bad.first_reasons, one_by_one.bad_records().first_reasons);
    }
  }
}

TEST_F(CorpusIoTest, SharesSplitTheLinesBetweenThemByBlockAndKeepTheirLineNumbers) {
  const std::string corpus = MixedCorpus();
  CorpusOptions options;
  options.on_bad_record = BadRecordPolicy::kSkip;
  for (const fs::path& path : {Write("m.jsonl", corpus), Write("m.jsonl.zst", Compress(corpus))}) {
    CorpusReader whole(path, options);
    std::map<uint64_t, std::string> expected;
    for (Record record; whole.Next(record);) expected[record.line] = record.raw;
    for (const int count : {2, 3}) {
      SCOPED_TRACE(path.filename().string() + " in " + std::to_string(count) + " shares");
      std::map<uint64_t, std::string> got;
      uint64_t bad = 0;
      for (int index = 0; index < count; ++index) {
        CorpusReader share(path, options, CorpusShare{index, count, 2048});
        BadRecordStats share_bad;
        const std::vector<Record> records = ParseInBatches(share, options, 50, 1u << 20, share_bad);
        for (const Record& record : records) {
          EXPECT_TRUE(got.emplace(record.line, record.raw).second) << "line " << record.line << " twice";
        }
        EXPECT_GT(records.size(), 0u);
        EXPECT_LT(records.size(), expected.size());
        bad += share_bad.count;
      }
      EXPECT_EQ(got, expected);
      EXPECT_EQ(bad, whole.bad_records().count);
    }
  }
  EXPECT_THROW(CorpusReader(Write("m.jsonl", corpus), options, CorpusShare{2, 2}), std::invalid_argument);
}

TEST_F(CorpusIoTest, ABadRecordBeforeAnOverlongLineInTheSameBatchIsMetFirst) {
  std::string corpus;
  for (int i = 1; i <= 40; ++i) {
    corpus += i == 5    ? std::string("{\"id\": 5, \"text\": }\n")
              : i == 30 ? "{\"id\": 30, \"text\": \"" + std::string(5000, 'x') + "\"}\n"
                        : "{\"id\": " + std::to_string(i) + ", \"text\": \"fine\"}\n";
  }
  CorpusOptions options;
  options.max_record_bytes = 1000;
  const fs::path path = Write("b.jsonl", corpus);
  BadRecordStats bad;
  {
    CorpusReader reader(path, options);
    try {
      ParseInBatches(reader, options, 1000, 1u << 20, bad);
      FAIL() << "no error";
    } catch (const common::InputError& error) {
      EXPECT_THAT(error.what(), ::testing::HasSubstr("b.jsonl:5:"));
    }
  }
  // Skipping bad records, the overlong line still ends the read, with its own line.
  options.on_bad_record = BadRecordPolicy::kSkip;
  CorpusReader reader(path, options);
  try {
    ParseInBatches(reader, options, 1000, 1u << 20, bad);
    FAIL() << "no error";
  } catch (const common::InputError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("b.jsonl:30: a record longer than 1000 bytes"));
  }
}

TEST_F(CorpusIoTest, NextLineSkipsBlankLinesAndParseLineReadsTheLineItWasGiven) {
  const fs::path path = Write("l.jsonl", "\n{\"id\": \"a\", \"text\": \"x\"}\r\n  \nnot json\n{\"id\": \"b\", \"text\": \"y\"}\n");
  CorpusOptions options;
  options.on_bad_record = BadRecordPolicy::kSkip;
  CorpusReader reader(path, options);
  std::string_view line;
  Record record;
  ASSERT_TRUE(reader.NextLine(line));
  EXPECT_EQ(line, "{\"id\": \"a\", \"text\": \"x\"}");
  EXPECT_EQ(reader.line_number(), 2u);
  ASSERT_TRUE(reader.ParseLine(line, record));
  EXPECT_EQ(record.id, "a");
  EXPECT_EQ(record.line, 2u);
  ASSERT_TRUE(reader.NextLine(line));
  EXPECT_EQ(reader.line_number(), 4u);
  EXPECT_FALSE(reader.ParseLine(line, record));
  EXPECT_EQ(reader.bad_records().count, 1u);
  ASSERT_TRUE(reader.NextLine(line));
  ASSERT_TRUE(reader.ParseLine(line, record));
  EXPECT_EQ(record.id, "b");
  EXPECT_FALSE(reader.NextLine(line));
}

TEST_F(CorpusIoTest, BlocksOfLinesAndSingleLinesInterleaveInOrder) {
  for (const std::string name : {"out.jsonl", "out.jsonl.zst"}) {
    const fs::path path = dir_ / name;
    CorpusWriter writer(path);
    std::string expected;
    for (int i = 0; i < 30000; ++i) {
      const std::string line = "{\"id\": " + std::to_string(i) + ", \"text\": \"" + std::to_string(i * 7919) + "\"}";
      if (i % 3 == 0) {
        writer.WriteLine(line);
      } else {
        writer.WriteLines(line + "\n" + line + "\n");
        expected += line + "\n";
      }
      expected += line + "\n";
    }
    EXPECT_THROW(writer.WriteLines("{\"text\": \"no line break\"}"), std::invalid_argument);
    writer.Commit();
    CorpusReader reader(path, {});
    std::string written;
    for (std::string_view line; reader.NextLine(line);) written.append(line).push_back('\n');
    EXPECT_EQ(written, expected) << name;
  }
}

TEST_F(CorpusIoTest, BadRecordsNameTheFileAndLine) {
  const std::string good = "{\"id\": \"a\", \"text\": \"ok\"}\n";
  EXPECT_THAT(ReadError(Write("t.jsonl", good + "{\"id\": \"b\", \"text\": \"cut\n")),
              ::testing::MatchesRegex(".*t\\.jsonl:2: invalid JSON.*"));
  EXPECT_THAT(ReadError(Write("u.jsonl", good + good + "{\"id\": \"c\", \"text\": \"bad \xff byte\"}\n")),
              ::testing::HasSubstr("u.jsonl:3: invalid UTF-8 at byte 26"));
  EXPECT_THAT(ReadError(Write("m.jsonl", "{\"id\": \"a\", \"body\": \"no text\"}\n")),
              ::testing::HasSubstr("m.jsonl:1: missing text field 'text'"));
  EXPECT_THAT(ReadError(Write("w.jsonl", "{\"id\": \"a\", \"text\": 12}\n")),
              ::testing::HasSubstr("field 'text' is a number, expected a string"));
  EXPECT_THAT(ReadError(Write("i.jsonl", "{\"text\": \"no id\"}\n")), ::testing::HasSubstr("missing id field 'id'"));
  EXPECT_THAT(ReadError(Write("r.jsonl", "[1, 2]\n")), ::testing::HasSubstr("expected a JSON object, got an array"));
  EXPECT_THAT(ReadError(Write("a.jsonl", "{\"id\": [1], \"text\": \"x\"}\n")),
              ::testing::HasSubstr("field 'id' is an array"));
  EXPECT_THAT(ReadError(Write("g.jsonl", "{\"id\": \"a\", \"text\": \"x\"} trailing\n")),
              ::testing::HasSubstr("g.jsonl:1: invalid JSON"));
  EXPECT_THAT(ReadError(Write("o.jsonl", "{\"id\": \"a\", \"text\": \"x\", \"n\": [1,,2]}\n")),
              ::testing::HasSubstr("o.jsonl:1: invalid JSON"));
  EXPECT_THAT(ReadError(Write("b.jsonl", "{\"id\": \"a\", \"text\": \"x\", \"n\": tru}\n")),
              ::testing::HasSubstr("b.jsonl:1: invalid JSON"));
  // An escaped lone surrogate would unescape to invalid UTF-8.
  EXPECT_THAT(ReadError(Write("s.jsonl", "{\"id\": \"a\", \"text\": \"x \\ud800 y\"}\n")),
              ::testing::HasSubstr("s.jsonl:1: invalid JSON"));
}

// A second "text" would be read by one consumer and not another (the scrubber cleaned the first, the second went
// into the clean corpus unscrubbed): a record with a duplicate key anywhere is malformed.
TEST_F(CorpusIoTest, ADuplicateKeyAnywhereIsABadRecord) {
  EXPECT_THAT(ReadError(Write("d.jsonl", "{\"id\": \"a\", \"text\": \"ok\", \"text\": \"SSN 123-45-6789\"}\n")),
              ::testing::HasSubstr("d.jsonl:1: duplicate key 'text'"));
  EXPECT_THAT(ReadError(Write("n.jsonl", "{\"id\": \"a\", \"text\": \"ok\", \"meta\": {\"x\": 1, \"x\": 2}}\n")),
              ::testing::HasSubstr("n.jsonl:1: duplicate key 'x'"));
  // Escapes are compared after unescaping: "t\u0065xt" is "text".
  EXPECT_THAT(ReadError(Write("e.jsonl", "{\"id\": \"a\", \"text\": \"ok\", \"t\\u0065xt\": \"again\"}\n")),
              ::testing::HasSubstr("duplicate key 'text'"));
  EXPECT_EQ(ReadError(Write("fine.jsonl", "{\"id\": \"a\", \"text\": \"ok\", \"meta\": {\"text\": 1}}\n")), "");
}

TEST_F(CorpusIoTest, ByteOrderMarksNulBytesAndScalarsGetPlainMessagesAndHugeNumbersAreValid) {
  EXPECT_THAT(ReadError(Write("bom.jsonl", "\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"x\"}\n")),
              ::testing::HasSubstr("bom.jsonl:1: starts with a UTF-8 byte order mark"));
  EXPECT_THAT(ReadError(Write("nul.jsonl", std::string(64, '\0'))),
              ::testing::HasSubstr("nul.jsonl:1: NUL byte at byte 1 of the line"));
  EXPECT_THAT(ReadError(Write("scalar.jsonl", "42\n")), ::testing::HasSubstr("expected a JSON object, got a number"));
  EXPECT_THAT(ReadError(Write("null.jsonl", "null\n")), ::testing::HasSubstr("expected a JSON object, got null"));
  // 1e999 is valid JSON (RFC 8259 sets no range) even though no double holds it; 01 is not.
  EXPECT_EQ(ReadError(Write("big.jsonl", "{\"id\": \"a\", \"text\": \"x\", \"n\": 1e999, \"m\": [-0.5e-3, 2E+5]}\n")),
            "");
  EXPECT_THAT(ReadError(Write("zero.jsonl", "{\"id\": \"a\", \"text\": \"x\", \"n\": 01}\n")),
              ::testing::HasSubstr("zero.jsonl:1: invalid JSON"));
}

TEST_F(CorpusIoTest, ARecordLongerThanTheMaximumIsAnInputErrorNamingItsLine) {
  CorpusOptions options;
  options.max_record_bytes = 100;
  const std::string short_line = "{\"id\": \"a\", \"text\": \"short\"}\n";
  const std::string long_line = "{\"id\": \"b\", \"text\": \"" + std::string(200, 'x') + "\"}\n";
  EXPECT_THAT(ReadError(Write("long.jsonl", short_line + long_line), options),
              ::testing::HasSubstr("long.jsonl:2: a record longer than 100 bytes"));
  // Also when the line is longer than the read buffer, before it is ever held whole.
  options.max_record_bytes = 1 << 20;
  const std::string huge = "{\"id\": \"c\", \"text\": \"" + std::string(3 << 20, 'y') + "\"}\n";
  EXPECT_THAT(ReadError(Write("huge.jsonl", short_line + huge), options),
              ::testing::HasSubstr("huge.jsonl:2: a record longer than 1048576 bytes"));
  options.max_record_bytes = 4 << 20;
  EXPECT_EQ(ReadError(Write("fits.jsonl", short_line + huge), options), "");
}

TEST_F(CorpusIoTest, DeepNestingIsABadRecordNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_THAT(ReadError(Write("deep.jsonl", "{\"id\": \"a\", \"text\": \"ok\", \"n\": " + deep + "}\n")),
              ::testing::HasSubstr("deep.jsonl:1:"));
  const std::string deep_text = std::string(5000, '[') + std::string(5000, ']');
  EXPECT_THAT(ReadError(Write("deep_text.jsonl", "{\"id\": \"a\", \"text\": " + deep_text + "}\n")),
              ::testing::AllOf(::testing::HasSubstr("deep_text.jsonl:1:"),
                               ::testing::AnyOf(::testing::HasSubstr("nested deeper than 1000 levels"),
                                                ::testing::HasSubstr("too deep"))));
}

TEST_F(CorpusIoTest, SkipPolicyCountsBadRecordsAndKeepsTheGoodOnes) {
  const auto [ids, bad] =
      ReadSkipping(Write("s.jsonl", "{\"id\": \"a\", \"text\": \"ok\"}\nnot json\n{\"id\": \"b\", \"text\": \"ok\"}\n{}\n"));
  EXPECT_THAT(ids, ::testing::ElementsAre("a", "b"));
  EXPECT_EQ(bad.count, 2u);
  EXPECT_THAT(bad.first_lines, ::testing::ElementsAre(2u, 4u));
}

TEST_F(CorpusIoTest, MissingFileDirectoryAndTruncatedZstdAreErrors) {
  EXPECT_THAT(ReadError(dir_ / "absent.jsonl"), ::testing::HasSubstr("absent.jsonl: cannot open"));
  EXPECT_THAT(ReadError(dir_), ::testing::HasSubstr("is a directory"));
  std::string plain;
  for (int i = 0; i < 5000; ++i) plain += "{\"id\": \"r" + std::to_string(i) + "\", \"text\": \"some text\"}\n";
  const std::string compressed = Compress(plain);
  const auto cut = Write("cut.jsonl.zst", compressed.substr(0, compressed.size() / 2));
  EXPECT_THAT(ReadError(cut), ::testing::MatchesRegex(".*cut\\.jsonl\\.zst:[0-9]+: truncated zstd stream.*"));
  const auto garbage = Write("garbage.jsonl.zst", compressed.substr(0, 8) + std::string(64, '\x17'));
  EXPECT_THAT(ReadError(garbage), ::testing::HasSubstr("corrupt zstd stream"));
}

TEST_F(CorpusIoTest, EmptyFileHasNoRecords) {
  EXPECT_TRUE(ReadAll(Write("empty.jsonl", "")).empty());
}

TEST_F(CorpusIoTest, WriterRoundTripsAndRewritesOnlyTheTextField) {
  const auto input = Write("in.jsonl", "{\"id\": \"a\", \"text\": \"call 555\", \"keep\": {\"x\": [1, 2]}}\n");
  const auto records = ReadAll(input);
  ASSERT_EQ(records.size(), 1u);
  for (const char* name : {"out.jsonl", "out.jsonl.zst"}) {
    const auto output = dir_ / name;
    CorpusWriter writer(output);
    writer.WriteWithText(records[0], "call \"[PHONE]\"\n\x01");
    writer.Commit();
    const auto round = ReadAll(output);
    ASSERT_EQ(round.size(), 1u);
    EXPECT_EQ(round[0].text, "call \"[PHONE]\"\n\x01");
    EXPECT_EQ(round[0].raw, "{\"id\": \"a\", \"text\": \"call \\\"[PHONE]\\\"\\n\\u0001\", \"keep\": {\"x\": [1, 2]}}");
  }
}

// What the SIGINT/SIGTERM handler calls: every temporary still being written goes, finished files stay.
TEST_F(CorpusIoTest, RemovingUnfinishedOutputsTakesOnlyTheTemporariesInFlight) {
  common::WriteFileAtomically(dir_ / "done.json", "{}\n");
  {
    common::AtomicFile first(dir_ / "a.jsonl");
    common::AtomicFile second(dir_ / "b.jsonl");
    first.Write("partial");
    second.Write("partial");
    const auto temporaries = std::count_if(fs::directory_iterator(dir_), fs::directory_iterator(), [](const auto& entry) {
      return entry.path().string().find(".tmp.") != std::string::npos;
    });
    EXPECT_EQ(temporaries, 2);
    common::RemoveUnfinishedOutputs();
    for (const auto& entry : fs::directory_iterator(dir_)) {
      EXPECT_EQ(entry.path().string().find(".tmp."), std::string::npos) << entry.path();
    }
  }
  EXPECT_TRUE(fs::exists(dir_ / "done.json"));
  // Committed files are no longer tracked: a later interruption cannot touch them.
  common::AtomicFile third(dir_ / "c.jsonl");
  third.Write("whole");
  third.Commit();
  common::RemoveUnfinishedOutputs();
  EXPECT_EQ(ReadFile(dir_ / "c.jsonl"), "whole");
}

TEST_F(CorpusIoTest, SweepingRemovesOnlyTemporariesOfProcessesThatNoLongerRun) {
  fs::create_directories(dir_ / "model");
  // pid 2^22 + 1 is above Linux's largest pid, so no process has it.
  const fs::path dead = dir_ / "model" / "weights.pt.tmp.4194305.0badc0de";
  const fs::path alive = dir_ / ("corpus.jsonl.tmp." + std::to_string(::getpid()) + ".12345678");
  const fs::path unrelated = dir_ / "notes.tmp.txt";
  for (const fs::path& path : {dead, alive, unrelated}) std::ofstream(path) << "x";
  EXPECT_EQ(common::SweepStaleTemporaries(dir_), 1u);
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(alive));
  EXPECT_TRUE(fs::exists(unrelated));
}

TEST_F(CorpusIoTest, UncommittedOutputLeavesNoFileBehind) {
  const auto output = dir_ / "never.jsonl";
  {
    CorpusWriter writer(output);
    writer.WriteLine("{\"id\": \"a\", \"text\": \"x\"}");
  }
  EXPECT_FALSE(fs::exists(output));
  EXPECT_TRUE(fs::is_empty(dir_));
  Write("keep.json", "old");
  {
    common::AtomicFile file(dir_ / "keep.json");
    file.Write("new but abandoned");
  }
  EXPECT_EQ(ReadFile(dir_ / "keep.json"), "old");
}

TEST(Utf8Test, FindsTheFirstInvalidSequence) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("\xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("ab\xc3"), 2u);                  // truncated sequence
  EXPECT_EQ(FindInvalidUtf8("a\xc0\xaf"), 1u);               // overlong encoding
  EXPECT_EQ(FindInvalidUtf8("ok \xed\xa0\x80"), 3u);         // UTF-16 surrogate
  EXPECT_EQ(FindInvalidUtf8("x\xf4\x90\x80\x80"), 1u);       // above U+10FFFF
}

}  // namespace
}  // namespace leakgate::corpus
