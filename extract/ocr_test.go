package extract

import (
	"slices"
	"strings"
	"testing"
)

func TestJudgeLayer(t *testing.T) {
	good := strings.Repeat("本年新收政府信息公开申请数量 21 0 0 ", 5)
	tests := []struct {
		name, page, reason string
	}{
		{"text", good, ""},
		{"image-only page", " \n ", LayerNoText},
		{"replacement chars", strings.Repeat("\uFFFD\uFFFD政府", 20), LayerBadChars},
		{"private use", strings.Repeat("\uE001\uE002公开", 20), LayerBadChars},
		{"cid mojibake", strings.Repeat("Ýþ¸ÐÄ¿ ", 20), LayerFewCJK},
	}
	for _, tt := range tests {
		ok, reason := judgeLayer(tt.page, -1)
		if ok != (tt.reason == "") || reason != tt.reason {
			t.Errorf("%s: ok=%v reason=%q, want %q", tt.name, ok, reason, tt.reason)
		}
	}
}

// TestExtract_OCRPages: only the pages whose text layer is unusable go to
// OCR; the record says so, with the confidence, and figures that break
// the form's checks are flagged, not changed.
func TestExtract_OCRPages(t *testing.T) {
	seed := readSeed(t, "boai-county-office-2023.txt")
	layer := "博爱县2023年政府信息公开工作年度报告 " + strings.Repeat("总体情况", 10) + "\f \f"
	var asked []int
	p := Parser{
		PDFText: func([]byte) (string, error) { return layer, nil },
		OCR: func(_ []byte, kind string, pages []int) (OCRDoc, error) {
			asked = pages
			// A misread: 本年新收 for 自然人 read 8 for 0 breaks the balance check.
			bad := strings.Replace(seed, "申请数量\t\t0\t", "申请数量\t\t8\t", 1)
			return OCRDoc{TotalPages: 2, Pages: []OCRPage{{Number: 2, Text: bad, Confidence: 91, Digits: 10, DigitConfidence: 88, MinDigit: 60, Repaired: 1}}}, nil
		},
	}
	rec, ok, err := p.Extract(Input{URL: "http://x.gov.cn/scan.pdf", Body: []byte("%PDF-1.4")})
	if err != nil || !ok {
		t.Fatalf("ok=%v err=%v note=%s", ok, err, rec.Note)
	}
	if !slices.Equal(asked, []int{2}) || rec.TextSource != SourceOCR || rec.OCR == nil || rec.OCR.Why != "2:no_text" {
		t.Fatalf("asked %v, source %q, ocr %+v", asked, rec.TextSource, rec.OCR)
	}
	if rec.OCR.DigitConfidence != 88 || rec.OCR.Repaired != 1 || rec.Year != 2023 {
		t.Errorf("ocr %+v year %d", rec.OCR, rec.Year)
	}
	if v := rec.Fields["app_new_person"]; v == nil || *v != 8 {
		t.Errorf("app_new_person = %v, want the misread 8 kept", v)
	}
	if !slices.Contains(rec.Artifacts, ArtifactOCRCheckFailed) || !strings.Contains(rec.Note, "possible misreads") {
		t.Errorf("misread not flagged: artifacts %v note %q", rec.Artifacts, rec.Note)
	}
}

// TestExtract_OCRFigureConfidence: each field read from an OCR figure
// carries that figure's confidence; the summary has their mean and least.
func TestExtract_OCRFigureConfidence(t *testing.T) {
	seed := readSeed(t, "boai-county-office-2023.txt")
	line := slices.IndexFunc(strings.Split(seed, "\n"), func(s string) bool { return strings.Contains(s, "本年新收") })
	if line < 0 {
		t.Fatal("seed has no 本年新收 row")
	}
	var figs []OCRFigure
	for cell := 2; cell <= 8; cell++ { // 自然人 … 总计
		figs = append(figs, OCRFigure{Line: line, Cell: cell, Confidence: float64(88 + cell)})
	}
	figs[0].Confidence = 50 // two readings differed
	p := Parser{OCR: func([]byte, string, []int) (OCRDoc, error) {
		return OCRDoc{TotalPages: 1, Pages: []OCRPage{{Number: 1, Text: seed, Confidence: 95, Figures: figs}}}, nil
	}}
	scan := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, minScanBytes)...)
	rec, ok, err := p.Extract(Input{URL: "http://x.gov.cn/scan.png", Body: scan, AnchorText: "博爱县2023年政府信息公开工作年度报告"})
	if err != nil || !ok || rec.OCR == nil {
		t.Fatalf("ok=%v err=%v ocr=%+v note=%s", ok, err, rec.OCR, rec.Note)
	}
	want := map[string]float64{"app_new_person": 50, "app_new_business": 91, "app_new_total": 96}
	for k, c := range want {
		if got, found := rec.OCR.Figures[k]; !found || got != c {
			t.Errorf("confidence of %s = %v (%v), want %v", k, got, found, c)
		}
	}
	if len(rec.OCR.Figures) != 7 || rec.OCR.MinFigure != 50 || rec.OCR.FigureConfidence != round1((50+91+92+93+94+95+96)/7.0) {
		t.Errorf("figures %v min %v mean %v", rec.OCR.Figures, rec.OCR.MinFigure, rec.OCR.FigureConfidence)
	}
	if v := rec.Fields["app_new_total"]; v == nil || *v != 0 {
		t.Errorf("app_new_total = %v, want the figure itself (0)", v)
	}
}

// TestUnusablePages: consecutive pages failing alike are summed up as one
// range, so a long scan's reason stays short.
func TestUnusablePages(t *testing.T) {
	good := strings.Repeat("本年新收政府信息公开申请数量 21 0 0 ", 5)
	bad := strings.Repeat("\uFFFD\uFFFD政府", 20)
	pages := []string{"", "", "", good, bad, "", good}
	for range 500 {
		pages = append(pages, " ")
	}
	nums, why := unusablePages(pages, nil)
	if want := "1-3:no_text,5:bad_chars,6:no_text,8-507:no_text"; why != want || len(nums) != 505 || nums[3] != 5 {
		t.Errorf("unusablePages = %d pages, %q; want %q", len(nums), why, want)
	}
}

// TestJudgeLayer_Ink: a page whose text accounts for its ink is usable; one
// with a few characters on a page full of ink (a table drawn as an image
// under a text title) is not; a page with little ink is not judged by it.
func TestJudgeLayer_Ink(t *testing.T) {
	text := strings.Repeat("本年新收政府信息公开申请数量", 30) // 420 characters
	title := "洪泽区人民政府2023年政府信息公开工作年度报告第三页表格"
	tests := []struct {
		name, page string
		ink        int
		reason     string
	}{
		{"text page", text, 800, ""},                                // 0.53 characters per ink pixel
		{"table page at the lowest measured share", text, 1200, ""}, // 0.35
		{"title over an image", title, 2500, LayerFewGlyphs},
		{"short page, little ink", title, 150, ""},
		{"not weighed", title, -1, ""},
	}
	for _, tt := range tests {
		if ok, reason := judgeLayer(tt.page, tt.ink); reason != tt.reason || ok != (tt.reason == "") {
			t.Errorf("%s: ok=%v reason %q, want %q", tt.name, ok, reason, tt.reason)
		}
	}
	// Through Extract: the page goes to OCR, and the record says why.
	var asked []int
	p := Parser{
		PDFText: func([]byte) (string, error) { return text + "\f" + title + "\f", nil },
		PageInk: func([]byte) ([]int, error) { return []int{800, 2500}, nil },
		OCR: func(_ []byte, _ string, pages []int) (OCRDoc, error) {
			asked = pages
			return OCRDoc{TotalPages: 2, Pages: []OCRPage{{Number: 2, Text: title + "\n规章\t0\t0\t0"}}}, nil
		},
	}
	rec, _, err := p.Extract(Input{URL: "http://x.gov.cn/a.pdf", Body: []byte("%PDF-1.4")})
	if err != nil || !slices.Equal(asked, []int{2}) || rec.OCR == nil || rec.OCR.Why != "2:few_glyphs" {
		t.Errorf("err %v asked %v ocr %+v", err, asked, rec.OCR)
	}
}
