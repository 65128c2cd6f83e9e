package discover

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// DataProxyPath is the Hanweb jcms endpoint that serves listing records
// beyond the first group embedded in a column page.
const DataProxyPath = "/module/web/jpage/dataproxy.jsp"

var (
	hwRecord    = regexp.MustCompile(`(?s)<record>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>`)
	hwNextGroup = regexp.MustCompile(`(?s)<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>`)
	hwTotal     = regexp.MustCompile(`(?i)(?:<totalrecord>\s*|totalRecord['"]?\s*[:=]\s*['"]?)(\d+)`)
	hwPerPage   = regexp.MustCompile(`(?i)perPage['"]?\s*[:=]\s*['"]?(\d+)`)
	hwGroup     = regexp.MustCompile(`(?i)groupSize['"]?\s*[:=]\s*['"]?(\d+)`)
	hwParam     = regexp.MustCompile(`(?i)\b(columnid|unitid|webid|webname|path|permissiontype|sourcecontenttype|appid|col)['"]?\s*[:=]\s*['"]?([^'",&}\s<]+)`)
	hwHref      = regexp.MustCompile(`href\s*=\s*['"]([^'"]*dataproxy\.jsp[^'"]*)['"]`)
)

// hanwebRule: a Hanweb jcms column (/col/colN/index.html) embeds its first
// group of records in <script type="text/xml"><datastore>…<record>
// <![CDATA[<li><a href=…>]]></record>; the rest is served only by POST to
// dataproxy.jsp?startrecord=&endrecord=&perpage= with a form body
// (col, appid, webid, path, columnid, sourceContentType, unitid, webname,
// permissiontype) read from the page's script and <nextgroup> link. The
// answer is the same XML with <totalrecord>/<totalpage>. The rule emits
// the links inside the records and a KindData POST per remaining group.
func hanwebRule(c *pageCtx) []cand {
	i := strings.Index(c.body, "<datastore")
	if i < 0 {
		return nil
	}
	ds := c.body[i:]
	recs := hwRecord.FindAllStringSubmatch(ds, -1)
	var out []cand
	for _, r := range recs {
		out = append(out, recordLinks(r[1]+r[2])...)
	}
	return append(out, dataProxyGroups(c, ds, len(recs))...)
}

// recordLinks parses one record's HTML fragment for anchors.
func recordLinks(frag string) []cand {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(frag))
	if err != nil {
		return nil
	}
	var out []cand
	doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		out = append(out, cand{href: href, text: anchorText(s), via: "hanweb", date: dateBeside(s)})
	})
	return out
}

// dataProxyGroups emits the POST requests for the records not yet seen.
func dataProxyGroups(c *pageCtx, ds string, nrec int) []cand {
	form := hanwebForm(c, ds)
	if form.Get("columnid") == "" && form.Get("unitid") == "" {
		return nil
	}
	per := atoiDefault(firstSub(hwPerPage, c.body), 15)
	group := atoiDefault(firstSub(hwGroup, c.body), 3)
	step := per * group
	if step <= 0 {
		step = 45
	}
	total := atoiDefault(firstSub(hwTotal, c.body), -1)
	start := nrec + 1
	if c.base.Path == DataProxyPath || strings.HasSuffix(c.base.Path, "dataproxy.jsp") {
		start = atoiDefault(c.base.Query().Get("endrecord"), nrec) + 1
	}
	body := []byte(form.Encode())
	hdr := map[string]string{"Content-Type": "application/x-www-form-urlencoded", "X-Requested-With": "XMLHttpRequest", "Referer": c.base.String()}
	var out []cand
	for s := start; len(out) < maxPages; s += step {
		if total >= 0 && s > total || total < 0 && (nrec < step || s > start) {
			break
		}
		e := s + step - 1
		if total >= 0 && e > total {
			e = total
		}
		href := fmt.Sprintf("%s?startrecord=%d&endrecord=%d&perpage=%d", DataProxyPath, s, e, per)
		out = append(out, cand{href: href, kind: KindData, via: "hanweb", method: "POST", body: body, header: hdr})
	}
	return out
}

// hanwebForm collects the form parameters: from the POST body the page was
// fetched with (a dataproxy answer), else from <nextgroup> and the script.
func hanwebForm(c *pageCtx, ds string) url.Values {
	if c.p.Method == "POST" && len(c.p.ReqBody) > 0 {
		if v, err := url.ParseQuery(string(c.p.ReqBody)); err == nil {
			return v
		}
	}
	form := url.Values{"col": {"1"}, "appid": {"1"}, "path": {"/"}, "sourceContentType": {"1"}, "permissiontype": {"0"}}
	for _, m := range hwParam.FindAllStringSubmatch(c.body, -1) {
		form.Set(hanwebKey(m[1]), m[2])
	}
	if m := hwNextGroup.FindStringSubmatch(ds); m != nil {
		if h := hwHref.FindStringSubmatch(m[1]); h != nil {
			if u, err := url.Parse(strings.ReplaceAll(h[1], "&amp;", "&")); err == nil {
				for k, v := range u.Query() {
					if k != "page" && len(v) > 0 {
						form.Set(hanwebKey(k), v[0])
					}
				}
			}
		}
	}
	return form
}

// hanwebKey restores the casing jcms expects for the one mixed-case key.
func hanwebKey(k string) string {
	if strings.EqualFold(k, "sourceContentType") {
		return "sourceContentType"
	}
	return strings.ToLower(k)
}

func firstSub(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

func atoiDefault(s string, d int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return d
	}
	return n
}
