// Package report turns the text or HTML of one 政府信息公开工作年度报告 into
// typed figures: metadata (title, year, agency, publication date, format),
// the sections' text, every figure of the standard tables under the
// canonical keys of the Codebook, and the form's own consistency checks.
//
// The package is pure: no I/O, no clock. Rows are matched by normalised
// label (NFKC, whitespace removed, brackets unified, pinyin annotations
// dropped), never by position alone; failing checks are reported and values
// are never altered.
package report

// Version is the parser version; bump it whenever the output changes.
const Version = "report/1"
