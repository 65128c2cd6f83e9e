package discover

import (
	"net/url"
	"regexp"
	"strings"
)

var (
	trapPaths = []string{"/search", "/so/", "/jsearch", "/was5/", "/websearch", "/s.jsp", "/s.php", "/s.asp", "/s.htm",
		"/login", "/logon", "/register", "/reg.", "/signin", "/sso/", "/passport", "/user/", "/member/", "/calendar",
		"/rili", "/print.", "/printpage", "/share.", "/comment", "/vote", "/rss", "/feed", "/captcha", "/verifycode", "/sitemap.xml"}
	trapKey = map[string]bool{"date": true, "day": true, "month": true, "calendar": true, "riqi": true,
		"q": true, "keyword": true, "keywords": true, "searchword": true, "kw": true, "wd": true, "query": true,
		"searchkey": true, "sortfield": true, "orderby": true, "sort": true, "returnurl": true, "redirect": true}
	trapText = regexp.MustCompile(`^(登录|注册|搜索|检索|高级搜索|打印|打印本页|关闭|关闭窗口|收藏|分享|返回顶部|无障碍|长者模式|繁体|繁體|简体|English|上一天|下一天|上月|下月|上一月|下一月|今天|RSS)$`)
)

// IsTrap reports whether following u can only produce duplicates or
// endless pages, with a short reason: calendars ("calendar"), search and
// sort endpoints ("search"), login and accounts ("login"), print/share
// views ("print"), self-repeating or overlong URLs ("loop"), and news
// sections ("news") unless the text names a report.
func IsTrap(u *url.URL, text string) (bool, string) {
	if u == nil {
		return false, ""
	}
	p := strings.ToLower(u.EscapedPath())
	t := foldSpace(text)
	if len(u.String()) > 512 || repeatsSegments(p) {
		return true, "loop"
	}
	for _, m := range trapPaths {
		if strings.Contains(p, m) {
			return true, trapKind(m)
		}
	}
	for k, vs := range u.Query() {
		if trapKey[strings.ToLower(k)] && strings.Join(vs, "") != "" { // an empty kw= is a plain listing
			return true, trapKind(k)
		}
	}
	if trapText.MatchString(t) {
		return true, trapKind(t)
	}
	if isNews(p) && !containsAny(t, reportWords) && !hasNB(p) {
		return true, "news"
	}
	return false, ""
}

func trapKind(s string) string {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "date") || strings.Contains(s, "day") || strings.Contains(s, "month") ||
		strings.Contains(s, "calendar") || strings.Contains(s, "rili") || strings.Contains(s, "riqi") ||
		strings.Contains(s, "天") || strings.Contains(s, "月"):
		return "calendar"
	case strings.Contains(s, "login") || strings.Contains(s, "logon") || strings.Contains(s, "reg") ||
		strings.Contains(s, "sign") || strings.Contains(s, "sso") || strings.Contains(s, "passport") ||
		strings.Contains(s, "user") || strings.Contains(s, "member") || strings.Contains(s, "登录") || strings.Contains(s, "注册"):
		return "login"
	case strings.Contains(s, "print") || strings.Contains(s, "打印") || strings.Contains(s, "share") ||
		strings.Contains(s, "分享") || strings.Contains(s, "收藏"):
		return "print"
	case strings.Contains(s, "search") || strings.Contains(s, "so") || strings.Contains(s, "was5") ||
		strings.Contains(s, "sort") || strings.Contains(s, "order") || strings.Contains(s, "搜索") ||
		strings.Contains(s, "检索") || s == "q" || s == "kw" || s == "wd" || strings.Contains(s, "key") || s == "query":
		return "search"
	}
	return "other"
}

// repeatsSegments catches /a/b/a/b/a/b style loops from relative links.
func repeatsSegments(p string) bool {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	if len(segs) > 16 {
		return true
	}
	count := map[string]int{}
	for _, s := range segs {
		if s == "" {
			continue
		}
		count[s]++
		if count[s] >= 3 {
			return true
		}
	}
	return false
}
