// Package report turns the text or HTML of one 政府信息公开工作年度报告 into
// typed figures: metadata (title, year, agency, publication date, format),
// the sections' text, every figure of the standard tables under the
// canonical keys of the Codebook, and the form's own consistency checks.
//
// The package is pure: no I/O, no clock, no global state beyond tables
// built at init. It imports nothing from this module.
//
// # Stages
//
// ParseHTML finds the main content (TRS .TRS_Editor / .trs_editor_view,
// Hanweb #zoom, gkmlpt window._CONFIG.DETAIL, else the deepest block holding
// most of the page's non-link text), reads <meta name=ArticleTitle / PubDate
// / ContentSource>, and renders the content as lines: one per paragraph, one
// per table row with cells separated by tabs (rowspan copies the text into
// every covered row, colspan leaves the extra columns empty). ParseText
// splits plain text into the same lines (runs of two or more spaces, as in
// pdftotext -layout output, separate cells). Both then:
//
//   - take the title (page metadata, the body's first lines, the hint),
//     Classify the page (look-alikes such as 年报解读 or 法治政府建设年度报告
//     are not reports), and read year, agency and publication date;
//   - detect the format: 2019 markers (本年新制作数量, 上一年项目数量, 政府集中采购)
//     → "2019"; the 2021 tables → "2021"; year ≤ 2018 or no tables →
//     "legacy" (the legacy_ figures of the 政府信息公开情况统计表 appendix or
//     of the body's set phrases, each with its provenance);
//   - cut the body at its numbered headings and read the section-二, 三 and
//     四 tables: cells are grouped into runs (label cells, then the values
//     that follow), and a run's row is the row phrase that ends last in its
//     folded label, so wrapped labels, group labels and header text before a
//     row do not mislead it; rows are never taken by position alone;
//   - evaluate the checks (RunChecks): only on non-null inputs, flagging
//     and never altering.
//
// # Values
//
// A figure is a number (0 stays 0, fees are decimal) or nil. Result.Nulls
// says why it is nil: NullEmpty (empty cell), NullNotApplicable ("/", "—",
// "-", "不适用"), NullUnreadable (the row was found but its cells could not
// be assigned, e.g. six cells for seven columns), NullMissing (row or table
// not found). A record carries every key of its format, see KeysFor.
package report

// Version is the parser version; bump it whenever the output changes.
//
//	report/1  first release
//	report/2  gkmlpt articles held as DETAIL: {…} in the _CONFIG literal are
//	          read (they were missed); pages over 1 MB that cannot be reports
//	          are screened out without a parse tree (reason no_report_markers
//	          where the tree could have named a look-alike); Unix-time dates
//	          in gkmlpt DETAIL objects are read; the page around a report's
//	          document (short, at most one body marker, links or embeds a
//	          PDF or DOCX file) is not a report (attachment_page): the
//	          document is, and was counted twice
//	report/3  legacy reports (2008–2018) carry the legacy_ figures of the
//	          统计表 appendix and of the body's set phrases, with their
//	          provenance; every report carries the harmonized indicators
//	report/4  one vocabulary of look-alikes shared with discovery
//	          (extract/vocab): infographics (一图读懂, 图解, 图说, H5, 长图),
//	          letters (…的函) and plans (工作要点) are not reports; a
//	          listing (three or more report links, or a pager, without a
//	          report's body) is never a record (listing); a report-titled
//	          page naming no year without a report's body is the column
//	          (column_page)
//	report/5  the page around a .doc, .wps, .rtf, .odt, .xls, .xlsx, .et,
//	          .ods or .ofd document is an attachment_page too (extract now
//	          reads those documents); Markdown pipe-table rows are read
//	          as rows of cells; section-三 rows whose cells ran together
//	          are split by the row total when exactly one split fits
//	          (check cells_run_together), else left unreadable
//	report/6  OCR reads each table cell on its own (the cells found from
//	          the table's rules, stacked in a strip), figures a second time
//	          limited to digits; "子以公开" (予 misread) is the granted row
//	report/7  dates in every common form (2022-3-18, 2022/3/18, 2022.3.18,
//	          年月日, full-width digits, 二〇二二年三月十八日) from <meta>,
//	          labelled page text (info bars and catalogue tables around the
//	          article), the listing's date, the document's metadata or the
//	          signature, with published_source; signed (落款日期) kept
//	          apart; agency only as the report names itself, the page's
//	          ContentSource/来源 as publisher
const Version = "report/7"
