#include "dedup/minhash/minhash.h"

#include <omp.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <random>

// Inline xxHash so short shingles are hashed without a library call.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "dedup/minhash/errors.h"
#include "dedup/minhash/minhash_kernels.h"

namespace leakgate::dedup {
namespace {

constexpr int kMaxNumPerm = 1 << 20;
// Token hashes are processed in chunks that stay in L1 while every block of permutations passes over them.
constexpr size_t kHashChunk = 2048;

// NumPy legacy RandomState bounded draw: masked rejection on 64-bit words built from two MT19937 outputs.
uint64_t DrawMasked(std::mt19937& generator, uint64_t low, uint64_t span_inclusive) {
  uint64_t mask = span_inclusive;
  for (int shift = 1; shift < 64; shift <<= 1) mask |= mask >> shift;
  while (true) {
    const uint64_t high = generator();
    const uint64_t word = (high << 32) | generator();
    const uint64_t value = word & mask;
    if (value <= span_inclusive) return low + value;
  }
}

class Sha1Context {
 public:
  Sha1Context() : context_(EVP_MD_CTX_new(), &EVP_MD_CTX_free), sha1_(EVP_sha1()) {}
  uint32_t First32BitsLittleEndian(std::string_view token) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!context_ || EVP_DigestInit_ex(context_.get(), sha1_, nullptr) != 1 ||
        EVP_DigestUpdate(context_.get(), token.data(), token.size()) != 1 ||
        EVP_DigestFinal_ex(context_.get(), digest, &length) != 1) {
      throw std::runtime_error("OpenSSL SHA-1 failed");
    }
    return static_cast<uint32_t>(digest[0]) | static_cast<uint32_t>(digest[1]) << 8 |
           static_cast<uint32_t>(digest[2]) << 16 | static_cast<uint32_t>(digest[3]) << 24;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
  const EVP_MD* sha1_;
};

bool AnyWiderThan32Bits(std::span<const uint64_t> hashes) {
  uint64_t bits = 0;
  for (const uint64_t hash : hashes) bits |= hash;
  return (bits >> 32) != 0;
}

struct SignScratch {
  MinHashConfig config;
  Shingler shingler{ShingleSpec{}};
  std::vector<uint64_t> hashes;
  std::vector<uint32_t> offsets;
  std::vector<uint32_t> lengths;
};

}  // namespace

HashFunction ParseHashFunction(std::string_view name) {
  if (name == "xxh32") return HashFunction::kXxh32;
  if (name == "xxh64") return HashFunction::kXxh64;
  if (name == "sha1" || name == "sha1_hash32") return HashFunction::kSha1Hash32;
  throw MinHashError("unknown MinHash hash function '" + std::string(name) +
                     "'; expected xxh32, xxh64 or sha1_hash32");
}

std::string_view HashFunctionName(HashFunction function) {
  switch (function) {
    case HashFunction::kXxh32:
      return "xxh32";
    case HashFunction::kXxh64:
      return "xxh64";
    case HashFunction::kSha1Hash32:
      return "sha1_hash32";
  }
  return "?";
}

uint64_t HashToken(HashFunction function, std::string_view token) {
  switch (function) {
    case HashFunction::kXxh32:
      return XXH32(token.data(), token.size(), 0);
    case HashFunction::kXxh64:
      return XXH64(token.data(), token.size(), 0);
    case HashFunction::kSha1Hash32: {
      thread_local Sha1Context sha1;
      return sha1.First32BitsLittleEndian(token);
    }
  }
  return 0;
}

Permutations MakePermutations(int num_perm, uint32_t seed) {
  if (num_perm < 1 || num_perm > kMaxNumPerm) {
    throw MinHashError("num_perm = " + std::to_string(num_perm) + " is out of range; expected 1.." +
                       std::to_string(kMaxNumPerm));
  }
  std::mt19937 generator(seed);
  Permutations permutations;
  permutations.a.resize(static_cast<size_t>(num_perm));
  permutations.b.resize(static_cast<size_t>(num_perm));
  for (size_t i = 0; i < permutations.a.size(); ++i) {
    permutations.a[i] = DrawMasked(generator, 1, kMersenne61 - 3);
    permutations.b[i] = DrawMasked(generator, 0, kMersenne61 - 2);
  }
  return permutations;
}

bool KernelSupported(MinHashKernel kernel) {
  // __builtin_cpu_init first, in case this runs from a static initializer before libgcc's own.
  static const bool has_avx2 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  static const bool has_avx512 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  }();
  switch (kernel) {
    case MinHashKernel::kAuto:
    case MinHashKernel::kScalar:
      return true;
    case MinHashKernel::kAvx2:
      return has_avx2;
    case MinHashKernel::kAvx512:
      return has_avx512;
  }
  return false;
}

MinHashKernel BestMinHashKernel() {
  static const MinHashKernel best = KernelSupported(MinHashKernel::kAvx512) ? MinHashKernel::kAvx512
                                    : KernelSupported(MinHashKernel::kAvx2) ? MinHashKernel::kAvx2
                                                                            : MinHashKernel::kScalar;
  return best;
}

std::string_view KernelName(MinHashKernel kernel) {
  switch (kernel) {
    case MinHashKernel::kAuto:
      return "auto";
    case MinHashKernel::kScalar:
      return "scalar";
    case MinHashKernel::kAvx2:
      return "avx2";
    case MinHashKernel::kAvx512:
      return "avx512";
  }
  return "?";
}

void UpdateSignature(std::span<const uint64_t> token_hashes, const Permutations& permutations,
                     std::span<uint32_t> signature, MinHashKernel kernel) {
  const size_t num_perm = signature.size();
  if (permutations.a.size() != num_perm || permutations.b.size() != num_perm) {
    throw MinHashError("signature has " + std::to_string(num_perm) + " values but the permutations have " +
                       std::to_string(permutations.a.size()) + "; they must match");
  }
  if (!KernelSupported(kernel)) {
    throw MinHashError("MinHash kernel '" + std::string(KernelName(kernel)) + "' is not supported by this CPU");
  }
  if (kernel == MinHashKernel::kAuto) kernel = BestMinHashKernel();
  const uint64_t* a = permutations.a.data();
  const uint64_t* b = permutations.b.data();
  for (size_t begin = 0; begin < token_hashes.size(); begin += kHashChunk) {
    const auto chunk = token_hashes.subspan(begin, std::min(kHashChunk, token_hashes.size() - begin));
    switch (kernel) {
      case MinHashKernel::kAvx512:
        UpdateAvx512(chunk, a, b, signature.data(), num_perm);
        break;
      case MinHashKernel::kAvx2:
        if (AnyWiderThan32Bits(chunk)) {
          UpdateAvx2Wide(chunk, a, b, signature.data(), num_perm);
        } else {
          UpdateAvx2Narrow(chunk, a, b, signature.data(), num_perm);
        }
        break;
      default:
        UpdateScalar(chunk, a, b, signature.data(), 0, num_perm);
        break;
    }
  }
}

double EstimatedJaccard(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  if (a.size() != b.size() || a.empty()) {
    throw MinHashError("cannot compare MinHash signatures of lengths " + std::to_string(a.size()) + " and " +
                       std::to_string(b.size()) + "; expected equal non-zero lengths");
  }
  size_t equal = 0;
  for (size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i];
  return static_cast<double>(equal) / static_cast<double>(a.size());
}

MinHasher::MinHasher(const MinHashConfig& config, MinHashKernel kernel)
    : config_(config), permutations_(MakePermutations(config.num_perm, config.seed)), kernel_(kernel) {
  if (!KernelSupported(kernel)) {
    throw MinHashError("MinHash kernel '" + std::string(KernelName(kernel)) + "' is not supported by this CPU");
  }
  if (kernel_ == MinHashKernel::kAuto) kernel_ = BestMinHashKernel();
}

size_t MinHasher::Sign(std::string_view text, std::span<uint32_t> signature) const {
  if (signature.size() != static_cast<size_t>(config_.num_perm)) {
    throw MinHashError("signature buffer has " + std::to_string(signature.size()) + " values; expected num_perm = " +
                       std::to_string(config_.num_perm));
  }
  thread_local SignScratch scratch;
  if (!(scratch.config.shingle == config_.shingle) || scratch.config.nfkc != config_.nfkc) {
    scratch.shingler = Shingler(config_.shingle, config_.nfkc);
    scratch.config = config_;
  }
  const std::vector<std::string_view>& shingles = scratch.shingler.Shingle(text);
  scratch.hashes.resize(shingles.size());
  if (config_.hash == HashFunction::kXxh32 && kernel_ == MinHashKernel::kAvx512 && !shingles.empty()) {
    // Shingles share one padded buffer starting at the first shingle (see Shingler::Shingle).
    const char* const base = shingles.front().data();
    scratch.offsets.resize(shingles.size());
    scratch.lengths.resize(shingles.size());
    for (size_t i = 0; i < shingles.size(); ++i) {
      scratch.offsets[i] = static_cast<uint32_t>(shingles[i].data() - base);
      scratch.lengths[i] = static_cast<uint32_t>(shingles[i].size());
    }
    Xxh32Avx512(base, scratch.offsets.data(), scratch.lengths.data(), shingles.size(), scratch.hashes.data());
  } else {
    for (size_t i = 0; i < shingles.size(); ++i) scratch.hashes[i] = HashToken(config_.hash, shingles[i]);
  }
  std::fill(signature.begin(), signature.end(), 0xFFFFFFFFu);
  UpdateSignature(scratch.hashes, permutations_, signature, kernel_);
  return shingles.size();
}

std::vector<uint32_t> MinHasher::Sign(std::string_view text) const {
  std::vector<uint32_t> signature(static_cast<size_t>(config_.num_perm));
  Sign(text, signature);
  return signature;
}

size_t MinHasher::SignBatch(std::span<const std::string_view> texts, std::span<uint32_t> signatures,
                            int threads, std::span<uint64_t> shingles_per_text) const {
  const size_t num_perm = static_cast<size_t>(config_.num_perm);
  if (signatures.size() != texts.size() * num_perm) {
    throw MinHashError("signature buffer has " + std::to_string(signatures.size()) + " values; expected " +
                       std::to_string(texts.size()) + " texts x " + std::to_string(num_perm));
  }
  if (!shingles_per_text.empty() && shingles_per_text.size() != texts.size()) {
    throw MinHashError("shingle counts for " + std::to_string(shingles_per_text.size()) + " texts; expected " +
                       std::to_string(texts.size()));
  }
  if (threads < 0) throw MinHashError("threads = " + std::to_string(threads) + "; expected >= 0 (0 = all cores)");
  const int team = threads > 0 ? threads : omp_get_max_threads();
  const auto count = static_cast<std::ptrdiff_t>(texts.size());
  size_t total_shingles = 0;
  std::exception_ptr first_error;  // the error of the lowest failing text index, as a serial loop would report
  std::ptrdiff_t first_error_index = count;
#pragma omp parallel for num_threads(team) schedule(dynamic, 8) reduction(+ : total_shingles)
  for (std::ptrdiff_t i = 0; i < count; ++i) {
    try {
      const size_t shingles = Sign(texts[i], signatures.subspan(static_cast<size_t>(i) * num_perm, num_perm));
      total_shingles += shingles;
      if (!shingles_per_text.empty()) shingles_per_text[static_cast<size_t>(i)] = shingles;
    } catch (...) {
#pragma omp critical(leakgate_minhash_error)
      if (i < first_error_index) {
        first_error_index = i;
        first_error = std::current_exception();
      }
    }
  }
  if (first_error) std::rethrow_exception(first_error);
  return total_shingles;
}

std::vector<uint32_t> MinHasher::SignBatch(std::span<const std::string_view> texts, int threads) const {
  std::vector<uint32_t> signatures(texts.size() * static_cast<size_t>(config_.num_perm));
  SignBatch(texts, signatures, threads);
  return signatures;
}

}  // namespace leakgate::dedup
