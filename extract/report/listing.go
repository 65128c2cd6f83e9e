package report

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/nianbao/nianbao/extract/vocab"
)

// pagerWords are the traces of a listing's pager: TRS's script variables,
// the page links of every CMS family.
var pagerWords = []string{"createPageHTML", "countPage", "下一页", "尾页", "末页", "上一页"}

// listingPage says whether a page is a list of documents (a report column,
// one of its pages, an index or 年报汇总 page) rather than one document:
// its body has no more than one of a report's section markers, and it
// links to three or more report titles, or it has a pager and three or more
// links to documents. Whatever its title says, such a page is never a
// record; its documents are archived and parsed one by one.
func listingPage(doc *html.Node, text string) bool {
	if markerCount(foldLabel(text)) > 1 {
		return false
	}
	reports, docs, pager := 0, 0, false
	walk(doc, func(n *html.Node) bool {
		switch {
		case n.Type == html.TextNode:
			pager = pager || vocab.ContainsAny(n.Data, pagerWords)
		case n.DataAtom == atom.A:
			t := foldLabel(collapse(textOf(n)))
			if vocab.NamesReport(t) && hasYear(t) {
				reports++
			}
			if len([]rune(t)) >= 6 {
				docs++
			}
			return false
		}
		return true
	})
	return reports >= 3 || (pager && docs >= 3 && reports >= 1)
}
