// Package sim is a deterministic loopback simulator of county government
// portals for crawler tests and benchmarks. Everything is derived from
// Options.Seed; nothing leaves 127.0.0.1.
//
// # Hosts and scope
//
// Every simulated site gets its own listener on 127.0.0.1 with an
// ephemeral port, so each site is a distinct host (127.0.0.1:PORT) to the
// crawler: per-host politeness, robots.txt and scope work as on real hosts,
// with no DNS and no Host-header tricks. discover.NewScope matches IP hosts
// exactly, port included, so two sites never share a scope.
//
//   - Sibling host: some TRS sites keep their report column on a second
//     listener (the stand-in for xxgk.county.gov.cn); SeedRow.ExtraHosts
//     names it and the crawler passes it to discover.NewScope.
//   - Mirror host: one more listener serves copies of report pages under
//     /xxgk/CODE/… and is linked from some home pages ("…（转载）"); every
//     request to it counts as HostStats.OffScope.
//   - Big5 gateway: every page links /gate/big5/HOST/…, served as a Big5
//     copy; requests count as OffScope.
//   - Unreachable: the seed URL of such a site points at a port that was
//     opened and closed.
//
// # Sites
//
// Site i has family families[i%4] (TRS, Hanweb, gkmlpt, generic), charset
// charsets[i%5] (utf-8; gbk declared in header and in a meta placed after
// 3 KB of script; gbk-lying: GBK bytes declared utf-8 in header and meta;
// gbk-none: nothing declared), and its report column split "flat", by year
// (2021n/ "2021年" …) or by unit ("部门", "乡镇（街道）"). Reports are the
// 2021-format tables with figures that satisfy the form's checks, in three
// markup layouts; about one in five is a real PDF from Options.PDFDir,
// linked directly ("pdf") or inside an article page by link or PDF.js
// viewer ("html+pdf", also listed with a [附件] link).
//
//	family   column (page 1 … n)                               report                               PDF
//	trs      /zwgk/zfxxgk/zfxxgknb/[2022n/]index.html, index_N  ./YYYYMM/tYYYYMMDD_N.html (or .shtml)  ./YYYYMM/P0….pdf
//	         (page count only in createPageHTML(…) or var countPage)
//	hanweb   /col/colN/index.html: first 15 records in <datastore>,  /art/Y/M/D/art_COL_ID.html       downfile.jsp?…filename=x.pdf → 302 /attach/0/x.pdf
//	         the rest only by POST /module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=
//	         (form: columnid, unitid, webid …; wrong webid → empty datastore; GET → 405; index_1.html → 404)
//	gkmlpt   /gkmlpt/index (window._CONFIG = {SID: '…'}, tree #CAT) → GET /gkmlpt/api/all/CAT?page=N&sid=SID
//	         JSON {"articles":[{"title","url","attachments":[{"name","url"}]}],"total","page"}; wrong sid → 403;
//	         half the articles exist only in window._CONFIG = {…, DETAIL: {…}} on their page,
//	         attachments included (none in the API answer for those)
//	generic  /xxgk/list.asp?classid=C[&page=N] or /zfxxgk/zfxxgknb/cC/N.html with 首页/上一页/下一页/尾页
//	                                                           /info/C/N.htm                          /uploadfile/Y/MMDD/N.pdf
//
// Navigation: home → 政府信息公开 entry (1 hop) → report column; also home →
// /zwgk (301 → /zwgk/) → /zwgk/nb/ (302 → the column). Look-alikes in the
// column: 年报解读, 年报汇总 (links every report of the year), 编制通知;
// beside it: 公开指南 and 法治政府建设年度报告 (see Decoys). Traps: /rili.html?date=
// (endless calendar), /search.html?q=&page= (endless), /xwzx/ (500 news
// pages), /zwgk/gkml_all.html (BigPageBytes), /zwgk/gkml.html (64 KB of
// binary labelled text/html), ?print=1 duplicates of every article.
//
// Politeness: robots.txt disallows /search.html, /rili.html, /admin/ (and
// /zwgk/gkml_all.html on every fourth site); every third site has
// Crawl-delay: Options.CrawlDelay; every seventh has no robots.txt (404).
// Site i%6==1 answers its column's first page once with 503, site i%6==4
// its first report once with 429, both with Retry-After: Options.RetryAfter.
// Pages carry ETag and Last-Modified and answer If-None-Match /
// If-Modified-Since with 304 (If-None-Match wins). Every tenth site is an
// obstacle (412 with a $_ts script, 521 with X-Via-JSL, unreachable,
// robots.txt "Disallow: /", or 202 with a script challenge), unless
// Options.NoObstacles.
//
// Hazards (hazard*.go) are small stand-alone sites beside the generated
// ones, each with one obstacle of the real web and its own test: a Hanweb
// portal of hundreds of columns, a government spread over several hosts
// and its province's 集约化 platform (virtual hosts behind Served as a
// proxy), https with an incomplete chain or an expired certificate (PKI),
// and the others listed there.
//
// Stats measures per host what the crawler did; Truth lists every report
// a correct crawl must find (none on obstacle sites); Mutate edits a
// report's figures or adds a report for incremental tests.
package sim
