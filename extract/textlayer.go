package extract

import (
	"fmt"
	"strings"
	"unicode"
)

// Reasons a PDF page's text layer is not used.
const (
	LayerNoText   = "no_text"   // (almost) nothing: an image-only page
	LayerBadChars = "bad_chars" // U+FFFD, private-use or control characters: glyphs without a Unicode map
	LayerFewCJK   = "few_cjk"   // a Chinese report page whose text is mostly not Chinese: mojibake from CID fonts
	layerMinRunes = 20          // fewer visible characters than this is no text
	layerMinCJK   = 0.2         // share of ideographs below which a page of text is mojibake
	layerMaxBad   = 0.05        // share of bad characters above which a page is unusable
	layerCJKFloor = 50          // pages shorter than this are not judged by their CJK share
)

// judgeLayer says whether a page of a PDF's text layer can be used, and
// why not: too little text, replacement/private-use characters (a CID font
// without a ToUnicode map), or too few ideographs for a Chinese report.
func judgeLayer(page string) (ok bool, reason string) {
	var n, han, bad int
	for _, r := range page {
		switch {
		case unicode.IsSpace(r):
			continue
		case r == '\uFFFD' || (r >= 0xE000 && r <= 0xF8FF) || unicode.IsControl(r):
			bad++
		case unicode.Is(unicode.Han, r):
			han++
		}
		n++
	}
	switch {
	case n < layerMinRunes:
		return false, LayerNoText
	case float64(bad) > layerMaxBad*float64(n):
		return false, LayerBadChars
	case n >= layerCJKFloor && float64(han) < layerMinCJK*float64(n):
		return false, LayerFewCJK
	}
	return true, ""
}

// pdfPages splits pdftotext output into its pages (form feeds).
func pdfPages(text string) []string {
	pages := strings.Split(text, "\f")
	if len(pages) > 1 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// unusablePages returns the 1-based numbers of the pages whose text layer
// fails judgeLayer, and a summary of why, consecutive pages failing alike
// as one range ("1-3:no_text,5:bad_chars"): a 500-page scan is "1-500:no_text".
func unusablePages(pages []string) ([]int, string) {
	var nums []int
	var why []string
	from, last, lastReason := 0, 0, ""
	flush := func() {
		switch {
		case from == 0:
		case from == last:
			why = append(why, fmt.Sprintf("%d:%s", from, lastReason))
		default:
			why = append(why, fmt.Sprintf("%d-%d:%s", from, last, lastReason))
		}
	}
	for i, pg := range pages {
		ok, reason := judgeLayer(pg)
		if ok {
			continue
		}
		nums = append(nums, i+1)
		if i+1 != last+1 || reason != lastReason || from == 0 {
			flush()
			from = i + 1
		}
		last, lastReason = i+1, reason
	}
	flush()
	return nums, strings.Join(why, ",")
}
