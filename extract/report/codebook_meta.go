package report

// metadataDoc documents the bodies and dates of a record in
// docs/CODEBOOK.md.
const metadataDoc = `## Bodies and dates

Every record carries, beside the figures:

| key | meaning |
|---|---|
| ` + "`agency`" + ` | the issuing body as the report names itself: in its title (某县人民政府办公室2023年…, 2024年度某县人民政府政府信息公开…), else its opening sentence (本报告由…编制), else the body named in its signature. Empty when the report does not name itself; never copied from the publisher. |
| ` + "`publisher`" + ` | the body the page names as its publisher or source: ` + "`<meta name=ContentSource>`" + ` (the 政府网站 standard tag of TRS, Hanweb/大汉 and 开普云 pages), else a 来源 / 信息来源 / 文章来源 / 发布机构 / 发布单位 label on the page (info bar or 政府信息公开 catalogue table). Often a portal office or a 政务服务中心 rather than the issuing body. "本站", "原创" and the like are not bodies. |
| ` + "`published`" + ` | the publication date, YYYY-MM-DD: the day the report was put online, from the most trusted source available (see ` + "`published_source`" + `). |
| ` + "`published_source`" + ` | where ` + "`published`" + ` came from, in order of trust: ` + "`meta`" + ` (` + "`<meta>`" + ` PubDate, firstpublishedtime, publishdate, article:published_time, datePublished, DC.date…, or the CMS's own article data); ` + "`page_text`" + ` (a labelled date on the page: 发布时间, 发布日期, 公开日期 …, else a bare 时间/日期 label not preceded by 成文, 更新, 统计 …); ` + "`listing`" + ` (the date shown beside the link on the listing page the crawler found it on); ` + "`source_page`" + ` (for a document attached to a report page: that page's ` + "`<meta>`" + ` publication date); ` + "`pdf_metadata`" + ` (a PDF's CreationDate, else ModDate, else XMP CreateDate), ` + "`docx_metadata`" + ` (a DOCX's dcterms:created, else modified), ` + "`office_metadata`" + ` (the same for XLSX, ODT, ODS) — a document date is used only when it is not before the report year and is before the fetch day (a server that builds the file on request stamps it with the fetch time); ` + "`signature`" + ` (the 落款日期 closing the report, the last resort); ` + "`none`" + ` (no date anywhere: ` + "`published`" + ` is empty). Dates are read in every common form: 2022-03-18, 2022-3-18, 2022/3/18, 2022.3.18, 2022年3月18日, full-width digits, 二〇二二年三月十八日; a timestamp with a time zone is read as the day in China (UTC+8). |
| ` + "`signed`" + ` | the date the report is signed (落款日期): the date line closing the report (alone, or after the body's name), else the page's 成文日期/发文日期. It may differ from ` + "`published`" + ` by days or weeks. |

`
