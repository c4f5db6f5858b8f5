// Text normalisation and shingling with Python 3.11 semantics (str.lower(), str.split()), as datasketch users
// tokenise: the shingles produced here are the exact byte strings Python would hash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leakgate::dedup {

// How a text becomes shingles: "words:N" (N-word shingles) or "chars:N" (N-code-point shingles).
struct ShingleSpec {
  enum class Unit { kWords, kChars };
  Unit unit = Unit::kWords;
  int size = 5;

  // Parses "words:N" or "chars:N" (1 <= N <= 4096); throws MinHashError otherwise.
  static ShingleSpec Parse(std::string_view spec);
  std::string ToString() const;
  bool operator==(const ShingleSpec&) const = default;
};

// True for the code points Python's str.isspace() accepts (the separators of str.split()).
bool IsPythonSpace(char32_t code_point);

// Python's str.lower() of a UTF-8 string (full lowercasing, U+0130 -> "i\u0307", Final_Sigma rule).
// Throws MinHashError if `text` is not valid UTF-8.
std::string PythonLower(std::string_view text);

// Unicode NFKC normalisation of a UTF-8 string (utf8proc). Throws MinHashError on invalid UTF-8.
std::string Nfkc(std::string_view text);

// Words of a text after optional NFKC and Python lower(), joined by single spaces into one buffer.
// [first, second) byte offsets of one word in NormalizedWords::joined.
struct WordBound {
  uint32_t first;
  uint32_t second;
  bool operator==(const WordBound&) const = default;
};

// An allocator whose resize leaves new elements default-initialised: a buffer sized for the worst case of every text
// (half its length in words) is then not zero-filled each time.
template <typename T>
struct UninitialisedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitialisedAllocator<U>;
  };
  template <typename U>
  void construct(U* place) noexcept {
    ::new (static_cast<void*>(place)) U;
  }
  template <typename U, typename... Args>
  void construct(U* place, Args&&... args) {
    ::new (static_cast<void*>(place)) U(std::forward<Args>(args)...);
  }
};

struct NormalizedWords {
  std::string joined;                                                   // "w0 w1 w2", no leading/trailing space
  std::vector<WordBound, UninitialisedAllocator<WordBound>> bounds;  // each word's place in `joined`
};

// Fills `out` with the words of `text.lower().split()` (after NFKC when `nfkc`), reusing its buffers.
// Throws MinHashError on invalid UTF-8 or a text over 1 GiB.
void NormalizeWords(std::string_view text, bool nfkc, NormalizedWords& out);

// Turns texts into shingles; reusable buffers make repeated calls allocation-free once warmed up.
// One Shingler per thread.
class Shingler {
 public:
  explicit Shingler(ShingleSpec spec, bool nfkc = false) : spec_(spec), nfkc_(nfkc) {}

  // Zero bytes that follow the last shingle in the shared buffer, so vectorised hashing may over-read.
  static constexpr size_t kShinglePadding = 16;

  // The shingles of `text` in document order (duplicates kept). The views point, at increasing addresses, into
  // one buffer of this object followed by kShinglePadding readable bytes, and stay valid until the next call.
  const std::vector<std::string_view>& Shingle(std::string_view text);

  const ShingleSpec& spec() const { return spec_; }

 private:
  ShingleSpec spec_;
  bool nfkc_;
  NormalizedWords words_;
  std::vector<uint32_t> code_point_starts_;
  std::vector<std::string_view> shingles_;
};

}  // namespace leakgate::dedup
