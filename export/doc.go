// Package export turns the archive into files researchers and web archivists
// open with their own tools: CSV (one row per report, or a region × year panel),
// JSONL (the full record per line), Parquet (typed columns), plain text (one
// UTF-8 file per report in a zip or folder) and WARC/1.1 with a CDXJ index
// (the raw captures, replayable in pywb or replayweb.page).
//
// Every export streams: records are pulled from a Source one at a time through
// a callback and written out immediately, so memory does not grow with the
// archive. The only state kept across records is bounded by something other
// than the record count (panel cells per region × year, WARC payload digests
// for revisit detection, CDXJ lines spilled to sorted temporary runs).
//
// A codebook is written beside every export (<out>.codebook.md and
// <out>.codebook.json): every column's name, Chinese label, unit, type and the
// meaning of an empty cell, metadata columns first, then the canonical report
// fields in codebook order (from extract/report), then panel columns.
//
// export imports neither store nor crawler: it defines the small Source
// interface it needs, and cmd adapts the store to it.
//
// Measured on a generated 100k-record archive with the real codebook (~230
// fields a record; bench_test.go, 2 contended cores): peak heap in use is
// about 7 MB for CSV and JSONL, 100 MB for Parquet (row groups of 10,000,
// 64 KiB page buffers), 70 MB for the text zip (its central directory),
// 50 MB for WARC (revisit memory and CDXJ runs of 50k lines). Outside
// readers were checked by hand (testdata/interop): DuckDB reads the Parquet
// types and finds Parquet, CSV (with BOM) and JSONL equal cell by cell;
// webrecorder's warcio.js reads the WARC and indexes it exactly as the
// CDXJ written here (hex case aside in decoded POST form fields).
package export
