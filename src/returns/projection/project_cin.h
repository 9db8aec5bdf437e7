// The CIN census as a projection of the case record: for a collection year,
// every child in need at any time in the year (a CIN episode open on some day
// of it) with their identifiers, characteristics, disabilities and, per
// episode, assessments with factors, CIN plans, section 47 enquiries, child
// protection plans and their reviews, as the census XML, everything as at 31
// March (what happened later is left out). See docs/RETURNS_CIN.md, "Export".
//
// Thread-safety: reads the Database it is given; the result is plain text.
#pragma once

#include <ostream>
#include <string>

#include "model/result.h"
#include "returns/projection/collection_year.h"
#include "store/database.h"

namespace kith::returns::projection {

struct CinExport {
  std::string xml;
  std::int64_t children = 0, episodes = 0;
};

// Projects the case record into the census XML of `year` for the council la
// (3-digit or E-code; "" when the database holds one council). The XML is not
// validated here: the caller checks it against the year's XSD (cin_reader.h).
Result<CinExport> project_cin(store::Database& db, CollectionYear year, const std::string& la);

// The same census for a chosen set of people (one child when a practitioner
// saves, a team's children for its data-quality page): people.covers() picks
// them; LEA is people.la_code ("000" when empty).
Result<CinExport> project_cin_people(store::Database& db, CollectionYear year, const CouncilPeople& people);

// The census of project_cin written to out as it is produced (CinExport::xml stays
// empty): memory holds the records, never the whole XML. Not validated here either:
// the caller checks the written file (untrusted_xml.h validate_file_streaming).
// Io error when out fails.
Result<CinExport> write_cin(store::Database& db, CollectionYear year, const std::string& la, std::ostream& out);

}  // namespace kith::returns::projection
