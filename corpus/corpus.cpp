#include "corpus/corpus.h"

#include <simdjson.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>

#include "common/errors.h"

namespace leakgate::corpus {

BadRecordPolicy ParseBadRecordPolicy(std::string_view name) {
  for (BadRecordPolicy policy : {BadRecordPolicy::kFail, BadRecordPolicy::kSkip}) {
    if (name == BadRecordPolicyName(policy)) return policy;
  }
  throw std::invalid_argument("on_bad_record: unknown policy '" + std::string(name) + "' (expected fail or skip)");
}

std::string_view BadRecordPolicyName(BadRecordPolicy policy) {
  return policy == BadRecordPolicy::kFail ? "fail" : "skip";
}

// ---------------------------------------------------------------------------------------------------------------
// Byte sources: a plain file or a zstd stream, both read in chunks.

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Fills up to `capacity` bytes; returns 0 only at the end of the data.
  virtual size_t Read(char* out, size_t capacity) = 0;
  virtual uint64_t file_bytes_consumed() const = 0;
};

namespace {

// A problem with the byte stream itself; the reader adds the file and the line it was reading.
struct BadSource {
  std::string what;
  std::string hint;
};

constexpr size_t kReadChunk = 1 << 20;
constexpr uint32_t kZstdMagic = 0xFD2FB528;

class PlainSource : public ByteSource {
 public:
  explicit PlainSource(std::FILE* file) : file_(file) {}
  ~PlainSource() override { std::fclose(file_); }
  size_t Read(char* out, size_t capacity) override {
    const size_t n = std::fread(out, 1, capacity, file_);
    if (n == 0 && std::ferror(file_)) throw BadSource{std::string("read failed: ") + std::strerror(errno), ""};
    consumed_ += n;
    return n;
  }
  uint64_t file_bytes_consumed() const override { return consumed_; }

 private:
  std::FILE* file_;
  uint64_t consumed_ = 0;
};

class ZstdSource : public ByteSource {
 public:
  explicit ZstdSource(std::FILE* file)
      : file_(file), stream_(ZSTD_createDStream()), input_(ZSTD_DStreamInSize()) {
    ZSTD_initDStream(stream_);
  }
  ~ZstdSource() override {
    ZSTD_freeDStream(stream_);
    std::fclose(file_);
  }
  size_t Read(char* out, size_t capacity) override {
    ZSTD_outBuffer output{out, capacity, 0};
    while (output.pos == 0) {
      if (in_.pos == in_.size) {
        const size_t n = std::fread(input_.data(), 1, input_.size(), file_);
        if (n == 0) {
          if (std::ferror(file_)) throw BadSource{std::string("read failed: ") + std::strerror(errno), ""};
          if (frame_open_) throw BadSource{"truncated zstd stream", "the compressed file ends mid-frame"};
          return 0;
        }
        consumed_ += n;
        in_ = ZSTD_inBuffer{input_.data(), n, 0};
      }
      const size_t status = ZSTD_decompressStream(stream_, &output, &in_);
      if (ZSTD_isError(status)) {
        throw BadSource{std::string("corrupt zstd stream: ") + ZSTD_getErrorName(status), ""};
      }
      frame_open_ = status != 0;
    }
    return output.pos;
  }
  uint64_t file_bytes_consumed() const override { return consumed_; }

 private:
  std::FILE* file_;
  ZSTD_DStream* stream_;
  std::vector<char> input_;
  ZSTD_inBuffer in_{nullptr, 0, 0};
  bool frame_open_ = false;
  uint64_t consumed_ = 0;
};

std::unique_ptr<ByteSource> OpenSource(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw common::InputError(path.string(), 0, "is a directory, not a file");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) throw common::InputError(path.string(), 0, std::string("cannot open: ") + std::strerror(errno));
  std::array<unsigned char, 4> magic{};
  const size_t got = std::fread(magic.data(), 1, magic.size(), file);
  std::rewind(file);
  const uint32_t word = got == 4 ? (magic[0] | magic[1] << 8 | magic[2] << 16 | uint32_t{magic[3]} << 24) : 0;
  if (word == kZstdMagic) return std::make_unique<ZstdSource>(file);
  return std::make_unique<PlainSource>(file);
}

std::vector<std::string> SplitDottedPath(const std::string& path) {
  std::vector<std::string> parts;
  if (path.empty()) return parts;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::string_view TrimTrailingSpace(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r')) {
    token.remove_suffix(1);
  }
  return token;
}

// "an array", "a number", ...: the JSON type as it reads in a sentence.
const char* JsonTypeInWords(simdjson::ondemand::json_type type) {
  switch (type) {
    case simdjson::ondemand::json_type::array: return "an array";
    case simdjson::ondemand::json_type::object: return "an object";
    case simdjson::ondemand::json_type::number: return "a number";
    case simdjson::ondemand::json_type::string: return "a string";
    case simdjson::ondemand::json_type::boolean: return "a boolean";
    case simdjson::ondemand::json_type::null: return "null";
  }
  return "an unknown type";
}

// True when `token` follows JSON's number grammar: -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?
bool IsJsonNumber(std::string_view token) {
  size_t i = 0;
  const auto digits = [&] {
    const size_t start = i;
    while (i < token.size() && token[i] >= '0' && token[i] <= '9') ++i;
    return i > start;
  };
  if (i < token.size() && token[i] == '-') ++i;
  if (i < token.size() && token[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < token.size() && token[i] == '.' && (++i, !digits())) return false;
  if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
    ++i;
    if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == token.size();
}

// A record problem: reported as `file:line: <what>` or counted under the skip policy.
struct BadRecord {
  std::string what;
};

void Check(simdjson::error_code error) {
  if (error) throw BadRecord{std::string("invalid JSON: ") + simdjson::error_message(error)};
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Record parsing: one full walk of the document, so malformed JSON anywhere in the line is caught, and the wanted
// fields (text, id, label, user) are picked up on the way.

struct RecordParser::Impl {
  enum Field { kText, kId, kLabel, kUser, kFieldCount };

  explicit Impl(const CorpusOptions& options) {
    paths[kText] = SplitDottedPath(options.text_field);
    paths[kId] = SplitDottedPath(options.id_field);
    paths[kLabel] = SplitDottedPath(options.label_field);
    paths[kUser] = SplitDottedPath(options.user_field);
    names = {options.text_field, options.id_field, options.label_field, options.user_field};
  }
  struct Found {
    bool present = false;
    simdjson::ondemand::json_type type{};
    std::string_view raw_token;
    std::string value;
    // Clears the finding and keeps the value's allocation for the next record.
    void Reset() {
      present = false;
      type = {};
      raw_token = {};
      value.clear();
    }
  };

  simdjson::ondemand::parser parser;
  bool keep_raw_line = true;
  std::array<std::vector<std::string>, kFieldCount> paths;
  std::array<std::string, kFieldCount> names;
  std::array<Found, kFieldCount> found;

  // A number outside double's range (1e999) is valid JSON that simdjson will not convert; only its grammar matters
  // here, since a number is kept as its text.
  static void ValidateNumber(simdjson::ondemand::value& value) {
    simdjson::ondemand::number ignored;
    if (value.get_number().get(ignored) == simdjson::SUCCESS) return;
    if (!IsJsonNumber(TrimTrailingSpace(value.raw_json_token()))) throw BadRecord{"invalid JSON: malformed number"};
  }

  // Nesting beyond this is refused before the recursion could exhaust the stack.
  static constexpr size_t kMaxNesting = 1000;

  // RFC 8259 leaves duplicate names undefined: two readers may take different values (a scrubber the first "text",
  // a trainer the second), so a record with one is malformed.
  static void RejectDuplicateKeys(std::vector<std::string_view>& keys) {
    std::sort(keys.begin(), keys.end());
    const auto duplicate = std::adjacent_find(keys.begin(), keys.end());
    if (duplicate != keys.end()) throw BadRecord{"duplicate key '" + std::string(*duplicate) + "' in one object"};
  }

  void Walk(simdjson::ondemand::value value, size_t depth, unsigned matching) {
    if (depth > kMaxNesting) throw BadRecord{"nested deeper than " + std::to_string(kMaxNesting) + " levels"};
    simdjson::ondemand::json_type type{};
    Check(value.type().get(type));
    switch (type) {
      case simdjson::ondemand::json_type::object: {
        simdjson::ondemand::object object;
        Check(value.get_object().get(object));
        // Unescaped keys stay valid in the parser's string buffer until the next record.
        std::vector<std::string_view> keys;
        for (auto field_result : object) {
          simdjson::ondemand::field field;
          Check(std::move(field_result).get(field));
          std::string_view key;
          Check(field.unescaped_key().get(key));
          keys.push_back(key);
          unsigned child_matching = 0;
          for (unsigned f = 0; f < kFieldCount; ++f) {
            if ((matching & (1u << f)) && depth < paths[f].size() && paths[f][depth] == key) child_matching |= 1u << f;
          }
          simdjson::ondemand::value child = field.value();
          // Two configured fields may name the same path (id_field and user_field both "patient_id"): an on-demand
          // value is read once, so the second takes a copy (reading the string again overruns the parser's buffer).
          const Found* captured = nullptr;
          for (unsigned f = 0; f < kFieldCount; ++f) {
            if ((child_matching & (1u << f)) && depth + 1 == paths[f].size() && !found[f].present) {
              if (captured == nullptr) {
                Capture(child, depth + 1, found[f]);
                captured = &found[f];
              } else {
                found[f] = *captured;
              }
              child_matching &= ~(1u << f);
            }
          }
          if (captured == nullptr) Walk(child, depth + 1, child_matching);
        }
        RejectDuplicateKeys(keys);
        return;
      }
      case simdjson::ondemand::json_type::array: {
        simdjson::ondemand::array array;
        Check(value.get_array().get(array));
        for (auto element : array) {
          simdjson::ondemand::value child;
          Check(element.get(child));
          Walk(child, depth + 1, 0);
        }
        return;
      }
      case simdjson::ondemand::json_type::string: {
        std::string_view ignored;
        Check(value.get_string().get(ignored));
        return;
      }
      case simdjson::ondemand::json_type::number:
        ValidateNumber(value);
        return;
      case simdjson::ondemand::json_type::boolean: {
        bool ignored;
        Check(value.get_bool().get(ignored));
        return;
      }
      case simdjson::ondemand::json_type::null: {
        bool is_null = false;
        Check(value.is_null().get(is_null));
        if (!is_null) throw BadRecord{"invalid JSON: bad literal"};
        return;
      }
    }
  }

  void Capture(simdjson::ondemand::value value, size_t depth, Found& out) {
    out.present = true;
    Check(value.type().get(out.type));
    out.raw_token = TrimTrailingSpace(value.raw_json_token());
    switch (out.type) {
      case simdjson::ondemand::json_type::string: {
        std::string_view text;
        Check(value.get_string().get(text));
        out.value.assign(text);
        return;
      }
      case simdjson::ondemand::json_type::number:
        ValidateNumber(value);
        out.value.assign(out.raw_token);
        return;
      case simdjson::ondemand::json_type::boolean: {
        bool flag = false;
        Check(value.get_bool().get(flag));
        out.value = flag ? "true" : "false";
        return;
      }
      default:
        // Objects, arrays and null are not usable as a text, id or label; they are still validated.
        out.value.clear();
        Walk(value, depth, 0);
        return;
    }
  }

  void Parse(std::string_view line, size_t capacity, uint64_t line_number, Record& record) {
    if (line.substr(0, 3) == "\xEF\xBB\xBF") {
      throw BadRecord{"starts with a UTF-8 byte order mark (JSON Lines has none: save the file without it)"};
    }
    if (const size_t nul = line.find('\0'); nul != std::string_view::npos) {
      throw BadRecord{"NUL byte at byte " + std::to_string(nul + 1) + " of the line (not a text file?)"};
    }
    if (auto bad_byte = FindInvalidUtf8(line)) {
      throw BadRecord{"invalid UTF-8 at byte " + std::to_string(*bad_byte + 1) + " of the line"};
    }
    for (auto& field : found) field.Reset();
    simdjson::ondemand::document document;
    Check(parser.iterate(line.data(), line.size(), capacity).get(document));
    simdjson::ondemand::json_type root_type{};
    Check(document.type().get(root_type));
    if (root_type != simdjson::ondemand::json_type::object) {
      throw BadRecord{std::string("expected a JSON object, got ") + JsonTypeInWords(root_type)};
    }
    simdjson::ondemand::value root;
    Check(document.get_value().get(root));
    unsigned wanted = 0;
    for (unsigned f = 0; f < kFieldCount; ++f) {
      if (!paths[f].empty()) wanted |= 1u << f;
    }
    Walk(root, 0, wanted);
    // After a complete walk the iterator is past the end unless something follows the record.
    if (!document.current_location().error()) throw BadRecord{"invalid JSON: trailing content after the record"};

    auto& text = found[kText];
    if (!text.present) throw BadRecord{"missing text field '" + names[kText] + "'"};
    if (text.type != simdjson::ondemand::json_type::string) {
      throw BadRecord{"field '" + names[kText] + "' is " + JsonTypeInWords(text.type) + ", expected a string"};
    }
    record.line = line_number;
    record.text.assign(text.value);
    if (keep_raw_line) {
      record.raw.assign(line);
    } else {
      record.raw.clear();
    }
    record.text_token_begin = static_cast<size_t>(text.raw_token.data() - line.data());
    record.text_token_end = record.text_token_begin + text.raw_token.size();

    if (paths[kId].empty()) {
      record.id = std::to_string(line_number);
    } else {
      const auto& id = found[kId];
      if (!id.present) throw BadRecord{"missing id field '" + names[kId] + "'"};
      if (id.type != simdjson::ondemand::json_type::string && id.type != simdjson::ondemand::json_type::number) {
        throw BadRecord{"field '" + names[kId] + "' is " + JsonTypeInWords(id.type) +
                        ", expected a string or a number"};
      }
      record.id = id.value;
    }

    record.label = OptionalScalar(kLabel, "label");
    record.user = OptionalScalar(kUser, "user");
  }

  std::optional<std::string> OptionalScalar(int field, const char* what) const {
    if (paths[field].empty()) return std::nullopt;
    const Found& scalar = found[field];
    if (!scalar.present || scalar.type == simdjson::ondemand::json_type::null) {
      throw BadRecord{std::string("missing ") + what + " field '" + names[field] + "'"};
    }
    if (scalar.type == simdjson::ondemand::json_type::object || scalar.type == simdjson::ondemand::json_type::array) {
      throw BadRecord{"field '" + names[field] + "' is " + JsonTypeInWords(scalar.type) +
                      ", expected a string, number or boolean"};
    }
    return scalar.value;
  }
};

RecordParser::RecordParser(const CorpusOptions& options, bool keep_raw_line)
    : impl_(std::make_unique<Impl>(options)) {
  impl_->keep_raw_line = keep_raw_line;
}

RecordParser::~RecordParser() = default;

std::optional<std::string> RecordParser::Parse(std::string_view line, size_t capacity, uint64_t line_number,
                                               Record& record) {
  try {
    impl_->Parse(line, capacity, line_number, record);
    return std::nullopt;
  } catch (const BadRecord& bad) {
    return bad.what;
  }
}

std::optional<std::string> RecordParser::Parse(const LineBatch& batch, size_t i, Record& record) {
  return Parse(batch.Text(i), batch.bytes.size() - batch.lines[i].offset, batch.lines[i].number, record);
}

void CountBadRecord(const std::filesystem::path& path, const CorpusOptions& options, uint64_t line_number,
                    const std::string& why, BadRecordStats& stats) {
  if (options.on_bad_record == BadRecordPolicy::kFail) {
    throw common::InputError(path.string(), line_number, why,
                             "to drop bad records: data.on_bad_record: skip, or --on-bad-record skip");
  }
  ++stats.count;
  if (stats.first_lines.size() < BadRecordStats::kExamplesKept) {
    stats.first_lines.push_back(line_number);
    stats.first_reasons.push_back(why);
  }
}

// ---------------------------------------------------------------------------------------------------------------

CorpusReader::CorpusReader(std::filesystem::path path, CorpusOptions options, CorpusShare share)
    : path_(std::move(path)), options_(std::move(options)), share_(share) {
  if (share_.count < 1 || share_.index < 0 || share_.index >= share_.count || share_.block_bytes == 0) {
    throw std::invalid_argument("corpus share " + std::to_string(share_.index) + " of " +
                                std::to_string(share_.count) + " does not exist");
  }
  if (options_.text_field.empty()) throw std::invalid_argument("data.text_field: must not be empty");
  parser_ = std::make_unique<RecordParser>(options_);
  source_ = OpenSource(path_);
  std::error_code ec;
  file_size_ = std::filesystem::file_size(path_, ec);
  buffer_.resize(kReadChunk + simdjson::SIMDJSON_PADDING);
}

CorpusReader::~CorpusReader() = default;

uint64_t CorpusReader::file_bytes_consumed() const { return source_->file_bytes_consumed(); }

void CorpusReader::RefuseLongRecord(size_t bytes) const {
  if (bytes <= options_.max_record_bytes) return;
  throw BadSource{"a record longer than " + std::to_string(options_.max_record_bytes) + " bytes",
                  "raise data.max_record_bytes (or --max-record-bytes) if records this long are expected"};
}

bool CorpusReader::ReadLine(std::string_view& line) {
  while (true) {
    const char* begin = buffer_.data() + buffer_begin_;
    const void* newline = std::memchr(begin, '\n', buffer_end_ - buffer_begin_);
    if (newline != nullptr) {
      const size_t length = static_cast<const char*>(newline) - begin;
      RefuseLongRecord(length);
      line = std::string_view(begin, length);
      buffer_begin_ += length + 1;
      text_bytes_read_ += length + 1;
      return true;
    }
    if (source_done_) {
      if (buffer_begin_ == buffer_end_) return false;
      // No line break follows the last line: the padding after it holds stale bytes of earlier reads, which simdjson's
      // On Demand parser takes as the missing value of a truncated record (`{"text":` at the end of the file) and
      // copies into its string buffer without bound. Zeros, as in simdjson's own padded strings, end such a value.
      std::memset(buffer_.data() + buffer_end_, 0, simdjson::SIMDJSON_PADDING);
      line = std::string_view(begin, buffer_end_ - buffer_begin_);
      text_bytes_read_ += line.size();
      buffer_begin_ = buffer_end_;
      return true;
    }
    // Move the partial line (and the lines of a batch being gathered) to the front and grow the buffer when it has
    // too little room left.
    RefuseLongRecord(buffer_end_ - buffer_begin_);
    const size_t keep_from = std::min(buffer_begin_, batch_begin_);
    std::memmove(buffer_.data(), buffer_.data() + keep_from, buffer_end_ - keep_from);
    buffer_begin_ -= keep_from;
    buffer_end_ -= keep_from;
    if (batch_begin_ != kNoBatch) batch_begin_ -= keep_from;
    if (buffer_.size() - buffer_end_ < kReadChunk / 2 + simdjson::SIMDJSON_PADDING) {
      buffer_.resize(std::max(buffer_.size() * 2, buffer_end_ + kReadChunk + simdjson::SIMDJSON_PADDING));
    }
    const size_t room = buffer_.size() - buffer_end_ - simdjson::SIMDJSON_PADDING;
    const size_t n = source_->Read(buffer_.data() + buffer_end_, room);
    if (n == 0) source_done_ = true;
    buffer_end_ += n;
  }
}

bool CorpusReader::NextLine(std::string_view& line) {
  while (true) {
    const uint64_t line_offset = text_bytes_read_;
    try {
      if (!ReadLine(line)) return false;
    } catch (const BadSource& bad) {
      throw common::InputError(path_.string(), line_number_ + 1, bad.what, bad.hint);
    }
    ++line_number_;
    if (!share_.Owns(line_offset)) continue;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) return true;
  }
}

bool CorpusReader::ParseLine(std::string_view line, Record& record) {
  const size_t capacity = buffer_.size() - static_cast<size_t>(line.data() - buffer_.data());
  const std::optional<std::string> bad = parser_->Parse(line, capacity, line_number_, record);
  if (bad) CountBadRecord(path_, options_, line_number_, *bad, bad_);
  return !bad;
}

bool CorpusReader::Next(Record& record) {
  std::string_view line;
  while (NextLine(line)) {
    if (ParseLine(line, record)) return true;
  }
  return false;
}

bool CorpusReader::NextLines(LineBatch& batch, size_t max_lines, size_t max_bytes) {
  batch.lines.clear();
  batch.source_error = nullptr;
  // The batch's lines stay where they were read: ReadLine keeps everything from batch_begin_ when it refills.
  batch_begin_ = buffer_begin_;
  size_t bytes = 0;
  std::string_view line;
  // A source error (an overlong line, broken compression) comes after the lines gathered before it: their bad
  // records are met first, as Next would meet them.
  try {
    while (batch.lines.size() < std::max<size_t>(max_lines, 1) && bytes < max_bytes && NextLine(line)) {
      batch.lines.push_back({static_cast<size_t>(line.data() - buffer_.data()) - batch_begin_, line.size(),
                             line_number_});
      bytes += line.size();
    }
  } catch (const common::InputError&) {
    batch.source_error = std::current_exception();
  }
  const char* base = buffer_.data() + batch_begin_;
  batch_begin_ = kNoBatch;
  batch.file_bytes_consumed = file_bytes_consumed();
  if (batch.lines.empty()) {
    if (batch.source_error) std::rethrow_exception(batch.source_error);
    return false;
  }
  // Zeros after the last line, as in simdjson's own padded strings (see ReadLine).
  batch.bytes.assign(base, batch.lines.back().offset + batch.lines.back().length);
  batch.bytes.append(simdjson::SIMDJSON_PADDING, '\0');
  return true;
}

// ---------------------------------------------------------------------------------------------------------------

struct CorpusWriter::Compressor {
  ZSTD_CCtx* stream = ZSTD_createCCtx();
  std::vector<char> output = std::vector<char>(ZSTD_CStreamOutSize());
  Compressor() { ZSTD_CCtx_setParameter(stream, ZSTD_c_compressionLevel, 3); }
  ~Compressor() { ZSTD_freeCCtx(stream); }
};

CorpusWriter::CorpusWriter(std::filesystem::path path) : file_(std::move(path)) {
  if (file_.target().extension() == ".zst") compressor_ = std::make_unique<Compressor>();
}

CorpusWriter::~CorpusWriter() = default;

void CorpusWriter::WriteLine(std::string_view json_line) {
  pending_.append(json_line);
  pending_.push_back('\n');
  if (pending_.size() >= kReadChunk) {
    Emit(pending_, false);
    pending_.clear();
  }
}

void CorpusWriter::WriteLines(std::string_view json_lines) {
  if (json_lines.empty()) return;
  if (json_lines.back() != '\n') throw std::invalid_argument("CorpusWriter::WriteLines: the last line has no line break");
  Emit(pending_, false);
  pending_.clear();
  Emit(json_lines, false);
}

void CorpusWriter::WriteWithText(const Record& record, std::string_view text) {
  std::string line;
  line.reserve(record.raw.size() + text.size() / 8);
  line.append(record.raw, 0, record.text_token_begin);
  AppendJsonString(line, text);
  line.append(record.raw, record.text_token_end);
  WriteLine(line);
}

void CorpusWriter::Emit(std::string_view bytes, bool end_of_stream) {
  if (!compressor_) {
    file_.Write(bytes);
    return;
  }
  ZSTD_inBuffer input{bytes.data(), bytes.size(), 0};
  const ZSTD_EndDirective mode = end_of_stream ? ZSTD_e_end : ZSTD_e_continue;
  bool finished = false;
  while (!finished) {
    ZSTD_outBuffer output{compressor_->output.data(), compressor_->output.size(), 0};
    const size_t remaining = ZSTD_compressStream2(compressor_->stream, &output, &input, mode);
    if (ZSTD_isError(remaining)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(remaining));
    file_.Write(std::string_view(compressor_->output.data(), output.pos));
    finished = end_of_stream ? remaining == 0 : input.pos == input.size;
  }
}

void CorpusWriter::Commit() {
  Emit(pending_, true);
  pending_.clear();
  file_.Commit();
}

// ---------------------------------------------------------------------------------------------------------------

void AppendJsonString(std::string& out, std::string_view utf8) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t run_start = 0;
  for (size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(utf8, run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(utf8, run_start);
  out.push_back('"');
}

std::optional<size_t> FindInvalidUtf8(std::string_view bytes) {
  if (simdjson::validate_utf8(bytes.data(), bytes.size())) return std::nullopt;
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    size_t length;
    uint32_t min_code;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { length = 2; min_code = 0x80; }
    else if ((c & 0xF0) == 0xE0) { length = 3; min_code = 0x800; }
    else if ((c & 0xF8) == 0xF0) { length = 4; min_code = 0x10000; }
    else return i;
    if (i + length > n) return i;
    uint32_t code = c & (0x7F >> length);
    for (size_t k = 1; k < length; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      code = (code << 6) | (s[i + k] & 0x3F);
    }
    if (code < min_code || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::nullopt;
}

}  // namespace leakgate::corpus
