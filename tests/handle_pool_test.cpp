// The searcher's database handles (searcher/src/handle_pool.h): a pooled handle sees the commits
// made since it was opened, reads are retried when a writer commits under them, and the revision
// of a stub of local shards is the sum of theirs.
#include "handle_pool.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "sitrep/indexer.h"
#include "sitrep/paths.h"
#include "test_util.h"

namespace sitrep {
namespace {

Article report(int k) {
  return test::article("r" + std::to_string(k), Date{2024, 12, 1 + k % 28}, "Report " + std::to_string(k),
                       "Hezbollah fighters were seen near Hermel, report " + std::to_string(k) + ".");
}

class HandlePoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (test::process_scratch("handle-pool") / "index").string();
    auto ix = Indexer::open(dir_);
    ASSERT_TRUE(ix) << ix.status().to_string();
    ASSERT_TRUE(ix->add(report(0)));
    ASSERT_TRUE(ix->commit());
  }
  void TearDown() override { std::filesystem::remove_all(std::filesystem::path(dir_).parent_path()); }
  std::string dir_;
};

TEST_F(HandlePoolTest, AHandleSeesACommitMadeAfterThePoolWasCreated) {
  HandlePool pool(dir_);
  EXPECT_FALSE(pool.local_shards());
  Xapian::Database* first = nullptr;
  Xapian::rev before = 0;
  {
    HandlePool::Handle h(pool);
    first = &h.db();
    EXPECT_EQ(h.db().get_doccount(), 1u);
    before = h.revision();
    EXPECT_EQ(before, Xapian::Database(dir_).get_revision());
  }
  {
    auto ix = Indexer::open(dir_);
    ASSERT_TRUE(ix);
    ASSERT_TRUE(ix->add(report(1)));
    ASSERT_TRUE(ix->commit());
  }
  HandlePool::Handle h(pool);
  EXPECT_EQ(&h.db(), first);  // the pooled handle, given back and reopened
  EXPECT_EQ(h.db().get_doccount(), 2u);
  EXPECT_GT(h.revision(), before);
  // A second handle at once is a database of its own.
  HandlePool::Handle other(pool);
  EXPECT_NE(&other.db(), &h.db());
  EXPECT_EQ(other.db().get_doccount(), 2u);
}

TEST_F(HandlePoolTest, AGivenDatabaseJoinsThePool) {
  HandlePool pool(dir_);
  auto given = std::make_unique<Xapian::Database>(dir_);
  Xapian::Database* raw = given.get();
  pool.give(std::move(given));
  {
    auto ix = Indexer::open(dir_);
    ASSERT_TRUE(ix);
    ASSERT_TRUE(ix->add(report(1)));
    ASSERT_TRUE(ix->commit());
  }
  HandlePool::Handle h(pool);
  EXPECT_EQ(&h.db(), raw);
  EXPECT_EQ(h.db().get_doccount(), 2u);  // reopened when taken
}

TEST_F(HandlePoolTest, WithDbRetriesWhenTheIndexChangesUnderTheRead) {
  HandlePool pool(dir_);
  auto ix = Indexer::open(dir_);
  ASSERT_TRUE(ix);
  // The first two reads fail as if a writer had committed twice under them; the third, on the
  // refreshed handle, sees the commits made meanwhile.
  int calls = 0;
  const Xapian::doccount seen = pool.with_db([&](Xapian::Database& db) -> Xapian::doccount {
    if (++calls <= 2) {
      EXPECT_TRUE(ix->add(report(calls)));
      EXPECT_TRUE(ix->commit());
      throw Xapian::DatabaseModifiedError("committed under the read");
    }
    return db.get_doccount();
  });
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(seen, 3u);
  // A read that keeps failing gives up after kReadAttempts, with the error.
  calls = 0;
  EXPECT_THROW(pool.with_db([&](Xapian::Database&) -> int {
    ++calls;
    throw Xapian::DatabaseModifiedError("always");
  }),
               Xapian::DatabaseModifiedError);
  EXPECT_EQ(calls, HandlePool::kReadAttempts);
  // Other errors are not retried.
  calls = 0;
  EXPECT_THROW(pool.with_db([&](Xapian::Database&) -> int {
    ++calls;
    throw Xapian::DatabaseCorruptError("broken");
  }),
               Xapian::DatabaseCorruptError);
  EXPECT_EQ(calls, 1);
}

TEST_F(HandlePoolTest, RevisionOfLocalShardsIsTheSumOfTheirs) {
  const std::string sharded = (std::filesystem::path(dir_).parent_path() / "sharded").string();
  IndexerOptions two;
  two.shards = 2;
  {
    auto ix = Indexer::open(sharded, two);
    ASSERT_TRUE(ix) << ix.status().to_string();
    for (int k = 0; k < 6; ++k) ASSERT_TRUE(ix->add(report(k)));
    ASSERT_TRUE(ix->commit());
  }
  const std::string stub = stub_file_of(sharded);
  ASSERT_FALSE(stub.empty());
  auto lines = read_stub(stub);
  ASSERT_TRUE(lines) << lines.status().to_string();
  std::vector<std::string> shards;
  for (const auto& l : *lines) shards.push_back(l.target);
  ASSERT_EQ(shards.size(), 2u);
  auto sum = [&] { return Xapian::Database(shards[0]).get_revision() + Xapian::Database(shards[1]).get_revision(); };

  HandlePool pool(sharded, shards);
  EXPECT_TRUE(pool.local_shards());
  Xapian::rev before = 0;
  {
    HandlePool::Handle h(pool);
    before = h.revision();
    EXPECT_EQ(before, sum());
    EXPECT_EQ(h.db().get_doccount(), 6u);
  }
  // A commit to one shard raises the sum, and the handle sees it.
  {
    auto ix = Indexer::open(sharded);
    ASSERT_TRUE(ix) << ix.status().to_string();
    ASSERT_TRUE(ix->add(report(6)));
    ASSERT_TRUE(ix->commit());
  }
  HandlePool::Handle h(pool);
  const Xapian::rev after = h.revision();
  EXPECT_EQ(after, sum());
  EXPECT_GT(after, before);
  EXPECT_EQ(h.db().get_doccount(), 7u);
  EXPECT_EQ(h.revision(), after);  // nothing committed since
}

}  // namespace
}  // namespace sitrep
