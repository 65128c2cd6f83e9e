package discover

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/nianbao/nianbao/internal/gkmlpt"
)

var (
	gkSID = regexp.MustCompile(`(?i)\bSID['"]?\s*[:=]\s*['"]?([\w-]+)`)
	gkCat = regexp.MustCompile(`#(\d+)$`)
	gkAPI = regexp.MustCompile(`/gkmlpt/api/all/(\d+)`)
)

// gkmlptRule: a Guangdong gkmlpt directory page (/gkmlpt/index, the column
// chosen by a #CAT fragment) is a script application. Its config carries
// the site id (window._CONFIG = {SID: '…'}); every category (the page URL's
// fragment and the #CAT anchors of the directory tree) is listed by the
// JSON API /gkmlpt/api/all/CAT?page=1&sid=SID, emitted as KindData; with no
// category in sight, category 0 (the whole directory).
func gkmlptRule(c *pageCtx) []cand {
	i := strings.Index(c.base.Path, "/gkmlpt/")
	if i < 0 || c.doc == nil || strings.Contains(c.base.Path[i:], "/content/") {
		return nil // a detail page carries the SID too, but lists nothing
	}
	sid := firstSub(gkSID, c.body)
	if sid == "" {
		return nil
	}
	prefix := c.base.Path[:i]
	api := func(cat, text string) cand {
		return cand{href: fmt.Sprintf("%s/gkmlpt/api/all/%s?page=1&sid=%s", prefix, cat, sid),
			text: text, kind: KindData, via: "gkmlpt"}
	}
	var out []cand
	if m := gkCat.FindStringSubmatch("#" + c.base.Fragment); m != nil && c.base.Fragment != "" {
		out = append(out, api(m[1], c.doc.Find("title").First().Text()))
	}
	c.doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		if !strings.HasPrefix(href, "#") && !strings.Contains(href, "gkmlpt/index#") {
			return
		}
		if m := gkCat.FindStringSubmatch(href); m != nil {
			out = append(out, api(m[1], anchorText(s)))
		}
	})
	if len(out) == 0 { // category 0 lists every document of the directory
		out = append(out, api("0", ""))
	}
	return out
}

// gkmlptPage is the shape of a gkmlpt API answer as modelled here:
//
//	{"articles":[{"title":"…","url":"http://…/gkmlpt/content/2/2590/post_2590436.html",
//	  "attachments":[{"name":"…","url":"…pdf"}]}], "total":123, "page":1}
//
// (real answers carry 100 articles a page and more fields: id, publisher,
// first_publish_time …). Some deployments wrap it in {"data": {...}};
// "post_url" or "link" is read when "url" is absent.
type gkmlptPage struct {
	Articles []gkmlptArticle `json:"articles"`
	Total    json.Number     `json:"total"`
	Data     *gkmlptPage     `json:"data"`
}

type gkmlptArticle struct {
	Title   string `json:"title"`
	URL     string `json:"url"`
	Link    string `json:"link"`
	PostURL string `json:"post_url"`
	// FirstPublish / PublishTime: the article's date, a Unix time.
	FirstPublish any `json:"first_publish_time"`
	PublishTime  any `json:"publish_time"`
	Attachments  []struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"attachments"`
}

// gkmlptJSONRule: the articles of a gkmlpt API answer, and on its first
// page, the API requests for pages 2 … ceil(total/len(articles)).
func gkmlptJSONRule(c *pageCtx) []cand {
	if c.doc != nil || !gkAPI.MatchString(c.base.Path) {
		return nil
	}
	var pg gkmlptPage
	if err := json.Unmarshal(c.p.Body, &pg); err != nil {
		return nil
	}
	if pg.Data != nil && len(pg.Articles) == 0 {
		pg = *pg.Data
	}
	var out []cand
	for _, a := range pg.Articles {
		u := a.URL
		for _, alt := range []string{a.PostURL, a.Link} {
			if u == "" {
				u = alt
			}
		}
		day := gkmlptDay(a.FirstPublish)
		if day == "" {
			day = gkmlptDay(a.PublishTime)
		}
		out = append(out, cand{href: u, text: a.Title, via: "gkmlpt", date: day})
		for _, f := range a.Attachments {
			out = append(out, cand{href: f.URL, text: f.Name, kind: KindAttachment, via: "gkmlpt", date: day})
		}
	}
	return append(out, gkmlptMore(c, len(pg.Articles), string(pg.Total))...)
}

func gkmlptMore(c *pageCtx, n int, totalS string) []cand {
	q := c.base.Query()
	total, err := strconv.Atoi(totalS)
	if err != nil || n == 0 || atoiDefault(q.Get("page"), 1) != 1 {
		return nil
	}
	pages := (total + n - 1) / n
	if pages > maxPages {
		pages = maxPages
	}
	var out []cand
	for i := 2; i <= pages; i++ {
		q.Set("page", strconv.Itoa(i))
		out = append(out, cand{href: c.base.Path + "?" + q.Encode(), kind: KindData, via: "gkmlpt"})
	}
	return out
}

// gkmlptDetailRule: a gkmlpt detail page renders its article in the
// browser from the DETAIL object of window._CONFIG, so its links (the
// report's attachments above all) are read from that object's HTML with
// the attachment and anchor rules.
func gkmlptDetailRule(c *pageCtx) []cand {
	if c.doc == nil || !strings.Contains(c.body, "_CONFIG") {
		return nil
	}
	var out []cand
	c.doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		d, ok := gkmlpt.FindDetail(s.Text())
		if !ok {
			return
		}
		frag, err := goquery.NewDocumentFromReader(strings.NewReader(d.Content))
		if err != nil {
			return
		}
		sub := &pageCtx{p: c.p, base: c.base, ref: c.ref, body: d.Content, doc: frag}
		out = append(out, attachmentRule(sub)...)
		out = append(out, anchorRule(sub)...)
	})
	return out
}
