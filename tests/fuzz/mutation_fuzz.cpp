// Bounded, seeded mutation fuzzing of the JSONL/zstd corpus reader, the YAML config loader and the PII scrubber
// (issue 21): a plain executable, so it runs in ctest on any machine and under LEAKGATE_SANITIZE.
#include <signal.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <utf8proc.h>
#include <zstd.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/errors.h"
#include "corpus/corpus.h"
#include "pipeline/config.h"
#include "pipeline/config_reader.h"
#include "scrub/scrubber.h"

namespace leakgate::fuzz {
namespace {

// A broken promise of the code under test (as opposed to an exception it may legitimately throw).
struct Violation {
  std::string what;
};

void Require(bool condition, const std::string& what) {
  if (!condition) throw Violation{what};
}

// Offset of the first byte that does not start a valid UTF-8 sequence (utf8proc, independent of the project's own
// validator), or nullopt when all of `bytes` is valid.
std::optional<size_t> FirstInvalidUtf8(std::string_view bytes) {
  const auto* begin = reinterpret_cast<const utf8proc_uint8_t*>(bytes.data());
  size_t offset = 0;
  while (offset < bytes.size()) {
    utf8proc_int32_t code_point;
    const utf8proc_ssize_t length =
        utf8proc_iterate(begin + offset, static_cast<utf8proc_ssize_t>(bytes.size() - offset), &code_point);
    if (length <= 0) return offset;
    offset += static_cast<size_t>(length);
  }
  return std::nullopt;
}

bool IsValidUtf8(std::string_view bytes) { return !FirstInvalidUtf8(bytes); }

std::string RepeatTo(std::string_view unit, size_t bytes) {
  std::string out;
  out.reserve(bytes + unit.size());
  while (out.size() < bytes) out.append(unit);
  return out;
}

double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations: byte-level edits plus tokens that are known trouble for JSON, YAML and the scrubber's patterns.

// NUL, invalid and overlong UTF-8, an encoded surrogate, a code point past U+10FFFF, BOM, U+2028, whitespace, and
// valid two- and four-byte characters.
const std::vector<std::string> kEncodingTokens = {
    std::string(1, '\0'), "\xC0", "\xFF", "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xEF\xBB\xBF",
    "\xE2\x80\xA8", "\t", "\r", "\r\n", "\n", " ", "\xC3\xA9", "\xF0\x9F\x98\x80"};

const std::vector<std::string> kJsonTokens = {
    "{", "}", "[", "]", ":", ",", "\"", "\\", "\"text\":", "\"text\":\"duplicate\",", "\"note\":{\"body\":\"x\"},",
    "\"id\":", "\"label\":", "\"user\":", "\\u0000", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u00e9", "\\uZZZZ",
    "\\x41", "1e999", "-1e999", "1.5e-400", "-0", "01", "1.", ".5", "0x1F", "NaN", "Infinity", "true", "false",
    "null", "nul", "99999999999999999999999999"};

const std::vector<std::string> kYamlTokens = {
    "&a ", "*a", "<<: *a\n", "<<: ", "&x [*x]", "&m {k: *m}", "---\n", "...\n", "? ", ": ", "- ", "!!str ", "!!int ",
    "!!binary ", "!!map ", "!<tag:x> ", "|\n", ">-\n", "{", "}", "[", "]", "#", "%YAML 1.2\n", "\"\\uD800\"",
    "\"\\x80\"", "\"\\0\"", "\"\\U0010FFFF\"", "'", "\"", "~", "null", ".inf", "-.inf", ".nan", "0x7FFFFFFFFFFFFFFF",
    "-9223372036854775809", "18446744073709551616", "1e999", "0o17", "yes", "off", "  ", "\t"};

const std::vector<std::string> kScrubTokens = {
    "@", ".", "-", "(", ")", ":", "/", "#", "://", "http://", "https://example.org/", "www.", "SSN ", "MRN: ",
    "123-45-6789", "078-05-1120", "(555) 123-4567", "+44 20 7946 0958", "Dr. ", "John Smith ", "Smith, John ",
    "Mary Ann ", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00", "fe80::1", "::", "192.168.0.1",
    "01/02/2020", "March 3, 2021", "zip 02139", "Apt #4", "123 Main Street", "VIN 1HGCM82633A004352",
    "a@b.co", "\xE2\x80\x8B", "\xC2\xA0"};

std::vector<std::string> Concat(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

class Mutator {
 public:
  Mutator(std::mt19937_64& rng, std::vector<std::string> tokens, size_t max_len)
      : rng_(rng), tokens_(std::move(tokens)), max_len_(max_len) {}

  // One to six stacked edits of `input`; `donors` supply chunks to splice in. The result is at most max_len bytes.
  std::string Mutate(std::string input, const std::vector<std::string>& donors) {
    const size_t edits = 1 + Below(6);
    for (size_t i = 0; i < edits; ++i) Edit(input, donors);
    if (input.size() > max_len_) input.resize(max_len_);
    return input;
  }

  size_t Below(size_t bound) { return static_cast<size_t>(rng_() % bound); }
  bool OneIn(size_t chance) { return Below(chance) == 0; }

 private:
  enum Kind { kFlipBit, kSetByte, kInsertBytes, kEraseRange, kDuplicateChunk, kSplice, kInsertToken,
              kRepeatToken, kDigitRun, kKindCount };

  size_t Position(const std::string& data) { return Below(data.size() + 1); }
  const std::string& Token() { return tokens_[Below(tokens_.size())]; }

  void Edit(std::string& data, const std::vector<std::string>& donors) {
    const auto kind = static_cast<Kind>(Below(kKindCount));
    if (data.empty() && kind < kInsertBytes) {
      data.insert(Position(data), Token());
      return;
    }
    switch (kind) {
      case kFlipBit:
        data[Below(data.size())] ^= static_cast<char>(1u << Below(8));
        return;
      case kSetByte:
        data[Below(data.size())] = static_cast<char>(Below(256));
        return;
      case kInsertBytes: {
        std::string bytes(1 + Below(8), '\0');
        for (char& byte : bytes) byte = static_cast<char>(Below(256));
        data.insert(Position(data), bytes);
        return;
      }
      case kEraseRange: {
        if (data.empty()) return;
        const size_t start = Below(data.size());
        data.erase(start, 1 + Below(std::min<size_t>(data.size() - start, 64)));
        return;
      }
      case kDuplicateChunk: {
        if (data.empty()) return;
        const size_t start = Below(data.size());
        const std::string chunk = data.substr(start, 1 + Below(256));
        const size_t copies = OneIn(8) ? 2 + Below(64) : 1;
        std::string repeated;
        for (size_t i = 0; i < copies; ++i) repeated += chunk;
        data.insert(Position(data), repeated);
        return;
      }
      case kSplice: {
        const std::string& donor = donors[Below(donors.size())];
        if (donor.empty()) return;
        const size_t start = Below(donor.size());
        const std::string chunk = donor.substr(start, 1 + Below(512));
        if (OneIn(2)) {
          data.insert(Position(data), chunk);
        } else {
          data.resize(Position(data));
          data += chunk;
        }
        return;
      }
      case kInsertToken:
        data.insert(Position(data), Token());
        return;
      case kRepeatToken: {
        // Deep nesting, long runs of one character: the shapes that exhaust stacks and defeat linear scans.
        const std::string& token = Token();
        const size_t copies = 100 + Below(4000);
        std::string repeated;
        repeated.reserve(token.size() * copies);
        for (size_t i = 0; i < copies; ++i) repeated += token;
        data.insert(Position(data), repeated);
        return;
      }
      case kDigitRun: {
        std::string digits(1 + Below(OneIn(4) ? 5000 : 40), '0');
        for (char& digit : digits) digit = static_cast<char>('0' + Below(10));
        data.insert(Position(data), digits);
        return;
      }
      case kKindCount:
        return;
    }
  }

  std::mt19937_64& rng_;
  std::vector<std::string> tokens_;
  size_t max_len_;
};

// ---------------------------------------------------------------------------------------------------------------
// Bookkeeping shared by the targets.

struct Options {
  uint64_t iterations = 3000;
  uint64_t seed = 1;
  std::string target = "all";
  size_t max_len = 64 * 1024;
  std::string replay;  // a saved input to run once through `target` instead of fuzzing
};

struct Stats {
  uint64_t inputs = 0;
  uint64_t executions = 0;       // calls of the code under test
  uint64_t expected_errors = 0;  // the documented exception type, thrown for bad input
  uint64_t findings = 0;
  double seconds = 0.0;
};

void WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// The input being run, for the fatal-signal handler and the sanitizers' death callback (the process is about to
// die, so they can only name it: its file is written before it runs).
struct RunningInput {
  const char* target = "";
  uint64_t iteration = 0;
  uint64_t seed = 0;
  bool saved = false;  // written to fuzz-finding-<target>-<iteration>.bin (not when replaying a file)
};
RunningInput running;

constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
struct sigaction previous_actions[NSIG];

// Set by the first crash report: a sanitizer's death (callback) may go on to abort() (signal handler).
volatile sig_atomic_t crash_reported = 0;

// Async-signal-safe: fixed buffer, no allocation, write(2).
void WriteCrashLine(const char* cause) {
  if (crash_reported) return;
  crash_reported = 1;
  char line[256];
  size_t length = 0;
  const auto append = [&](const char* text) {
    while (*text != '\0' && length < sizeof(line) - 1) line[length++] = *text++;
  };
  const auto append_number = [&](uint64_t value) {
    char digits[20];
    size_t count = 0;
    do {
      digits[count++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    while (count > 0 && length < sizeof(line) - 1) line[length++] = digits[--count];
  };
  append("FINDING target=");
  append(running.target);
  append(" iteration=");
  append_number(running.iteration);
  append(" seed=");
  append_number(running.seed);
  append(": ");
  append(cause);
  if (running.saved) {
    append("; input in fuzz-finding-");
    append(running.target);
    append("-");
    append_number(running.iteration);
    append(".bin");
  }
  append("\n");
  [[maybe_unused]] const ssize_t written = write(STDERR_FILENO, line, length);
}

extern "C" void OnFatalSignal(int signal) {
  WriteCrashLine(signal == SIGABRT ? "aborted" : "crashed (fatal signal)");
  // Back to the previous handler (the sanitizer's report, or the default): the fault happens again under it.
  sigaction(signal, &previous_actions[signal], nullptr);
}

// One input running longer than this is reported as a hang (generous: sanitizer builds run 3-10x slower).
constexpr unsigned kInputTimeoutSeconds = 30;

extern "C" void OnTimeout(int signal) {
  WriteCrashLine("no result within the per-input time limit (a hang?)");
  ::signal(signal, SIG_DFL);
  raise(signal);
}

#if defined(__SANITIZE_ADDRESS__)
extern "C" void OnSanitizerDeath() { WriteCrashLine("sanitizer error (report above)"); }
// Sanitizer builds reserve terabytes of shadow address space, so the address-space limit below cannot apply there;
// the sanitizer's resident-memory limit stops a runaway input instead.
extern "C" const char* __asan_default_options() { return "hard_rss_limit_mb=2048"; }
// LEAKGATE_SANITIZE adds UBSan, which by default reports and carries on: here undefined behaviour is a finding.
extern "C" const char* __ubsan_default_options() { return "halt_on_error=1:print_stacktrace=1"; }
#endif

// Headroom above what the process maps at start: far more than any input needs, far less than the machine has.
constexpr uint64_t kMemoryBudgetBytes = uint64_t{1} << 30;

// An input that makes the code under test allocate without bound must end in std::bad_alloc (a finding), not in
// the kernel's OOM killer taking down whatever else runs on the machine.
void LimitMemory() {
#if !defined(__SANITIZE_ADDRESS__)
  uint64_t mapped_pages = 0;
  std::ifstream("/proc/self/statm") >> mapped_pages;
  const auto wanted = static_cast<rlim_t>(mapped_pages * static_cast<uint64_t>(sysconf(_SC_PAGESIZE)) +
                                          kMemoryBudgetBytes);
  rlimit limit{};
  getrlimit(RLIMIT_AS, &limit);
  if (limit.rlim_max != RLIM_INFINITY && wanted > limit.rlim_max) return;
  if (limit.rlim_cur != RLIM_INFINITY && wanted > limit.rlim_cur) return;
  limit.rlim_cur = wanted;
  setrlimit(RLIMIT_AS, &limit);
#endif
}

void InstallCrashReporting() {
  // Deep recursion overflows the stack: the handler needs a stack of its own.
  static std::vector<char> alternate_stack(1 << 18);
  stack_t stack{};
  stack.ss_sp = alternate_stack.data();
  stack.ss_size = alternate_stack.size();
  sigaltstack(&stack, nullptr);
  struct sigaction action {};
  action.sa_handler = OnFatalSignal;
  action.sa_flags = SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  for (int signal : kFatalSignals) sigaction(signal, &action, &previous_actions[signal]);
  ::signal(SIGALRM, OnTimeout);
#if defined(__SANITIZE_ADDRESS__)
  __sanitizer_set_death_callback(OnSanitizerDeath);
#endif
}

class FindingLog {
 public:
  // With save_inputs, each input is written to a file while it runs (kept when it is a finding).
  FindingLog(std::string target, uint64_t seed, bool save_inputs, Stats& stats)
      : target_(std::move(target)), seed_(seed), save_inputs_(save_inputs), stats_(stats) {}

  // Runs one input through `body`, turning violations and unexpected exceptions into findings. The input is on disk
  // while it runs, so a crash leaves it behind; it is removed when nothing was found.
  template <typename Body>
  void Guard(uint64_t iteration, std::string_view input, Body body) {
    const std::string file = "fuzz-finding-" + target_ + "-" + std::to_string(iteration) + ".bin";
    if (save_inputs_) WriteFile(file, input);
    running = RunningInput{target_.c_str(), iteration, seed_, save_inputs_};
    const uint64_t findings_before = stats_.findings;
    alarm(kInputTimeoutSeconds);
    try {
      body();
    } catch (const Violation& violation) {
      Report(iteration, violation.what);
    } catch (const std::exception& error) {
      Report(iteration, std::string("unexpected exception: ") + error.what());
    } catch (...) {
      Report(iteration, "unexpected exception of a non-standard type");
    }
    alarm(0);
    if (!save_inputs_) return;
    // A bug hit by every input would otherwise leave thousands of files.
    const bool keep = stats_.findings > findings_before && stats_.findings <= kMaxSavedInputs;
    if (keep) std::cout << "  input saved to " << (std::filesystem::current_path() / file).string() << "\n";
    else std::filesystem::remove(file);
  }

 private:
  void Report(uint64_t iteration, const std::string& what) {
    ++stats_.findings;
    std::cout << "FINDING target=" << target_ << " iteration=" << iteration << " seed=" << seed_ << ": " << what
              << std::endl;
  }

  static constexpr uint64_t kMaxSavedInputs = 20;
  std::string target_;
  uint64_t seed_;
  bool save_inputs_;
  Stats& stats_;
};

// Each target draws from its own stream, so `--target scrub` repeats the scrub inputs of `--target all`.
std::mt19937_64 TargetRng(uint64_t seed, uint64_t target_index) {
  std::seed_seq sequence{seed, target_index};
  return std::mt19937_64(sequence);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// ---------------------------------------------------------------------------------------------------------------
// Corpus reader: mutated JSONL, plain or zstd (sometimes truncated), read to the end under both bad-record policies.

const std::vector<std::string> kCorpusSeeds = {
    "{\"id\": 1, \"text\": \"Patient Jane Roe, DOB 03/04/1961, phone (555) 123-4567.\"}\n"
    "{\"id\": \"n-2\", \"text\": \"caf\\u00e9 \\ud83d\\ude00 \\\"quoted\\\" tab\\t line\\n\", \"label\": \"cardio\","
    " \"user\": \"p-17\"}\n"
    "{\"id\": 3, \"text\": \"SSN 078-05-1120 on file\", \"label\": 4, \"user\": true}\n",

    "{\"meta\": {\"id\": \"m-1\"}, \"note\": {\"body\": \"Follow-up with Dr. Smith\", \"tags\": [\"a\", [1, 2, "
    "{\"x\": null}]]}, \"text\": \"ok\", \"id\": 3.5e2}\n"
    "{\"meta\": {\"id\": 2}, \"note\": {\"body\": \"mail jo@example.org\"}, \"text\": \"\", \"id\": -0}\n",

    "{\"id\": 7, \"text\": \"numbers\", \"extra\": [true, false, null, 1e999, -1.5E-7, "
    "12345678901234567890123, 0.0]}\r\n"
    "\r\n"
    "   \n"
    "{\"text\": \"no id here\", \"id\": \"\\u0041\\u0000\\u001f\"}\n",

    "{\"id\":1,\"text\":\"a\"}\n{\"id\":2,\"text\":\"b\"}\n{\"id\":3,\"text\":\"c\"}",
};

// Where a field might be found, so that mutations moving or renaming fields still meet a reader looking for them.
// Two fields may name the same path (meta.id as id and user).
const char* const kTextFields[] = {"text", "note.body", "note"};
const char* const kIdFields[] = {"id", "", "meta.id"};
const char* const kLabelFields[] = {"", "label"};
const char* const kUserFields[] = {"", "user", "meta.id"};

corpus::CorpusOptions RandomCorpusOptions(Mutator& random) {
  corpus::CorpusOptions options;
  options.text_field = kTextFields[random.Below(std::size(kTextFields))];
  options.id_field = kIdFields[random.Below(std::size(kIdFields))];
  options.label_field = kLabelFields[random.Below(std::size(kLabelFields))];
  options.user_field = kUserFields[random.Below(std::size(kUserFields))];
  if (random.OneIn(8)) options.max_record_bytes = 16 + random.Below(256);
  return options;
}

// Every combination of the field tables, for replaying a saved input.
std::vector<corpus::CorpusOptions> AllCorpusOptions() {
  std::vector<corpus::CorpusOptions> all;
  for (const char* text : kTextFields) {
    for (const char* id : kIdFields) {
      for (const char* label : kLabelFields) {
        for (const char* user : kUserFields) {
          corpus::CorpusOptions options;
          options.text_field = text;
          options.id_field = id;
          options.label_field = label;
          options.user_field = user;
          all.push_back(options);
        }
      }
    }
  }
  return all;
}

std::string Describe(const corpus::CorpusOptions& options) {
  return "text_field '" + options.text_field + "', id_field '" + options.id_field + "', label_field '" +
         options.label_field + "', user_field '" + options.user_field +
         "', max_record_bytes " + std::to_string(options.max_record_bytes);
}

struct ReadResult {
  std::vector<corpus::Record> records;
  uint64_t bad_records = 0;
  std::optional<std::string> error;  // the InputError that ended the read early
};

void CheckRecord(const corpus::Record& record, uint64_t previous_line, const corpus::CorpusOptions& options) {
  Require(record.line > previous_line, "record line numbers do not increase");
  Require(record.raw.find('\n') == std::string::npos, "a record's raw line holds a line break");
  Require(IsValidUtf8(record.raw), "a record's raw line is not valid UTF-8");
  Require(record.text_token_begin < record.text_token_end && record.text_token_end <= record.raw.size(),
          "text token span [" + std::to_string(record.text_token_begin) + ", " +
              std::to_string(record.text_token_end) + ") outside the raw line");
  Require(record.raw[record.text_token_begin] == '"' && record.raw[record.text_token_end - 1] == '"',
          "the text token is not a quoted string");
  Require(IsValidUtf8(record.text), "record text (id " + record.id + ") is not valid UTF-8");
  if (!options.id_field.empty() && options.user_field == options.id_field) {
    Require(record.user == record.id, "id and user read from the same field differ");
  }
}

ReadResult ReadCorpus(const std::filesystem::path& path, const corpus::CorpusOptions& options, Stats& stats) {
  ReadResult result;
  ++stats.executions;
  try {
    corpus::CorpusReader reader(path, options);
    corpus::Record record;
    while (reader.Next(record)) {
      CheckRecord(record, result.records.empty() ? 0 : result.records.back().line, options);
      result.records.push_back(record);
    }
    result.bad_records = reader.bad_records().count;
  } catch (const common::InputError& error) {
    ++stats.expected_errors;
    result.error = error.what();
  }
  return result;
}

bool SameRecord(const corpus::Record& a, const corpus::Record& b) {
  return a.line == b.line && a.id == b.id && a.text == b.text && a.label == b.label && a.user == b.user;
}

// Skipping bad records must deliver exactly what failing on them delivers, plus whatever follows the first one.
void CheckPoliciesAgree(const ReadResult& failing, const ReadResult& skipping) {
  Require(failing.records.size() <= skipping.records.size(),
          "the fail policy delivered more records than the skip policy");
  for (size_t i = 0; i < failing.records.size(); ++i) {
    Require(SameRecord(failing.records[i], skipping.records[i]),
            "record " + std::to_string(i) + " differs between the fail and skip policies");
  }
  Require(failing.bad_records == 0, "the fail policy counted a bad record instead of throwing");
  if (!failing.error) {
    Require(!skipping.error, "the skip policy threw where the fail policy did not: " + skipping.error.value_or(""));
    Require(skipping.records.size() == failing.records.size() && skipping.bad_records == 0,
            "the skip policy found bad records the fail policy accepted");
  }
}

// Reads `path` under both bad-record policies and checks every record and the agreement of the two reads.
void CheckCorpusFile(const std::filesystem::path& path, corpus::CorpusOptions options, Stats& stats) {
  try {
    options.on_bad_record = corpus::BadRecordPolicy::kFail;
    const ReadResult failing = ReadCorpus(path, options, stats);
    options.on_bad_record = corpus::BadRecordPolicy::kSkip;
    const ReadResult skipping = ReadCorpus(path, options, stats);
    CheckPoliciesAgree(failing, skipping);
  } catch (const Violation& violation) {
    throw Violation{violation.what + " (" + Describe(options) + ")"};
  } catch (const std::exception& error) {
    throw Violation{std::string("unexpected exception: ") + error.what() + " (" + Describe(options) + ")"};
  }
}

std::string Compress(std::string_view text, int level) {
  std::string compressed(ZSTD_compressBound(text.size()), '\0');
  const size_t size = ZSTD_compress(compressed.data(), compressed.size(), text.data(), text.size(), level);
  if (ZSTD_isError(size)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(size));
  compressed.resize(size);
  return compressed;
}

// Larger than the reader's 1 MiB read chunk: lines straddle chunks, and one line that long makes the buffer grow.
constexpr size_t kMultiChunkBytes = 3 << 19;

void FuzzCorpus(const Options& options, const std::filesystem::path& scratch, Stats& stats) {
  std::mt19937_64 rng = TargetRng(options.seed, 0);
  Mutator mutator(rng, Concat(kJsonTokens, kEncodingTokens), options.max_len);
  FindingLog log("corpus", options.seed, /*save_inputs=*/true, stats);
  for (uint64_t iteration = 0; iteration < options.iterations; ++iteration) {
    const std::string& seed = kCorpusSeeds[mutator.Below(kCorpusSeeds.size())];
    std::string lines = mutator.Mutate(seed, kCorpusSeeds);
    if (mutator.OneIn(200)) {
      lines = RepeatTo(lines.empty() ? seed : lines, kMultiChunkBytes);
      if (mutator.OneIn(2)) std::erase(lines, '\n');
    }
    // Every tenth input goes through zstd, sometimes cut short or with a damaged byte.
    const bool compressed = iteration % 10 == 9;
    std::string bytes = compressed ? Compress(lines, 1 + static_cast<int>(mutator.Below(5))) : lines;
    if (compressed && mutator.OneIn(3)) bytes.resize(mutator.Below(bytes.size() + 1));
    if (compressed && mutator.OneIn(4) && !bytes.empty()) bytes[mutator.Below(bytes.size())] ^= 0x20;
    const std::filesystem::path path = scratch / (compressed ? "input.jsonl.zst" : "input.jsonl");
    WriteFile(path, bytes);
    ++stats.inputs;
    const corpus::CorpusOptions corpus_options = RandomCorpusOptions(mutator);
    log.Guard(iteration, bytes, [&] { CheckCorpusFile(path, corpus_options, stats); });
    std::filesystem::remove(path);
  }
}

void ReplayCorpus(const Options& options, Stats& stats) {
  FindingLog log("corpus", options.seed, /*save_inputs=*/false, stats);
  const std::string bytes = ReadFile(options.replay);
  const std::vector<corpus::CorpusOptions> all = AllCorpusOptions();
  for (size_t i = 0; i < all.size(); ++i) {
    ++stats.inputs;
    log.Guard(i, bytes, [&] { CheckCorpusFile(options.replay, all[i], stats); });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Config loader: mutated copies of the shipped configs; a config that loads must also be usable.

const std::vector<std::string> kInlineConfigSeeds = {
    "run: &r {name: fuzz, seed: 7}\n"
    "data: {input: corpus.jsonl, text_field: note.body}\n"
    "hygiene:\n"
    "  scrub:\n"
    "    operators: {SSN: mask, EMAIL: hmac}\n"
    "    user_patterns:\n"
    "      - {name: emp, type: EMPLOYEE_ID, regex: 'E-\\d{6}', context: [employee], score: 0.9}\n"
    "train: {classes: [a, b], task: classifier}\n",

    "defaults: &d\n"
    "  seed: 3\n"
    "run:\n"
    "  <<: *d\n"
    "  name: \"caf\\u00e9\"\n"
    "data:\n"
    "  input: 'x.jsonl.zst'\n"
    "  max_record_bytes: 1048576\n"
    "privacy: {delta: 1e-6, target_epsilon: 2}\n",
};

std::vector<std::string> ConfigSeeds() {
  std::vector<std::string> seeds = kInlineConfigSeeds;
  const std::filesystem::path configs = std::filesystem::path(LEAKGATE_SOURCE_DIR) / "configs";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(configs)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // directory order varies; the seeds' order must not
  for (const auto& file : files) seeds.push_back(ReadFile(file));
  return seeds;
}

void CheckConfigUsable(const pipeline::Config& config) {
  try {
    config.CorpusOptions();
    config.DedupOptions();
  } catch (const std::exception& error) {
    throw Violation{std::string("a config that loaded has unusable data/hygiene settings: ") + error.what()};
  }
  try {
    pipeline::ConfigToJson(config).dump();
  } catch (const std::exception& error) {
    throw Violation{std::string("a config that loaded cannot be written as JSON: ") + error.what()};
  }
}

void CheckConfigText(const std::string& yaml, Stats& stats) {
  ++stats.executions;
  try {
    CheckConfigUsable(pipeline::ParseConfig(yaml, "fuzz.yaml"));
  } catch (const common::ConfigError&) {
    ++stats.expected_errors;
  }
}

void FuzzConfig(const Options& options, Stats& stats) {
  std::mt19937_64 rng = TargetRng(options.seed, 1);
  Mutator mutator(rng, Concat(kYamlTokens, kEncodingTokens), options.max_len);
  FindingLog log("config", options.seed, /*save_inputs=*/true, stats);
  const std::vector<std::string> seeds = ConfigSeeds();
  for (uint64_t iteration = 0; iteration < options.iterations; ++iteration) {
    const std::string yaml = mutator.Mutate(seeds[mutator.Below(seeds.size())], seeds);
    ++stats.inputs;
    log.Guard(iteration, yaml, [&] { CheckConfigText(yaml, stats); });
  }
}

void ReplayConfig(const Options& options, Stats& stats) {
  FindingLog log("config", options.seed, /*save_inputs=*/false, stats);
  const std::string yaml = ReadFile(options.replay);
  ++stats.inputs;
  log.Guard(0, yaml, [&] { CheckConfigText(yaml, stats); });
}

// ---------------------------------------------------------------------------------------------------------------
// Scrubber: mutated clinical notes through a placeholder and a mask scrubber; every few inputs a 64 KiB+ text
// built from them measures the throughput.

const std::vector<std::string> kNoteSeeds = {
    "Pt John Smith (DOB 03/04/1961), MRN: 00123456, seen 2021-05-06. Phone (555) 123-4567, email "
    "john.smith@example.com. SSN 078-05-1120.",
    "Dear Dr. Garcia, Mrs. Mary Ann O'Neil, age 67, lives at 123 Main Street, Springfield, IL 62704. "
    "Insurance member ID XJ4-99812-07; call 555.867.5309 ext 12.",
    "Follow-up: caf\xC3\xA9 au lait spots. Visit https://portal.example.org/p?id=8812&x=\xC3\xBC. "
    "Device serial SN-88A7-1192; IP 10.0.0.7; card 4111 1111 1111 1111; IBAN DE89 3704 0044 0532 0130 00.",
    "Smith, John was admitted March 3, 2021 and discharged 3rd of April 2021 \xE2\x80\x94 DEA AB1234563, "
    "license plate 7ABC123, VIN 1HGCM82633A004352, fe80::1ff:fe23:4567:890a.",
    "\xE6\x82\xA3\xE8\x80\x85 \xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD \xF0\x9F\x98\x80 tel +44 20 7946 0958, zip 02139, "
    "P.O. Box 42, 12/31/99.",
};

constexpr size_t kThroughputBytes = 64 * 1024;
constexpr uint64_t kThroughputEvery = 25;

// The last finding whose replacement starts at or before `output_offset` in the rewritten text, for the report.
std::string FindingBefore(const scrub::Scrubber& scrubber, std::string_view input, const scrub::ScrubbedText& out,
                          size_t output_offset) {
  std::string nearest = "none";
  int64_t shift = 0;  // output offset minus input offset after the findings so far
  for (const scrub::Finding& finding : out.findings) {
    const std::string replacement =
        scrubber.Replacement(finding, input.substr(finding.start, finding.end - finding.start));
    const int64_t output_start = static_cast<int64_t>(finding.start) + shift;
    if (output_start > static_cast<int64_t>(output_offset)) break;
    nearest = finding.type + " by " + finding.recognizer + " at input [" + std::to_string(finding.start) + ", " +
              std::to_string(finding.end) + ")";
    shift += static_cast<int64_t>(replacement.size()) - static_cast<int64_t>(finding.end - finding.start);
  }
  return nearest;
}

void CheckScrubbed(const scrub::Scrubber& scrubber, const std::string& name, std::string_view input,
                   const scrub::ScrubbedText& out) {
  size_t previous_end = 0;
  for (const scrub::Finding& finding : out.findings) {
    Require(finding.start < finding.end && finding.end <= input.size(),
            name + ": finding [" + std::to_string(finding.start) + ", " + std::to_string(finding.end) + ") " +
                finding.type + " outside the text or empty");
    Require(finding.start >= previous_end, name + ": findings overlap or are unsorted (" + finding.type + " at " +
                                               std::to_string(finding.start) + ")");
    previous_end = finding.end;
  }
  if (out.dropped) return;
  if (out.findings.empty()) Require(out.text == input, name + ": the text changed although nothing was found");
  if (IsValidUtf8(input)) {
    if (const auto bad = FirstInvalidUtf8(out.text)) {
      throw Violation{name + ": valid UTF-8 in, invalid UTF-8 out at output byte " + std::to_string(*bad) +
                      " (after finding " + FindingBefore(scrubber, input, out, *bad) + ")"};
    }
  }
  for (const scrub::Finding& residual : out.residual) {
    Require(residual.start < residual.end && residual.end <= out.text.size(),
            name + ": residual finding outside the output");
  }
}

struct Throughput {
  double worst_mb_per_s = 0.0;
  uint64_t worst_iteration = 0;
  size_t worst_bytes = 0;
  uint64_t measured = 0;
};

scrub::ScrubConfig MaskConfig() {
  scrub::ScrubConfig config;
  config.default_operator.kind = scrub::OperatorKind::kMask;
  return config;
}

// The default scrubber (placeholders) and one that masks.
class ScrubberPair {
 public:
  ScrubberPair() : placeholder_(scrub::ScrubConfig{}), masking_(MaskConfig()) {}

  // Scrubs `text` with both and checks the results; returns the lower throughput in MB/s of CPU time.
  double ScrubAndCheck(std::string_view text, Stats& stats) const {
    double slowest = std::numeric_limits<double>::infinity();
    for (const auto& [name, scrubber] : {std::pair{"placeholder", &placeholder_}, std::pair{"mask", &masking_}}) {
      ++stats.executions;
      const double start = ThreadCpuSeconds();
      const scrub::ScrubbedText out = scrubber->Scrub(text);
      const double seconds = ThreadCpuSeconds() - start;
      CheckScrubbed(*scrubber, name, text, out);
      const double mb_per_s = static_cast<double>(text.size()) / 1e6 / std::max(seconds, 1e-9);
      slowest = std::min(slowest, mb_per_s);
    }
    return slowest;
  }

 private:
  scrub::Scrubber placeholder_;
  scrub::Scrubber masking_;
};

void FuzzScrub(const Options& options, Stats& stats, Throughput& throughput) {
  std::mt19937_64 rng = TargetRng(options.seed, 2);
  Mutator mutator(rng, Concat(kScrubTokens, kEncodingTokens), options.max_len);
  FindingLog log("scrub", options.seed, /*save_inputs=*/true, stats);
  const ScrubberPair scrubbers;
  for (uint64_t iteration = 0; iteration < options.iterations; ++iteration) {
    std::string text = mutator.Mutate(kNoteSeeds[mutator.Below(kNoteSeeds.size())], kNoteSeeds);
    const bool timed = iteration % kThroughputEvery == kThroughputEvery - 1;
    if (timed) text = RepeatTo(text.empty() ? kNoteSeeds.front() : text, kThroughputBytes);
    ++stats.inputs;
    log.Guard(iteration, text, [&] {
      const double mb_per_s = scrubbers.ScrubAndCheck(text, stats);
      if (!timed) return;
      if (throughput.measured++ == 0 || mb_per_s < throughput.worst_mb_per_s) {
        throughput.worst_mb_per_s = mb_per_s;
        throughput.worst_iteration = iteration;
        throughput.worst_bytes = text.size();
      }
    });
  }
}

void ReplayScrub(const Options& options, Stats& stats) {
  FindingLog log("scrub", options.seed, /*save_inputs=*/false, stats);
  const std::string text = ReadFile(options.replay);
  const ScrubberPair scrubbers;
  ++stats.inputs;
  log.Guard(0, text, [&] {
    const double mb_per_s = scrubbers.ScrubAndCheck(text, stats);
    std::printf("scrub  %.2f MB/s (CPU time) on %zu bytes\n", mb_per_s, text.size());
  });
}

// ---------------------------------------------------------------------------------------------------------------

void PrintSummary(const std::string& target, const Stats& stats) {
  std::printf("%-6s inputs=%llu executions=%llu findings=%llu expected_errors=%llu seconds=%.1f\n", target.c_str(),
              static_cast<unsigned long long>(stats.inputs), static_cast<unsigned long long>(stats.executions),
              static_cast<unsigned long long>(stats.findings), static_cast<unsigned long long>(stats.expected_errors),
              stats.seconds);
  std::fflush(stdout);  // a crash in the next target must not take this line with it
}

template <typename Run>
uint64_t Timed(const std::string& target, Run run) {
  Stats stats;
  const auto start = std::chrono::steady_clock::now();
  run(stats);
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  PrintSummary(target, stats);
  return stats.findings;
}

std::optional<Options> ParseOptions(int argc, char** argv) {
  Options options;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string flag = argv[i];
      if (i + 1 >= argc) return std::nullopt;
      const std::string value = argv[++i];
      if (flag == "--iterations") options.iterations = std::stoull(value);
      else if (flag == "--seed") options.seed = std::stoull(value);
      else if (flag == "--max-len") options.max_len = std::stoull(value);
      else if (flag == "--target") options.target = value;
      else if (flag == "--replay") options.replay = value;
      else return std::nullopt;
    }
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const bool one_target = options.target == "corpus" || options.target == "config" || options.target == "scrub";
  if (!(one_target || (options.target == "all" && options.replay.empty())) || options.max_len < 16) {
    return std::nullopt;
  }
  return options;
}

uint64_t Fuzz(const Options& options) {
  const auto wants = [&](const char* target) { return options.target == "all" || options.target == target; };
  std::cout << "fuzz_inputs: seed " << options.seed << ", " << options.iterations << " iterations per target, "
            << "inputs up to " << options.max_len << " bytes" << std::endl;
  uint64_t findings = 0;
  if (wants("corpus")) {
    const std::filesystem::path scratch =
        std::filesystem::temp_directory_path() / ("leakgate-fuzz-" + std::to_string(getpid()));
    std::filesystem::create_directories(scratch);
    findings += Timed("corpus", [&](Stats& stats) { FuzzCorpus(options, scratch, stats); });
    std::filesystem::remove_all(scratch);
  }
  if (wants("config")) findings += Timed("config", [&](Stats& stats) { FuzzConfig(options, stats); });
  if (wants("scrub")) {
    Throughput throughput;
    findings += Timed("scrub", [&](Stats& stats) { FuzzScrub(options, stats, throughput); });
    std::printf("scrub  worst throughput %.2f MB/s (CPU time, %zu-byte input at iteration %llu; %llu timed scrubs)\n",
                throughput.worst_mb_per_s, throughput.worst_bytes,
                static_cast<unsigned long long>(throughput.worst_iteration),
                static_cast<unsigned long long>(throughput.measured));
    std::fflush(stdout);
  }
  return findings;
}

uint64_t Replay(const Options& options) {
  std::cout << "fuzz_inputs: replaying " << options.replay << " through " << options.target << std::endl;
  if (options.target == "corpus") return Timed("corpus", [&](Stats& stats) { ReplayCorpus(options, stats); });
  if (options.target == "config") return Timed("config", [&](Stats& stats) { ReplayConfig(options, stats); });
  return Timed("scrub", [&](Stats& stats) { ReplayScrub(options, stats); });
}

int Run(int argc, char** argv) {
  const std::optional<Options> options = ParseOptions(argc, argv);
  if (!options) {
    std::cerr << "usage: fuzz_inputs [--iterations N (per target, default 3000)] [--seed S (default 1)]\n"
                 "                   [--target corpus|config|scrub|all] [--max-len BYTES (>= 16, default 65536)]\n"
                 "       fuzz_inputs --target corpus|config|scrub --replay FILE   (one saved input, e.g. a finding)\n";
    return 2;
  }
  InstallCrashReporting();
  LimitMemory();
  const uint64_t findings = options->replay.empty() ? Fuzz(*options) : Replay(*options);
  std::cout << (findings == 0 ? "no findings\n" : std::to_string(findings) + " finding(s)\n");
  return findings == 0 ? 0 : 1;
}

}  // namespace
}  // namespace leakgate::fuzz

int main(int argc, char** argv) { return leakgate::fuzz::Run(argc, argv); }
