// Streaming JSONL corpus IO, plain or zstd-compressed: records in input order with their line numbers, bounded memory.
#pragma once

#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/atomic_file.h"

namespace leakgate::corpus {

enum class BadRecordPolicy { kFail, kSkip };
BadRecordPolicy ParseBadRecordPolicy(std::string_view name);  // "fail" | "skip"
std::string_view BadRecordPolicyName(BadRecordPolicy policy);

struct CorpusOptions {
  std::string text_field = "text";  // dotted path into nested objects, e.g. "note.body"
  std::string id_field = "id";      // dotted path; empty: the record's line number is its id
  std::string label_field;          // dotted path; empty: records carry no label
  std::string user_field;           // dotted path to the person a record is about; empty: none
  BadRecordPolicy on_bad_record = BadRecordPolicy::kFail;
  // A longer line is an input error: parsing holds several copies of a record in memory.
  uint64_t max_record_bytes = uint64_t{64} << 20;
};

struct Record {
  uint64_t line = 0;  // 1-based line in the input
  std::string id;     // a string id as is; a numeric id as its JSON text
  std::string text;
  std::optional<std::string> label;
  std::optional<std::string> user;  // the person (data.user_field), when that field is configured
  std::string raw;  // the line as read, without the line break
  // The text field's JSON token (quotes included) is raw[text_token_begin, text_token_end).
  size_t text_token_begin = 0;
  size_t text_token_end = 0;
};

struct BadRecordStats {
  static constexpr size_t kExamplesKept = 10;
  uint64_t count = 0;
  std::vector<uint64_t> first_lines;
  std::vector<std::string> first_reasons;
  bool operator==(const BadRecordStats&) const = default;
};

// A part of the corpus for one of several processes reading it side by side: the uncompressed stream is cut into
// blocks of `block_bytes`, and a line belongs to the share of the block it starts in, blocks dealt out in turn.
struct CorpusShare {
  int index = 0;
  int count = 1;
  uint64_t block_bytes = uint64_t{1} << 20;
  bool Owns(uint64_t line_offset) const {
    return count <= 1 || static_cast<int>((line_offset / block_bytes) % static_cast<uint64_t>(count)) == index;
  }
};

// Whole lines taken from a CorpusReader (NextLines) to be parsed elsewhere, on any thread (RecordParser): their bytes
// back to back, with the JSON parser's padding after the last, and each line's place and line number.
struct LineBatch {
  struct Line {
    size_t offset = 0;
    size_t length = 0;
    uint64_t number = 0;  // 1-based line in the input
  };
  std::string bytes;
  std::vector<Line> lines;
  uint64_t file_bytes_consumed = 0;  // the reader's progress after these lines
  // A source error (IO, broken compression, an overlong line) met after these lines: to rethrow once they are used.
  std::exception_ptr source_error;

  std::string_view Text(size_t i) const { return std::string_view(bytes.data() + lines[i].offset, lines[i].length); }
};

// Parses JSONL lines into records: the text, id, label and user fields CorpusOptions names. One per thread.
class RecordParser {
 public:
  // keep_raw_line false: records' `raw` stays empty (a reader that needs only the fields saves copying each line).
  explicit RecordParser(const CorpusOptions& options, bool keep_raw_line = true);
  ~RecordParser();
  RecordParser(const RecordParser&) = delete;
  RecordParser& operator=(const RecordParser&) = delete;

  // Parses line i of `batch` into `record`: nullopt, or why the record is bad.
  std::optional<std::string> Parse(const LineBatch& batch, size_t i, Record& record);
  // The same for one line with `capacity` bytes readable from its start (at least its length plus the padding).
  std::optional<std::string> Parse(std::string_view line, size_t capacity, uint64_t line_number, Record& record);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Meets a bad record: throws InputError naming the file and line under BadRecordPolicy::kFail, counts it in `stats`
// under kSkip.
void CountBadRecord(const std::filesystem::path& path, const CorpusOptions& options, uint64_t line_number,
                    const std::string& why, BadRecordStats& stats);

class ByteSource;

class CorpusReader {
 public:
  // Reads the lines of `share` only (all of them by default); the other lines are skipped unparsed, keeping their line
  // numbers, and their bad records are left to the readers of the other shares.
  CorpusReader(std::filesystem::path path, CorpusOptions options, CorpusShare share = {});
  ~CorpusReader();
  CorpusReader(const CorpusReader&) = delete;
  CorpusReader& operator=(const CorpusReader&) = delete;

  // Reads the next good record; false at the end. A bad record throws InputError under kFail and is counted under
  // kSkip. Truncated compressed input and IO errors always throw.
  bool Next(Record& record);
  // The next line that is not blank, without its line break; false at the end. Valid until the next read. Source
  // errors (IO, truncated compression, an overlong line) throw InputError.
  bool NextLine(std::string_view& line);
  // Parses a line NextLine just returned into `record`. A bad record throws InputError under kFail; under kSkip it is
  // counted and the result is false.
  bool ParseLine(std::string_view line, Record& record);
  // The line number of the line last read.
  uint64_t line_number() const { return line_number_; }
  // Takes up to `max_lines` lines (stopping once `max_bytes` are taken) into `batch`, unparsed; false at the end. A
  // source error after some lines is left in batch.source_error; with no line before it, it is thrown.
  bool NextLines(LineBatch& batch, size_t max_lines, size_t max_bytes);

  const BadRecordStats& bad_records() const { return bad_; }
  const std::filesystem::path& path() const { return path_; }
  // Progress: bytes of the file consumed so far, and the file's size.
  uint64_t file_bytes_consumed() const;
  uint64_t file_size() const { return file_size_; }
  // Uncompressed bytes of all lines delivered or skipped so far.
  uint64_t text_bytes_read() const { return text_bytes_read_; }

 private:
  bool ReadLine(std::string_view& line);
  // Throws BadSource when a line (or the part read so far) exceeds options_.max_record_bytes.
  void RefuseLongRecord(size_t bytes) const;

  std::filesystem::path path_;
  CorpusOptions options_;
  CorpusShare share_;
  std::unique_ptr<ByteSource> source_;
  std::unique_ptr<RecordParser> parser_;  // ParseLine's
  static constexpr size_t kNoBatch = SIZE_MAX;
  size_t batch_begin_ = kNoBatch;  // while NextLines gathers lines: where its first line starts in buffer_
  std::string buffer_;  // bytes read but not yet delivered, with room for the JSON parser's padding
  size_t buffer_begin_ = 0;
  size_t buffer_end_ = 0;
  bool source_done_ = false;
  uint64_t line_number_ = 0;
  uint64_t file_size_ = 0;
  uint64_t text_bytes_read_ = 0;
  BadRecordStats bad_;
};

// Writes JSONL records (zstd-compressed when the path ends in .zst), atomically: the file appears on Commit().
class CorpusWriter {
 public:
  explicit CorpusWriter(std::filesystem::path path);
  ~CorpusWriter();
  CorpusWriter(const CorpusWriter&) = delete;
  CorpusWriter& operator=(const CorpusWriter&) = delete;

  void WriteLine(std::string_view json_line);
  // Whole lines, each ending in '\n', written as one block.
  void WriteLines(std::string_view json_lines);
  // The record's raw line with its text field replaced by `text`.
  void WriteWithText(const Record& record, std::string_view text);
  void Commit();

 private:
  void Emit(std::string_view bytes, bool end_of_stream);

  common::AtomicFile file_;
  struct Compressor;
  std::unique_ptr<Compressor> compressor_;
  std::string pending_;
};

// Appends `utf8` as a JSON string literal (quotes included) to `out`.
void AppendJsonString(std::string& out, std::string_view utf8);

// Byte offset of the first invalid UTF-8 sequence, or nullopt when `bytes` is valid UTF-8.
std::optional<size_t> FindInvalidUtf8(std::string_view bytes);

}  // namespace leakgate::corpus
