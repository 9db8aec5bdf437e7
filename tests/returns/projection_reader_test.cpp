// The projections' Reader (returns/projection/reader.h): queries read ahead
// as one UNION ALL statement give back, row for row and in each query's order,
// what each query gives on its own, on SQLite and on PostgreSQL (which wants
// one type per column of a union). Expected rows are written by hand from the
// table each test makes.
#include <gtest/gtest.h>

#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "returns/projection/reader.h"

namespace kith::returns::projection {
namespace {

using kith::testing::Backend;

// A row as text, "NULL" for SQL NULL; column 0 is also read as an integer.
using Rows = std::vector<std::vector<std::string>>;

Rows rows_of(const Reader& reads, const Query& q, std::vector<std::int64_t>* first_as_int = nullptr) {
  Rows out;
  Status s = reads.run(q, [&](const store::Statement& st) {
    std::vector<std::string> row;
    for (int c = 0; c < int(q.columns.size()); ++c) row.push_back(st.is_null(c) ? "NULL" : st.text(c));
    if (first_as_int) first_as_int->push_back(st.int64(0));
    out.push_back(row);
  });
  EXPECT_TRUE(s) << s.message();
  return out;
}

class ReaderTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto db = store::Database::open(kith::testing::new_database(GetParam(), dir_), {.create = true});
    ASSERT_TRUE(db) << db.status().message();
    db_ = std::move(*db);
    ASSERT_TRUE(db_->exec("CREATE TABLE kid (id BIGINT PRIMARY KEY, name TEXT NOT NULL, born TEXT, score BIGINT)"));
    ASSERT_TRUE(db_->exec("INSERT INTO kid VALUES (1, 'Ann', '2010-01-02', 5), (2, 'Bo', NULL, NULL), (3, 'Cy', '2012-03-04', 7), "
                          "(4, 'Ann', '2011-01-01', 5), (12, 'Di', '2009-09-09', 12)"));
  }
  kith::testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

// Mixed types in one column position (an id, a name), NULLs, an order that
// is not the table's, DISTINCT, a query with no rows, and a shorter select list.
const Query kById{{"id", "name", "born"}, {" FROM kid WHERE id IN (?, ?, ?)", {std::int64_t(1), std::int64_t(3), std::int64_t(12)}}, "id DESC"};
const Query kByScore{{"name", "score"}, {" FROM kid WHERE score IS NULL OR score < ?", {std::int64_t(6)}}, "name, id"};
const Query kNames{{"name"}, {" FROM kid WHERE score = ?", {std::int64_t(5)}}, "", true};
const Query kNone{{"id", "name"}, {" FROM kid WHERE id = ?", {std::int64_t(99)}}};

TEST_P(ReaderTest, ReadAheadGivesEachQuerysRowsInItsOrderFromOneStatement) {
  Reader reads(*db_);
  ASSERT_TRUE(reads.read_ahead({kById, kByScore, kNames, kNone}));
  EXPECT_EQ(reads.statements_ahead(), 1);
  // The rows are in memory now: with the table gone, only a query not read ahead reaches the database.
  ASSERT_TRUE(db_->exec("DROP TABLE kid"));
  std::vector<std::int64_t> ids;
  EXPECT_EQ(rows_of(reads, kById, &ids), (Rows{{"12", "Di", "2009-09-09"}, {"3", "Cy", "2012-03-04"}, {"1", "Ann", "2010-01-02"}}));
  EXPECT_EQ(ids, (std::vector<std::int64_t>{12, 3, 1}));  // 12 after 3 and 1: ordered as numbers, not as the text they travelled as
  EXPECT_EQ(rows_of(reads, kByScore), (Rows{{"Ann", "5"}, {"Ann", "5"}, {"Bo", "NULL"}}));
  EXPECT_EQ(rows_of(reads, kNames), (Rows{{"Ann"}}));
  EXPECT_EQ(rows_of(reads, kNone), Rows{});
  Status gone = reads.run(Query{{"id"}, {" FROM kid", {}}}, nullptr);
  EXPECT_FALSE(gone) << "a query that was not read ahead runs on the database, where kid is gone";
}

TEST_P(ReaderTest, WithoutReadingAheadEachQueryRunsOnItsOwn) {
  Reader reads(*db_);
  EXPECT_EQ(rows_of(reads, kById), (Rows{{"12", "Di", "2009-09-09"}, {"3", "Cy", "2012-03-04"}, {"1", "Ann", "2010-01-02"}}));
  EXPECT_EQ(rows_of(reads, kNames), (Rows{{"Ann"}}));
  EXPECT_EQ(reads.statements_ahead(), 0);
}

// The same SQL with other values is not the query read ahead: it runs on the database.
TEST_P(ReaderTest, OtherValuesAreAnotherQuery) {
  Reader reads(*db_);
  ASSERT_TRUE(reads.read_ahead({kById}));
  Query two = kById;
  two.from.params = {std::int64_t(2), std::int64_t(4), std::int64_t(4)};
  EXPECT_EQ(rows_of(reads, two), (Rows{{"4", "Ann", "2011-01-01"}, {"2", "Bo", "NULL"}}));
}

INSTANTIATE_TEST_SUITE_P(Returns, ReaderTest, kith::testing::kBothBackends, kith::testing::BackendName());

TEST(ReaderUnion, BranchesAreTaggedNumberedInTheirOrderAndPaddedAsText) {
  const Query a{{"id", "name"}, {" FROM kid WHERE id = ?", {std::int64_t(1)}}, "id"};
  const Query b{{"name"}, {" FROM kid", {}}, "", true};
  Sql u = union_of({a, b});
  EXPECT_EQ(u.text,
            "SELECT 0, ROW_NUMBER() OVER (ORDER BY id), CAST(id AS TEXT), CAST(name AS TEXT) FROM kid WHERE id = ? "
            "UNION ALL SELECT 1, ROW_NUMBER() OVER (), CAST(c0 AS TEXT), CAST(NULL AS TEXT) FROM (SELECT DISTINCT name AS c0 FROM kid) d1 "
            "ORDER BY 1, 2");
  EXPECT_EQ(u.params, (std::vector<store::Value>{std::int64_t(1)}));
  EXPECT_EQ(a.sql().text, "SELECT id, name FROM kid WHERE id = ? ORDER BY id");
  EXPECT_EQ(b.sql().text, "SELECT DISTINCT name FROM kid");
}

// SQLite takes at most 32,766 values in one statement: 2 x 20,000 go in two.
TEST(ReaderUnion, ManyValuesAreSplitIntoStatementsUnderTheLimit) {
  kith::testing::TempDir dir;
  auto db = store::Database::open(dir.file("many.db"), {.create = true});
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->exec("CREATE TABLE kid (id BIGINT PRIMARY KEY); INSERT INTO kid VALUES (7), (19999), (20000)"));
  auto in_list = [](std::int64_t from) {
    Sql s{" FROM kid WHERE id IN (", {}};
    for (std::int64_t i = 0; i < 20000; ++i) s.text += i ? ",?" : "?", s.params.push_back(from + i);
    s.text += ")";
    return s;
  };
  const Query low{{"id"}, in_list(0), "id"}, high{{"id"}, in_list(10000), "id DESC"};
  Reader reads(**db);
  ASSERT_TRUE(reads.read_ahead({low, high}));
  EXPECT_EQ(reads.statements_ahead(), 2);
  EXPECT_EQ(rows_of(reads, low), (Rows{{"7"}, {"19999"}}));       // 0..19,999
  EXPECT_EQ(rows_of(reads, high), (Rows{{"20000"}, {"19999"}}));  // 10,000..29,999
}

}  // namespace
}  // namespace kith::returns::projection
