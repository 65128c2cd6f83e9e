package ocr

import (
	"html"
	"regexp"
	"strconv"
	"strings"
)

// word is one recognised character with its box, as tesseract's hOCR
// reports it with hocr_char_boxes: characters keep the word and line they
// belong to, so a word that runs across a table rule ("4 0 0" read as
// "400") can be split between the cells it covers.
type word struct {
	x, y, w, h int
	conf       float64
	text       string
	line       int // tesseract's text line
	id         int // tesseract's word
}

func (w word) cx() int { return w.x + w.w/2 }
func (w word) cy() int { return w.y + w.h/2 }

var (
	hocrAny = regexp.MustCompile(`class='ocr_line' id='line_\d+_(\d+)'|class='ocrx_word' id='word_\d+_(\d+)'|class='ocrx_cinfo' title='x_bboxes (\d+) (\d+) (\d+) (\d+); x_conf ([0-9.]+)'>([^<]*)</span>`)
)

// parseHOCR reads the characters of tesseract's hOCR output (made with
// -c hocr_char_boxes=1) in reading order.
func parseHOCR(doc string) []word {
	var out []word
	line, id := 0, 0
	for _, m := range hocrAny.FindAllStringSubmatch(doc, -1) {
		switch {
		case m[1] != "":
			line, _ = strconv.Atoi(m[1])
		case m[2] != "":
			id, _ = strconv.Atoi(m[2])
		default:
			text := strings.TrimSpace(html.UnescapeString(m[8]))
			if text == "" {
				continue
			}
			var n [4]int
			for i := range n {
				n[i], _ = strconv.Atoi(m[3+i])
			}
			conf, _ := strconv.ParseFloat(m[7], 64)
			out = append(out, word{x: n[0], y: n[1], w: n[2] - n[0], h: n[3] - n[1], conf: conf,
				text: text, line: line, id: id})
		}
	}
	return out
}
