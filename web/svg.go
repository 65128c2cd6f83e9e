package web

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"
)

// chartView is a bar chart drawn by the template as inline SVG (numbers
// only: every coordinate is computed here, nothing archived reaches it).
type chartView struct {
	W, H, Base int
	Bars       []barView
	Max        string
}

type barView struct {
	X, Y, W, H int
	Year       int
	Value      string
	LabelX     int
}

const (
	chartW, chartH = 720, 260
	chartPad       = 30
)

func panelChart(pts []panelPoint) chartView {
	cv := chartView{W: chartW, H: chartH, Base: chartH - chartPad}
	if len(pts) == 0 {
		return cv
	}
	var maxV float64
	for _, p := range pts {
		maxV = max(maxV, p.Sum)
	}
	cv.Max = strconv.FormatFloat(maxV, 'f', -1, 64)
	slot := (chartW - 2*chartPad) / len(pts)
	for i, p := range pts {
		h := 0
		if maxV > 0 {
			h = int(p.Sum / maxV * float64(chartH-2*chartPad))
		}
		x := chartPad + i*slot
		cv.Bars = append(cv.Bars, barView{X: x + slot/8, Y: cv.Base - h, W: max(1, slot*3/4), H: h,
			Year: p.Year, Value: strconv.FormatFloat(p.Sum, 'f', -1, 64), LabelX: x + slot/2})
	}
	return cv
}

var funcs = template.FuncMap{
	"qs":     withParam,
	"dirFor": dirFor,
	"pct":    func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	"shade":  shade,
	"date": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.UTC().Format("2006-01-02 15:04")
	},
	"dur": func(secs int64) string {
		if secs <= 0 {
			return "—"
		}
		return (time.Duration(secs) * time.Second).String()
	},
	"add":  func(a, b int) int { return a + b },
	"join": strings.Join,
}

// shade buckets a share into six CSS classes (no inline styles: the UI's CSP
// forbids them).
func shade(f float64) string {
	switch {
	case f <= 0:
		return "s0"
	case f < 0.2:
		return "s1"
	case f < 0.4:
		return "s2"
	case f < 0.6:
		return "s3"
	case f < 0.8:
		return "s4"
	default:
		return "s5"
	}
}

// dirFor is the direction a sort link sets: the reverse of the current one
// on the current column, descending elsewhere.
func dirFor(q reportQuery, key string) string {
	if q.Sort == key && q.Desc {
		return "asc"
	}
	return "desc"
}
