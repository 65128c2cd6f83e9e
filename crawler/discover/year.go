package discover

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	textYear = regexp.MustCompile(`((?:19|20)\d\d)\s*年`)
	cnYear   = regexp.MustCompile(`([二〇○零一三四五六七八九]{4})\s*年`)
	// urlYear: tokens that name the report year itself.
	urlYear = []*regexp.Regexp{
		regexp.MustCompile(`(?:gknb|xxgknb|nb_?|ndbg|fbtime=|year=|nd=)(20\d\d)(?:\D|$)`),
		regexp.MustCompile(`/(20\d\d)(?:n|nb|nd|nian)(?:[a-z_/]|$)`),
		regexp.MustCompile(`(?:nb|ndbg|gknb)\d*/(20\d\d)/`),
	}
	// urlDate: publication dates in the URL; the report year is the year
	// before, unless published from October on (early reports, rare).
	urlDate = []*regexp.Regexp{
		regexp.MustCompile(`/t(20\d\d)(\d\d)\d\d_`),
		regexp.MustCompile(`/art/(20\d\d)/(\d{1,2})/`),
		regexp.MustCompile(`article_(20\d\d)(\d\d)\d{6}`),
		regexp.MustCompile(`/(20\d\d)-(\d\d)(?:-\d\d)?/`),
		regexp.MustCompile(`/(20\d\d)/(\d\d)-\d\d/`),
		regexp.MustCompile(`/(20\d\d)(\d\d)(?:\d\d)?/`),
		regexp.MustCompile(`/(20\d\d)/[a-z]*_(\d\d)\d\d/`),
		regexp.MustCompile(`/art/(20\d\d)()/`),
	}
)

// YearOf returns the report year suggested by a link's text or URL, 0 if
// none. Text wins ("2023年政府信息公开工作年度报告" → 2023; Chinese numerals
// too). In the URL, year tokens of the column (gknb2017, 2022n, nb_2022,
// zfxxgknb/2021/, fbtime=2017) name the report year; publication dates
// (t20230119_, /art/2024/1/23/, /202301/) name the year after it.
func YearOf(text, url string) int {
	if y := yearInText(text); y != 0 {
		return y
	}
	u := strings.ToLower(url)
	if !strings.Contains(u, "20") {
		return 0
	}
	for _, re := range urlYear {
		if m := re.FindStringSubmatch(u); m != nil {
			return atoiYear(m[1])
		}
	}
	for _, re := range urlDate {
		if m := re.FindStringSubmatch(u); m != nil {
			y := atoiYear(m[1])
			if mon, _ := strconv.Atoi(m[2]); y != 0 && (mon < 10 || mon > 12) {
				y--
			}
			return y
		}
	}
	return 0
}

func yearInText(t string) int {
	if !strings.Contains(t, "年") {
		return 0
	}
	if m := textYear.FindStringSubmatch(t); m != nil {
		return atoiYear(m[1])
	}
	if m := cnYear.FindStringSubmatch(t); m != nil {
		digits := strings.NewReplacer("〇", "0", "○", "0", "零", "0", "一", "1", "二", "2", "三", "3",
			"四", "4", "五", "5", "六", "6", "七", "7", "八", "8", "九", "9").Replace(m[1])
		return atoiYear(digits)
	}
	return 0
}

func atoiYear(s string) int {
	y, err := strconv.Atoi(s)
	if err != nil || y < 1990 || y > 2099 {
		return 0
	}
	return y
}
