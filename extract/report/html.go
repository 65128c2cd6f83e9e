package report

import (
	"bytes"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/nianbao/nianbao/internal/gkmlpt"
)

// ParseHTML parses a UTF-8 HTML page: it finds the main content (TRS
// .TRS_Editor / .trs_editor_view, Hanweb #zoom, gkmlpt window._CONFIG.DETAIL,
// else the biggest text block), reads <meta name=ArticleTitle / PubDate /
// ContentSource>, turns tables (rowspan/colspan included) into grid rows and
// parses the result like ParseText. A page over PrescreenBytes is first
// screened without a tree (prescreen).
func ParseHTML(page []byte, hint Hint) Result {
	if len(page) > PrescreenBytes {
		if r, rejected := prescreen(page, hint); rejected {
			return r
		}
	}
	return parseTree(page, hint)
}

// parseTree is ParseHTML on the page's parse tree.
func parseTree(page []byte, hint Hint) Result {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil { // x/net/html only fails on reader errors
		return ParseText(string(page), hint)
	}
	pm := readMeta(doc)
	root := contentRoot(doc, &pm)
	pm.chrome = chromeText(doc)
	var r renderer
	r.render(root)
	r.flush()
	res := parseLines(r.lines, hint, pm)
	if res.IsReport && listingPage(doc, res.Text) {
		res.IsReport, res.NotReport = false, NotListing
		res.Fields, res.Nulls, res.Checks = map[string]*float64{}, map[string]string{}, nil
		return res
	}
	if res.IsReport && attachmentPage(root, res) {
		res.IsReport, res.NotReport = false, NotAttachmentPage
		res.Fields, res.Nulls, res.Checks = map[string]*float64{}, map[string]string{}, nil
	}
	return res
}

// attachmentPage says whether a page taken for a report by its title is
// only the report's page around its document: short, with at most one of
// the report's body markers, and linking or embedding a document that
// extract parses (PDF, Word, WPS, RTF, ODF, Excel, ET or OFD, directly or through a viewer's file=
// parameter). The document is archived and parsed on its own; the page
// would otherwise be a second record of the same report without its
// figures.
func attachmentPage(root *html.Node, r Result) bool {
	if utf8.RuneCountInString(r.Text) > 1500 || markerCount(foldLabel(r.Text)) > 1 {
		return false
	}
	found := false
	walk(root, func(n *html.Node) bool {
		if found || n.Type != html.ElementNode {
			return !found
		}
		for _, key := range []string{"href", "src", "data"} {
			if v := attr(n, key); v != "" && isDocURL(v) {
				found = true
			}
		}
		return !found
	})
	return found
}

// isDocURL reports a link to a report document: its path, or a viewer's
// file= parameter, ends in a document extension.
func isDocURL(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	paths := []string{u.Path}
	for _, k := range []string{"file", "File", "url", "filepath", "filename", "fileName"} {
		if f := u.Query().Get(k); f != "" {
			if fu, err := url.Parse(f); err == nil {
				paths = append(paths, fu.Path)
			}
		}
	}
	for _, p := range paths {
		switch strings.ToLower(path.Ext(p)) {
		case ".pdf", ".docx", ".doc", ".wps", ".rtf", ".odt", ".xls", ".xlsx", ".et", ".ods", ".ofd":
			return true // what extract reads; a page around a .zip or .rar stays the record
		}
	}
	return false
}

// readMeta collects the page's own metadata: meta tags and <title>.
func readMeta(doc *html.Node) pageMeta {
	var pm pageMeta
	var title string
	walk(doc, func(n *html.Node) bool {
		switch n.DataAtom {
		case atom.Meta:
			pm.setMeta(firstNonEmpty(attr(n, "name"), attr(n, "property"), attr(n, "itemprop")), attr(n, "content"))
		case atom.Title:
			if title == "" {
				title = collapse(textOf(n))
			}
		case atom.Body:
			return false
		}
		return true
	})
	if pm.title == "" {
		pm.title = titleFromHTMLTitle(title)
	}
	return pm
}

// setMeta records a <meta name content> the page describes itself with
// (the names of the 政府网站 standard used by TRS, Hanweb and 开普云 pages:
// ArticleTitle, PubDate, ContentSource; gov.cn's firstpublishedtime; the
// Open Graph, schema.org and Dublin Core names); the first of each kind
// wins. Author and lastmodifiedtime are not read: neither names the
// publication.
func (pm *pageMeta) setMeta(name, content string) {
	content = strings.TrimSpace(content)
	switch strings.ToLower(name) {
	case "articletitle":
		pm.title = firstNonEmpty(pm.title, collapse(content))
	case "pubdate", "publishdate", "publish_date", "publishtime", "publish-date", "firstpublishedtime",
		"article:published_time", "og:published_time", "datepublished", "dc.date", "dc.date.issued",
		"dcterms.issued", "发布日期", "发布时间":
		pm.published = firstNonEmpty(pm.published, content)
	case "contentsource", "source", "dc.publisher", "publisher", "来源", "信息来源":
		pm.source = firstNonEmpty(pm.source, content)
	}
}

// titleFromHTMLTitle keeps a <title> only when it names a report; the site
// name after "_" / "-" / "|" is cut.
func titleFromHTMLTitle(t string) string {
	for _, sep := range []string{"_", " - ", "|", "－"} {
		if i := strings.Index(t, sep); i > 0 {
			t = t[:i]
		}
	}
	t = strings.TrimSpace(t)
	if !strings.Contains(foldLabel(t), "报告") && !strings.Contains(foldLabel(t), "年报") {
		return ""
	}
	return t
}

// contentRoot finds the element holding the article body.
func contentRoot(doc *html.Node, pm *pageMeta) *html.Node {
	var found *html.Node
	walk(doc, func(n *html.Node) bool {
		if found != nil {
			return false
		}
		if n.Type != html.ElementNode {
			return true
		}
		if n.DataAtom == atom.Script {
			if d := gkmlptDetail(n, pm); d != nil {
				found = d
			}
			return false
		}
		if isContentBox(n) {
			found = n
			return false
		}
		return true
	})
	if found != nil {
		return found
	}
	return biggestBlock(doc)
}

// isContentBox recognises the article containers of the common CMS
// families: TRS .TRS_Editor / .trs_editor_view / TRS_UEDITOR, Hanweb #zoom,
// UCAP #UCAP-CONTENT.
func isContentBox(n *html.Node) bool {
	cls := strings.ToLower(attr(n, "class"))
	if strings.Contains(cls, "trs_editor") || strings.Contains(cls, "trs_ueditor") {
		return true
	}
	switch strings.ToLower(attr(n, "id")) {
	case "zoom", "ucap-content":
		return true
	}
	return false
}

// gkmlptDetail parses the window._CONFIG.DETAIL object of a Guangdong
// gkmlpt page and returns its content as a parsed fragment.
func gkmlptDetail(script *html.Node, pm *pageMeta) *html.Node {
	c := script.FirstChild
	if c == nil || c.Type != html.TextNode || !strings.Contains(c.Data, "_CONFIG") {
		return nil
	}
	d, ok := gkmlpt.FindDetail(textOf(script))
	if !ok {
		return nil
	}
	pm.title = firstNonEmpty(pm.title, d.Title)
	pm.source = firstNonEmpty(pm.source, d.Source)
	pm.published = firstNonEmpty(pm.published, d.Published)
	frag, err := html.Parse(strings.NewReader(d.Content))
	if err != nil {
		return nil
	}
	return frag
}

// biggestBlock returns the deepest container holding at least 60% of the
// body's text outside links: the generic main-content rule.
func biggestBlock(doc *html.Node) *html.Node {
	body := findFirst(doc, atom.Body)
	if body == nil {
		return doc
	}
	sizes := map[*html.Node]int{}
	total := textSize(body, sizes)
	n, good := body, body
	for {
		var next *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && isContainer(c.DataAtom) && sizes[c]*10 >= total*6 {
				next = c
			}
		}
		if next == nil {
			// Inside a table only a cell is a content box: stopping on the
			// table or a row means a data table, kept with its context.
			return good
		}
		n = next
		if a := n.DataAtom; a != atom.Table && a != atom.Tbody && a != atom.Tr {
			good = n
		}
	}
}

// isContainer reports the elements biggestBlock may descend into: boxes,
// not paragraphs, so one long paragraph does not become the whole body.
func isContainer(a atom.Atom) bool {
	switch a {
	case atom.Div, atom.Section, atom.Article, atom.Main, atom.Table, atom.Tbody, atom.Tr, atom.Td,
		atom.Center, atom.Form, atom.Font:
		return true
	}
	return false
}

// textSize records, per element, the runes of text outside links, scripts
// and styles.
func textSize(n *html.Node, sizes map[*html.Node]int) int {
	switch {
	case n.Type == html.TextNode:
		return len([]rune(strings.TrimSpace(n.Data)))
	case n.Type == html.ElementNode && skipped(n):
		return 0
	case n.Type == html.ElementNode && n.DataAtom == atom.A:
		return 0
	}
	s := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		s += textSize(c, sizes)
	}
	sizes[n] = s
	return s
}

func skipped(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Head, atom.Template, atom.Iframe, atom.Select, atom.Textarea:
		return true
	}
	return false
}

// walk visits n and its descendants in document order; visit returns
// false to skip a node's children.
func walk(n *html.Node, visit func(*html.Node) bool) {
	if !visit(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

func findFirst(n *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	walk(n, func(x *html.Node) bool {
		if found == nil && x.Type == html.ElementNode && x.DataAtom == a {
			found = x
		}
		return found == nil
	})
	return found
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// textOf concatenates the text under n.
func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(x *html.Node) bool {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		}
		return true
	})
	return b.String()
}

// collapse turns every run of white space (tabs, no-break and ideographic
// spaces included) into one space and trims; it does not allocate when s
// is already collapsed.
func collapse(s string) string {
	clean := true
	prevSpace := true
	for _, r := range s {
		sp := isSpace(r)
		if sp && (prevSpace || r != ' ') {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, isSpace), " ")
}
