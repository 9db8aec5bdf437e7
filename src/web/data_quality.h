// Checks as you record, in the web shell (pages_data_quality.cpp): the child
// record's "Return checks" panel and the team data-quality pages. Internal to
// the web shell.
//
// Thread-safety: the checker is loaded once (std::call_once) and shared, read-only;
// the panel uses only the Ctx's database.
#pragma once

#include "returns/record_check/record_check.h"
#include "web/app.h"
#include "web/html.h"

namespace kith::web {

// The DfE rule checker, loaded on first use from Kith's data folder
// ($KITH_DATA_DIR, else data/ near the binary or the working directory);
// nullptr when no data folder is found (the pages then say so).
const returns::record_check::ReturnChecks* shared_return_checks();

// The "Return checks" section for a child the viewer may already see (the
// caller has checked access): the one-child rules the record breaks in this
// collection year, errors and queries told apart, each with a link to the
// form field where it is fixed.
Result<html::Html> return_checks_panel(Ctx& c, Id person);

}  // namespace kith::web
