package report

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxChrome caps the page text read for labelled dates and sources.
const maxChrome = 60000

// chromeText is the visible text of a whole page, one text node per line:
// the info bars around the article (发布时间：… 来源：…, a 政府信息公开
// catalogue table with 发布机构 / 成文日期 / 发布日期) as well as the
// article. Scripts, styles and form options are left out.
func chromeText(doc *html.Node) string {
	var b strings.Builder
	walk(doc, func(n *html.Node) bool {
		if b.Len() > maxChrome {
			return false
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Select, atom.Head:
			return false
		}
		if n.Type == html.TextNode {
			if t := collapse(n.Data); t != "" {
				b.WriteString(t)
				b.WriteByte('\n')
			}
		}
		return true
	})
	return b.String()
}
