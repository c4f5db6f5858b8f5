#include "dedup/distributed.h"

#include <chrono>
#include <cstring>
#include <exception>
#include <type_traits>

namespace leakgate::dedup {

namespace {

// Bytes of plain values (in the machine's byte order: the ranks of one job run on one architecture), vectors and
// strings, in the order they are written.
class Encoder {
 public:
  template <typename T>
  void Put(const T& value) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  template <typename T>
  void PutVector(const std::vector<T>& values) {
    static_assert(std::is_trivially_copyable_v<T>);
    Put<uint64_t>(values.size());
    bytes_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
  }
  void PutStrings(const std::vector<std::string>& values) {
    Put<uint64_t>(values.size());
    for (const std::string& value : values) {
      Put<uint64_t>(value.size());
      bytes_.append(value);
    }
  }
  std::string Take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  T Get() {
    T value;
    std::memcpy(&value, Take(sizeof value), sizeof value);
    return value;
  }
  template <typename T>
  std::vector<T> GetVector() {
    const uint64_t n = Get<uint64_t>();
    if (n > bytes_.size() / sizeof(T)) Malformed();
    std::vector<T> values(n);
    std::memcpy(values.data(), Take(n * sizeof(T)), n * sizeof(T));
    return values;
  }
  std::vector<std::string> GetStrings() {
    const uint64_t n = Get<uint64_t>();
    if (n > bytes_.size() / sizeof(uint64_t)) Malformed();
    std::vector<std::string> values(n);
    for (std::string& value : values) {
      const uint64_t length = Get<uint64_t>();
      value.assign(Take(length), length);
    }
    return values;
  }
  [[noreturn]] static void Malformed() { throw common::InternalError("a rank sent a malformed corpus sketch"); }
  void ExpectEnd() const {
    if (!bytes_.empty()) Malformed();
  }

 private:
  const char* Take(uint64_t n) {
    if (n > bytes_.size()) Malformed();
    const char* at = bytes_.data();
    bytes_.remove_prefix(n);
    return at;
  }
  std::string_view bytes_;
};

constexpr uint64_t kSketchFormat = 1;

}  // namespace

uint64_t FailureOrder(const std::exception_ptr& failure) {
  constexpr uint64_t kLast = UINT64_MAX >> 3;
  const auto order = [](uint64_t line, common::ExitCode code) {
    return ((std::min(line, kLast - 1) + 1) << 2) | static_cast<uint64_t>(code);
  };
  try {
    std::rethrow_exception(failure);
  } catch (const common::InputError& error) {
    return order(error.line(), error.exit_code());
  } catch (const common::Error& error) {
    return order(kLast, error.exit_code());
  } catch (...) {
    return order(kLast, common::ExitCode::kInternal);
  }
}

std::string EncodeSketch(const CorpusSketch& sketch) {
  Encoder out;
  out.Put(kSketchFormat);
  out.PutStrings(sketch.ids);
  out.PutVector(sketch.lines);
  out.PutVector(sketch.line_hashes);
  out.PutVector(sketch.byte_lengths);
  out.PutVector(sketch.distinct);
  out.PutVector(sketch.keys);
  out.PutVector(sketch.shingles);
  out.PutVector(sketch.signatures);
  std::vector<uint64_t> duplicate_ordinals;
  std::vector<uint32_t> duplicate_texts;
  for (const auto& [ordinal, text] : sketch.exact_duplicates) {
    duplicate_ordinals.push_back(ordinal);
    duplicate_texts.push_back(text);
  }
  out.PutVector(duplicate_ordinals);
  out.PutVector(duplicate_texts);
  out.Put(sketch.text_bytes);
  out.Put(sketch.bad_records.count);
  out.PutVector(sketch.bad_records.first_lines);
  out.PutStrings(sketch.bad_records.first_reasons);
  return out.Take();
}

CorpusSketch DecodeSketch(std::string_view bytes, const DedupOptions& options) {
  Decoder in(bytes);
  if (in.Get<uint64_t>() != kSketchFormat) throw common::InternalError("a rank sent a sketch of another format");
  CorpusSketch sketch;
  sketch.ids = in.GetStrings();
  sketch.lines = in.GetVector<uint64_t>();
  sketch.line_hashes = in.GetVector<uint64_t>();
  sketch.byte_lengths = in.GetVector<uint64_t>();
  sketch.distinct = in.GetVector<uint64_t>();
  sketch.keys = in.GetVector<TextKey>();
  sketch.shingles = in.GetVector<uint64_t>();
  sketch.signatures = in.GetVector<uint32_t>();
  const auto duplicate_ordinals = in.GetVector<uint64_t>();
  const auto duplicate_texts = in.GetVector<uint32_t>();
  if (duplicate_ordinals.size() != duplicate_texts.size()) Decoder::Malformed();
  for (size_t i = 0; i < duplicate_ordinals.size(); ++i) {
    sketch.exact_duplicates.emplace_back(duplicate_ordinals[i], duplicate_texts[i]);
  }
  sketch.text_bytes = in.Get<uint64_t>();
  sketch.bad_records.count = in.Get<uint64_t>();
  sketch.bad_records.first_lines = in.GetVector<uint64_t>();
  sketch.bad_records.first_reasons = in.GetStrings();
  in.ExpectEnd();
  // MergeSketches indexes by these: every size and ordinal must be consistent.
  const size_t records = sketch.ids.size();
  const size_t texts = sketch.distinct.size();
  const auto sized = [](size_t size, bool present, size_t expected) { return size == (present ? expected : 0); };
  bool consistent = sketch.lines.size() == records && sketch.line_hashes.size() == records &&
                    sketch.byte_lengths.size() == records && texts <= records &&
                    sized(sketch.keys.size(), options.exact, texts) && sized(sketch.shingles.size(), options.near, texts) &&
                    sized(sketch.signatures.size(), options.near, texts * static_cast<size_t>(options.num_perm)) &&
                    texts + sketch.exact_duplicates.size() == records &&
                    sketch.bad_records.first_lines.size() == sketch.bad_records.first_reasons.size();
  for (size_t d = 0; consistent && d < texts; ++d) {
    consistent = sketch.distinct[d] < records && (d == 0 || sketch.distinct[d - 1] < sketch.distinct[d]);
  }
  for (size_t i = 0; consistent && i < sketch.exact_duplicates.size(); ++i) {
    const auto [ordinal, text] = sketch.exact_duplicates[i];
    consistent = ordinal < records && text < texts && (i == 0 || sketch.exact_duplicates[i - 1].first < ordinal);
  }
  if (!consistent) Decoder::Malformed();
  return sketch;
}

std::optional<DedupPlan> PlanDeduplicationAcrossRanks(Communicator& communicator, const std::filesystem::path& input,
                                                      const corpus::CorpusOptions& corpus,
                                                      const DedupOptions& options,
                                                      const DedupProgressFn& progress) {
  const auto start = std::chrono::steady_clock::now();
  const int rank = communicator.rank();
  const int ranks = communicator.size();
  // Everything a rank could fail at happens before the ranks compare notes, so that none is left waiting afterwards:
  // the other ranks encode their sketch first.
  CorpusSketch sketch;
  std::string encoded;
  std::exception_ptr failure;
  try {
    sketch = SketchCorpus(input, corpus, options, corpus::CorpusShare{rank, ranks, options.share_block_bytes}, progress);
    if (rank != 0) {
      encoded = EncodeSketch(sketch);
      sketch = CorpusSketch();
    }
  } catch (...) {
    failure = std::current_exception();
  }
  // Every rank learns whether any failed; the rank whose failure comes first in input order reports it.
  const std::vector<uint64_t> statuses = communicator.AllGather(failure ? FailureOrder(failure) : 0);
  int reporter = -1;
  for (int r = 0; r < ranks; ++r) {
    if (statuses[r] != 0 && (reporter < 0 || statuses[r] < statuses[reporter])) reporter = r;
  }
  if (reporter == rank) std::rethrow_exception(failure);
  if (reporter >= 0) throw PeerFailed(static_cast<common::ExitCode>(statuses[reporter] & 3));

  if (rank != 0) {
    communicator.Send(0, encoded);
    return std::nullopt;
  }
  // Rank 0 takes every message before it can fail on one, so that no rank is left blocked in a send; failing to
  // receive (out of memory) leaves no way to release them but to abort the job.
  std::vector<std::string> messages;
  try {
    for (int r = 1; r < ranks; ++r) messages.push_back(communicator.Receive(r));
  } catch (...) {
    communicator.Abort(common::ExitCode::kInternal);
  }
  std::vector<CorpusSketch> shares;
  shares.push_back(std::move(sketch));
  for (std::string& message : messages) {
    shares.push_back(DecodeSketch(message, options));
    message = std::string();
  }
  CorpusSketch merged = MergeSketches(std::move(shares), options);
  const double seconds_signatures = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  DedupPlan plan = PlanFromSketch(std::move(merged), input, options);
  plan.stats.seconds_signatures = seconds_signatures;
  return plan;
}

}  // namespace leakgate::dedup
