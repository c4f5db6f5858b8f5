// Dedup across ranks: the sketches of a corpus's shares merge into the sketch of the whole, and the plan across N
// ranks (threads standing in for MPI processes here; tests/e2e runs mpirun) is the single-process plan.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "common/errors.h"
#include "dedup/distributed.h"
#include "tests/dedup/dedup_corpus.h"
#include "tests/support/temp_dir.h"

namespace leakgate::dedup {
namespace {

using DedupRanksTest = ::leakgate::testing::TempDirTest;

// Ranks as threads of one process, exchanging messages through shared queues.
class ThreadRanks {
 public:
  explicit ThreadRanks(int size) : size_(size) {}

  class Rank : public Communicator {
   public:
    Rank(ThreadRanks& ranks, int rank) : ranks_(ranks), rank_(rank) {}
    int rank() const override { return rank_; }
    int size() const override { return ranks_.size_; }
    int ranks_on_this_machine() const override { return ranks_.size_; }
    std::vector<uint64_t> AllGather(uint64_t value) override { return ranks_.AllGather(rank_, value); }
    void Send(int to, std::string_view bytes) override {
      std::lock_guard lock(ranks_.mutex_);
      ranks_.mail_[{rank_, to}].emplace_back(bytes);
      ranks_.changed_.notify_all();
    }
    std::string Receive(int from) override {
      std::unique_lock lock(ranks_.mutex_);
      auto& queue = ranks_.mail_[{from, rank_}];
      ranks_.changed_.wait(lock, [&] { return !queue.empty(); });
      std::string bytes = std::move(queue.front());
      queue.pop_front();
      return bytes;
    }
    [[noreturn]] void Abort(common::ExitCode) override { std::abort(); }

   private:
    ThreadRanks& ranks_;
    int rank_;
  };

  // Runs `body` on every rank, each on its own thread; returns what each returned or threw.
  template <typename Result>
  std::vector<std::pair<std::optional<Result>, std::exception_ptr>> Run(
      const std::function<Result(Communicator&)>& body) {
    std::vector<std::pair<std::optional<Result>, std::exception_ptr>> results(static_cast<size_t>(size_));
    std::vector<std::thread> threads;
    for (int r = 0; r < size_; ++r) {
      threads.emplace_back([&, r] {
        Rank rank(*this, r);
        try {
          results[r].first = body(rank);
        } catch (...) {
          results[r].second = std::current_exception();
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    return results;
  }

 private:
  std::vector<uint64_t> AllGather(int rank, uint64_t value) {
    std::unique_lock lock(mutex_);
    const int round = round_;
    gathering_.resize(static_cast<size_t>(size_));
    gathering_[rank] = value;
    if (++arrived_ == size_) {
      gathered_[round] = gathering_;
      arrived_ = 0;
      ++round_;
      changed_.notify_all();
    } else {
      changed_.wait(lock, [&] { return round_ != round; });
    }
    return gathered_[round];
  }

  const int size_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::pair<int, int>, std::deque<std::string>> mail_;
  std::vector<uint64_t> gathering_;
  std::map<int, std::vector<uint64_t>> gathered_;
  int arrived_ = 0;
  int round_ = 0;
};

DedupOptions SmallBlocks() {
  DedupOptions options;
  options.threads = 1;
  options.share_block_bytes = 4096;  // the 2.7 MB test corpus in about 650 blocks
  return options;
}

TEST_F(DedupRanksTest, SketchesOfTheSharesMergeIntoTheSketchOfTheWholeCorpus) {
  const std::string input = Write("c.jsonl", CorpusWithDuplicates());
  for (const bool exact : {true, false}) {
    DedupOptions options = SmallBlocks();
    options.exact = exact;
    const CorpusSketch whole = SketchCorpus(input, Skipping(), options);
    ASSERT_EQ(whole.bad_records.count, 21u);
    ASSERT_EQ(whole.exact_duplicates.size() > 1000u, exact);
    for (const int count : {2, 3, 5}) {
      SCOPED_TRACE(::testing::Message() << count << " shares, exact " << exact);
      std::vector<CorpusSketch> shares;
      uint64_t records = 0;
      for (int index = count - 1; index >= 0; --index) {  // any order
        shares.push_back(
            SketchCorpus(input, Skipping(), options, corpus::CorpusShare{index, count, options.share_block_bytes}));
        records += shares.back().ids.size();
        ASSERT_LT(shares.back().ids.size(), whole.ids.size());
      }
      EXPECT_EQ(records, whole.ids.size());
      const CorpusSketch merged = MergeSketches(std::move(shares), options);
      EXPECT_EQ(merged.ids, whole.ids);
      EXPECT_EQ(merged.distinct, whole.distinct);
      EXPECT_EQ(merged.exact_duplicates, whole.exact_duplicates);
      EXPECT_EQ(merged.signatures, whole.signatures);
      EXPECT_EQ(merged.bad_records, whole.bad_records);
      EXPECT_TRUE(merged == whole);
    }
  }
}

TEST_F(DedupRanksTest, ASketchSurvivesEncodingAndMalformedBytesAreRefused) {
  const std::string input = Write("c.jsonl", CorpusWithDuplicates());
  const CorpusSketch sketch =
      SketchCorpus(input, Skipping(), SmallBlocks(), corpus::CorpusShare{1, 3, SmallBlocks().share_block_bytes});
  const DedupOptions options = SmallBlocks();
  const std::string bytes = EncodeSketch(sketch);
  EXPECT_TRUE(DecodeSketch(bytes, options) == sketch);
  EXPECT_THROW(DecodeSketch(bytes.substr(0, bytes.size() - 1), options), common::InternalError);
  EXPECT_THROW(DecodeSketch(bytes + "x", options), common::InternalError);
  EXPECT_THROW(DecodeSketch(std::string(16, '\xff'), options), common::InternalError);
  // Well-framed but inconsistent: indices that MergeSketches would follow out of bounds.
  CorpusSketch out_of_range = sketch;
  out_of_range.distinct.back() = out_of_range.ids.size();
  EXPECT_THROW(DecodeSketch(EncodeSketch(out_of_range), options), common::InternalError);
  CorpusSketch wrong_text = sketch;
  wrong_text.exact_duplicates.back().second = static_cast<uint32_t>(wrong_text.distinct.size());
  EXPECT_THROW(DecodeSketch(EncodeSketch(wrong_text), options), common::InternalError);
  CorpusSketch short_lines = sketch;
  short_lines.lines.pop_back();
  EXPECT_THROW(DecodeSketch(EncodeSketch(short_lines), options), common::InternalError);
  DedupOptions other_num_perm = options;
  other_num_perm.num_perm = 64;
  EXPECT_THROW(DecodeSketch(bytes, other_num_perm), common::InternalError);
}

TEST_F(DedupRanksTest, ThePlanAcrossRanksIsTheSingleProcessPlan) {
  const std::string input = Write("c.jsonl", CorpusWithDuplicates());
  const DedupOptions options = SmallBlocks();
  const DedupPlan single = PlanDeduplication(input, Skipping(), options);
  for (const int size : {1, 2, 4}) {
    SCOPED_TRACE(::testing::Message() << size << " ranks");
    const auto results = ThreadRanks(size).Run<std::optional<DedupPlan>>(
        [&](Communicator& ranks) { return PlanDeduplicationAcrossRanks(ranks, input, Skipping(), options); });
    for (int r = 1; r < size; ++r) {
      ASSERT_FALSE(results[r].second);
      EXPECT_FALSE(results[r].first->has_value()) << "rank " << r << " has a plan";
    }
    ASSERT_FALSE(results[0].second);
    ExpectSamePlan(**results[0].first, single);
  }
}

TEST_F(DedupRanksTest, TheFirstBadRecordInInputOrderFailsEveryRankAndIsReportedOnce) {
  // Bad lines fall on lines 6, 1003, 2000, ...: in different blocks, so on different ranks.
  const std::string input = Write("c.jsonl", CorpusWithDuplicates());
  const DedupOptions options = SmallBlocks();
  const int size = 3;
  const auto results = ThreadRanks(size).Run<std::optional<DedupPlan>>(
      [&](Communicator& ranks) { return PlanDeduplicationAcrossRanks(ranks, input, corpus::CorpusOptions{}, options); });
  int reported = 0;
  for (int r = 0; r < size; ++r) {
    ASSERT_TRUE(results[r].second) << "rank " << r << " did not fail";
    try {
      std::rethrow_exception(results[r].second);
    } catch (const common::InputError& error) {
      ++reported;
      EXPECT_THAT(error.what(), ::testing::HasSubstr("c.jsonl:6: invalid JSON"));
    } catch (const PeerFailed& failed) {
      EXPECT_EQ(failed.exit_code(), common::ExitCode::kBadInput);
    }
  }
  EXPECT_EQ(reported, 1);
  // Without the bad line 6, the first is line 1003, which a rank other than 0 reads.
  std::string corpus = CorpusWithDuplicates();
  const std::string first_bad = "{\"id\": \"broken5\", \"text\": \n";
  corpus.replace(corpus.find(first_bad), first_bad.size(), "{\"id\": \"fixed\", \"text\": \"fixed\"}\n");
  Write("c.jsonl", corpus);
  const size_t line_1003 = corpus.find("{\"id\": \"broken1002\"");
  ASSERT_NE(line_1003, std::string::npos);
  const uint64_t block = line_1003 / options.share_block_bytes;
  int later_size = 2;
  while (block % later_size == 0) ++later_size;
  const int owner = static_cast<int>(block % later_size);
  const auto later = ThreadRanks(later_size).Run<std::optional<DedupPlan>>(
      [&](Communicator& ranks) { return PlanDeduplicationAcrossRanks(ranks, input, corpus::CorpusOptions{}, options); });
  reported = 0;
  for (int r = 0; r < later_size; ++r) {
    try {
      std::rethrow_exception(later[r].second);
    } catch (const common::InputError& error) {
      ++reported;
      EXPECT_EQ(r, owner);
      EXPECT_THAT(error.what(), ::testing::HasSubstr("c.jsonl:1003: invalid JSON"));
    } catch (const PeerFailed&) {
    }
  }
  EXPECT_EQ(reported, 1);
}

TEST_F(DedupRanksTest, AnEmptyCorpusFailsOnTheRootAlone) {
  const std::string input = Write("c.jsonl", "\n\n");
  const auto results = ThreadRanks(2).Run<std::optional<DedupPlan>>(
      [&](Communicator& ranks) { return PlanDeduplicationAcrossRanks(ranks, input, Skipping(), SmallBlocks()); });
  ASSERT_TRUE(results[0].second);
  EXPECT_THROW(std::rethrow_exception(results[0].second), common::InputError);
  EXPECT_FALSE(results[1].second);
}

}  // namespace
}  // namespace leakgate::dedup
