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
	// LayerFewGlyphs: far less text than the page's ink shows; its text is
	// an image, or glyphs that map to no characters.
	LayerFewGlyphs = "few_glyphs"
	layerMinRunes  = 20   // fewer visible characters than this is no text
	layerMinCJK    = 0.2  // share of ideographs below which a page of text is mojibake
	layerMaxBad    = 0.05 // share of bad characters above which a page is unusable
	layerCJKFloor  = 50   // pages shorter than this are not judged by their CJK share
	// A page's characters per ink pixel (at 24 dpi, rules left out) were
	// 0.35–1.34 on the real reports' pages; below layerMinPerInk the text
	// layer misses most of what is printed. Pages with less ink than
	// layerInkFloor (a short last page, a signature) are not judged so.
	layerMinPerInk = 0.1
	layerInkFloor  = 200
)

// judgeLayer says whether a page of a PDF's text layer can be used, and
// why not: too little text, replacement/private-use characters (a CID font
// without a ToUnicode map), too few ideographs for a Chinese report, or
// too few characters for the ink on the page (ink < 0: not weighed).
func judgeLayer(page string, ink int) (ok bool, reason string) {
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
	case ink >= layerInkFloor && float64(n) < layerMinPerInk*float64(ink):
		return false, LayerFewGlyphs
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
// fails judgeLayer (ink[i] is page i+1's ink; missing = not weighed), and
// a summary of why, consecutive pages failing alike as one range
// ("1-3:no_text,5:bad_chars"): a 500-page scan is "1-500:no_text".
func unusablePages(pages []string, ink []int) ([]int, string) {
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
		weight := -1
		if i < len(ink) {
			weight = ink[i]
		}
		ok, reason := judgeLayer(pg, weight)
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
