// Package gkmlpt reads the article object that Guangdong's gkmlpt CMS
// embeds in its detail pages, shared by link discovery (attachments live
// in it) and the report parser (the article lives in it). Pure: text in,
// values out.
package gkmlpt

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"
)

// Detail is what a detail page's DETAIL object says about its article.
type Detail struct {
	Title     string
	Content   string // the article's HTML
	Source    string // publishing agency
	Published string // as given, or YYYY-MM-DD HH:MM (China time) from a Unix time
}

// detailStart finds where the DETAIL object starts, in both forms seen:
// an assignment (window._CONFIG.DETAIL = {…}) or a key of the config
// literal (window._CONFIG = {SID: '…', DETAIL: {…}, TREE: […]}).
var detailStart = regexp.MustCompile(`(?:_CONFIG\.DETAIL\s*=|\bDETAIL["']?\s*:)\s*\{`)

var chinaTime = time.FixedZone("CST", 8*3600)

// FindDetail reads the DETAIL object out of a script's text. It reports
// false when the script has none, it is not valid JSON, or it carries no
// content.
func FindDetail(script string) (Detail, bool) {
	if !strings.Contains(script, "_CONFIG") {
		return Detail{}, false
	}
	loc := detailStart.FindStringIndex(script)
	if loc == nil {
		return Detail{}, false
	}
	var raw struct {
		Title, Content, Source   string
		PublishTime              any `json:"publish_time"`
		DisplayPublishTime, Date any
	}
	if err := json.NewDecoder(strings.NewReader(script[loc[1]-1:])).Decode(&raw); err != nil || raw.Content == "" {
		return Detail{}, false
	}
	d := Detail{Title: raw.Title, Content: raw.Content, Source: raw.Source}
	for _, v := range []any{raw.PublishTime, raw.DisplayPublishTime, raw.Date} {
		if d.Published = published(v); d.Published != "" {
			break
		}
	}
	return d, true
}

// published renders a date field: a string as it is, a number as Unix
// seconds (or milliseconds) in China time.
func published(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case float64:
		if t <= 0 {
			return ""
		}
		sec := int64(t)
		if sec > 1e11 { // milliseconds
			sec /= 1000
		}
		return time.Unix(sec, 0).In(chinaTime).Format("2006-01-02 15:04")
	}
	return ""
}
