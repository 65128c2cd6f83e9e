// Package crawler fetches county government portals politely and archives
// every response before anything interprets it.
//
// # A page's life
//
// Each request a site crawl makes goes through the same stages, each a
// plain function testable without colly or a network:
//
//	admit      robots.txt (robotsAllow), scope/depth/year/dedupe (admissible)
//	replay     a capture made earlier in this run is reused (resume)
//	fresh      an archived report or navigation page not yet due for
//	           revalidation is not requested at all (RevisitInterval);
//	           its stored links are followed (attachments' are not)
//	land       a response ending where another of this run did (two links
//	           to one document) is skipped as same_document
//	fetch      colly → captureTransport: the whole body is read, content
//	           encoding removed, size and idle limits applied, the
//	           capture.Capture archived (Archive.SaveCapture), text decoded
//	           to UTF-8 for colly; per-host politeness and retries around it
//	classify   the capture's Outcome (classify, isChallenge)
//	discover   links of the decoded page (Discoverer, default discover.Links)
//	parse      new or changed report-like pages only (ParseFunc) → SaveRecord
//	summary    per-site counters and outcome (capture.SiteResult)
//
// # colly
//
// colly drives every request (Collector.Request, OnResponse) but is kept
// away from what it gets wrong for this crawl (DOMAIN.md §4): its robots
// handling, revisit store, body limit and charset guessing are off; the
// capture transport below it hands it an already-decoded UTF-8 body whose
// Content-Type says so. Each fetch goroutine owns one synchronous
// Collector, so colly never starts a goroutine per URL.
//
// # Concurrency and politeness
//
// Run starts Options.Parallel site workers. A site runs
// Options.PerHostConcurrency fetch goroutines over its own priority
// frontier (discover score, then depth). Politeness is per host and shared
// by every site of the run (hostGate): a semaphore of PerHostConcurrency
// slots, a minimum spacing of max(Delay, Crawl-delay) between requests
// (measured from the end of one to the start of the next, redirect hops
// included), and Retry-After / exponential backoff pushing the host's next
// start back. Every wait selects on the context and a timer.
//
// # Incremental crawls and resume
//
// Conditional requests use the archive's validators (Archive.Prior). A 304
// or a body identical to the archived version adds no version and is not
// re-parsed. Seeds and listings are re-read every run (conditionally);
// archived report pages, attachments and navigation pages are not
// requested at all until RevisitInterval says they are due. An archive
// that also implements BodyReader lets a 304 or a fresh page still yield
// its links; without it navigation pages are fetched in full.
//
// A run interrupted by cancellation records no interrupted site as done;
// the next Run with the same run ID skips the finished sites and replays
// the interrupted ones' settled captures (Archive.RunCapture) instead of
// fetching them again.
//
// # Backfill
//
// With Options.Year, report links naming another year are skipped, and a
// column's listing pages after one that shows only older reports are not
// read (columns list the newest first). SiteResult.YearHits counts the
// year's reports.
//
// # Memory
//
// Bodies are capped (MaxBodyBytes, decompression included); bodies over
// 1 MB wait for one of MaxLargeBodies slots before reading on, and hold it
// until read and archived (not through parsing). A body has no overall
// deadline, only IdleTimeout and MinBodyRate, so a 10 MB document served
// at 200 KB/s arrives whole. Binary documents are parsed (pdftotext …) in
// MaxTools slots of their own, outside the CPU slots discovery needs; a document
// over 1 MB waiting for such a slot lets go of its bytes and the slot reads them
// back from the archive (by digest, checked), so a slow tool cannot make every
// site in flight hold a large document in memory. A page in flight holds its raw body and at most
// MaxDiscoverBytes of decoded text (all discovery reads; colly gets the
// same prefix, and nothing of a binary body). Decoding, discovery and
// parsing, of fetched pages and of pages read back from the archive, run
// in MaxProcessing slots. The frontier holds request values, at most
// 4×SitePageBudget per site.
//
// # robots.txt
//
// Fetched once per host per run, capped at 500 KB. Status handling follows
// RFC 9309: 4xx means no restrictions, 5xx (and 429, and an unreachable
// robots.txt) means disallow everything for this run, reported as the site
// outcome robots_denied with the reason. Seed.IgnoreRobots opts one seed out
// explicitly.
package crawler
