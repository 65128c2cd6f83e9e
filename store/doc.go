// Package store is the archive: raw captures, their versions, parsed report
// records and crawl state. It is what researchers cite years later, so it
// keeps every capture exactly, keeps history instead of overwriting, and
// checks itself.
//
// # Segments and index
//
// Every exchange is written, as it is saved, to append-only WARC/1.1 files
// beside the bbolt file (nianbao.db → nianbao.warcs/nianbao-00001.warc.gz,
// one gzip member per record, a new file past Options.SegmentSize; package
// segment): request and response records as sent and received, redirect
// hops, revisit records for a body already archived (identical-payload-
// digest) and for a 304 (server-not-modified), and a metadata record of what
// the crawler decided. The bbolt file is the index and everything else. The
// writer goroutine appends a batch's records, fsyncs the segment, and only
// then commits the transaction that indexes them together with meta/seg_pos
// (how far the segments are indexed). Open (read-write) cuts whatever lies
// past seg_pos — appends that were never acknowledged — and never anything
// before it. Segments are never rewritten: Compact copies only the index.
//
// # Schema (SchemaVersion 1)
//
// A URL key (uk) is the first 16 bytes of SHA-256(URL): fixed length, so
// hostile multi-kilobyte URLs stay under bbolt's key limit and composite keys
// are unambiguous; the URL itself is kept in the value. Integers in keys are
// big-endian so keys sort numerically. Values are JSON followed by the
// CRC-32C of the JSON (4 bytes) unless noted: bbolt keeps no page checksums,
// so without it a flipped byte inside a string would read back silently wrong.
//
//	meta              "schema" → uint32 SchemaVersion + its CRC-32C; counters n_captures, n_bodies, n_urls,
//	                  n_records, raw_bytes, stored_bytes → uint64 (updated in the same tx as the data)
//	bodies            sha256 (32 bytes) → codec byte, uvarint raw length, then for codec 2
//	                  (segment) the response record holding the body: uvarint segment, offset,
//	                  member length, a byte 1 when the payload is as sent (chunked or
//	                  content-encoded, decoded on read), varint WARC-Date (ns), uvarint-prefixed
//	                  target URI, WARC-Payload-Digest. Codec 1 = zstd, 0 = raw: bodies kept in
//	                  the index before segments (`nianbao migrate` moves them out).
//	                  Content-addressed: identical bodies are stored once, whoever fetched them.
//	meta seg_pos      segment number (uint32) | end offset (uint64) the index covers
//	meta seg_prefix   segment file name prefix, fixed at creation
//	captures          seq (uint64, bucket sequence) → capture metadata, zstd-compressed with a
//	                  fixed dictionary of typical capture JSON (capdict.go; ~1.1 KB → ~0.35 KB): URL, final URL, method,
//	                  request body and headers, status, proto, response headers, body digest and
//	                  size, revisit digest (for a 304: the version it confirmed), fetch time (UTC),
//	                  duration, outcome, error, charset decision, source URL, site code, kind,
//	                  truncation, the URL version it added, the run it belonged to, and
//	                  where its WARC records are (w: segment, offset, length each; m: 1 + the
//	                  index of the response or revisit). No body.
//	                  seq order is archive order, which is fetch order: Captures() reads it
//	                  oldest first, and sequential keys fill pages densely.
//	url_captures      uk | fetch time (uint64 ns) | seq → nil: one URL's captures in time order.
//	versions          uk | version (uint32, from 1) → {version, digest, fetched_at, capture seq}:
//	                  every distinct body of a URL, oldest first; the last is current.
//	urls              uk → current state: URL, ETag, Last-Modified, digest, fetched_at (of the
//	                  current version), checked_at (last 200 or 304), kind, is_report, number of
//	                  versions, capture seq of the current version. This is Prior().
//	body_refs         sha256 | uk → nil: which URLs have (had) this body as a version.
//	records           uk of Record.URL → {record (with its parser_version), saved_at}: the current record,
//	                  zstd-compressed (recvalue.go; a value starting with '{' is plain, as written before).
//	record_versions   uk | n (uint32) → superseded records of that URL, oldest first, stored as in records.
//	idx_region_year   region code | 0x00 | year (uint32) | uk → nil  (export by region, by region+year)
//	idx_year_province year (uint32) | province | 0x00 | uk → nil   (export by year, year+province; stats)
//	runs              run ID (sortable "20060102T150405Z-pid") → capture.Run without Results
//	run_sites         run ID | 0x00 | site code → capture.SiteResult
//	run_captures      run ID | 0x00 | uk → capture seq: the last capture of a URL in a run (resume)
//
// # Versions
//
// Only a complete 2xx response (outcome ok, not truncated, non-empty body)
// can become a version of its URL. A new version is added when its digest
// differs from the current one (also when it equals an older one: the URL
// changed back). An identical body or a 304 adds no version; it updates
// checked_at and, when the response carries them, the validators. Error
// pages, challenges, truncated bodies and transport failures are archived as
// captures (the raw bytes are kept) but never replace the current version.
//
// # Writes
//
// All writes go through one writer goroutine. It takes the first waiting
// operation plus everything already queued (up to 256 operations or 32 MB of
// new bodies) and commits them in one bbolt transaction: group commit, with no
// artificial delay. Callers block until their batch is committed (fsynced unless
// Options.NoSync), so a returned Saved is durable. Bodies are hashed and
// compressed in the caller's goroutine before queueing, so compression runs in
// parallel and the writer only copies bytes. If one operation of a batch fails,
// the batch is rolled back and committed again without it. After a durable
// commit the index file's clean cached pages are dropped (pagecache_linux.go),
// so the kernel keeps them one page each and a one-page rewrite is written
// and counted as one page, not as the large folio it would otherwise share.
// bbolt's own
// db.Batch was not used: it re-runs a failed call alone outside the batch and
// offers no bound on batch bytes.
//
// # Reads
//
// Readers never hold one transaction over the whole archive: scans (Records,
// Captures, Stats, Verify) read 500 keys (or 64 MB) per short read
// transaction, copy what they need, close it and hand the copies to the
// callback, then continue after the last key. bbolt cannot grow (remap) the
// file while a read transaction is open, so a long export would otherwise
// stall a crawl. Exceptions: Verify's final bbolt page check and Compact,
// which need one consistent snapshot (maintenance commands).
//
// # Runs and resume
//
// BeginRun resumes the newest run of the same kind and year if it never
// finished. Until FinishRun, captures saved through this handle are
// attributed to the run (run_captures), which RunCapture reads back so a
// resumed run replays instead of refetching, and SiteDone/DoneSites record
// which seeds are finished. capture.Capture carries no run ID, so one run is
// active per DB handle.
//
// # Damage, locks and full disks
//
// Open waits Options.Timeout (default 3 s) for the lock and then fails with
// ErrLocked, naming the holder's pid (from the sidecar file <path>.lock; the
// lock itself is bbolt's flock on the database, so a stale sidecar never
// blocks). A file that is empty, truncated, not a bbolt file or has both meta
// pages damaged fails with ErrCorrupt, naming the file and the way out:
// restore a backup; `nianbao verify` lists the damage; `nianbao compact`
// copies what is readable. Every access to bbolt runs with
// debug.SetPanicOnFault and recover, so a damaged page gives ErrCorrupt, never
// a crash. bbolt silently falls back to the older meta page when the newest is
// invalid; Open refuses the case where that older one describes an empty
// database in a file holding data, and Verify reports any invalid meta page. A write that runs out of space fails with ErrDiskFull; bbolt writes
// data pages before the meta page, so the file stays at the last committed
// transaction.
//
// # Maintenance
//
// Verify first walks the page tree from the file with bounds-checked reads
// (pagecheck.go): bbolt's own traversal trusts page pointers, so on a damaged
// page it can fault, loop over a wild overflow count or recurse through a
// cycle, and tx.Check does so in a goroutine no recover can reach. Only a file
// whose structure passed is then read through bbolt: every body decompressed
// and hashed against its key, every value's CRC, every key against its value,
// every reference and index entry in both directions, bucket sequences, the
// counters, and finally bbolt's tx.Check. Compact copies the live data into a
// new file (bbolt never shrinks a file); then replace the old file with it
// while nianbao is stopped. On a damaged file Compact salvages: it copies the
// entries of every readable page (via the same bounds-checked walker),
// recounts, and says what was skipped.
// Reparse rebuilds all records from the current version of every URL with
// the current parser and reports what changed.
//
// # Migrations
//
// meta/schema holds the layout version. Open runs migrate(), which applies
// migrations[v] for each v from the file's version up to SchemaVersion, one
// transaction per step. A file newer than the code is refused; a read-only
// open of an older file asks for one read-write open first.
package store
