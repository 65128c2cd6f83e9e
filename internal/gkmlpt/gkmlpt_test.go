package gkmlpt

import "testing"

func TestFindDetail(t *testing.T) {
	cases := []struct {
		name, script string
		ok           bool
		want         Detail
	}{
		{"assignment", `window._CONFIG = {}; window._CONFIG.DETAIL = {"title":"T","content":"<p>x</p>","publish_time":"2024-01-20 09:30:00"};`,
			true, Detail{Title: "T", Content: "<p>x</p>", Published: "2024-01-20 09:30:00"}},
		{"config literal", "window._CONFIG = {\n SID: '758019',\n DETAIL: {\"title\":\"T\",\"content\":\"<p>x</p>\",\"source\":\"县政府办\",\"date\":1705714200},\n TREE: [{\"id\":1}]\n};",
			true, Detail{Title: "T", Content: "<p>x</p>", Source: "县政府办", Published: "2024-01-20 09:30"}},
		{"quoted key, milliseconds", `window._CONFIG = {"DETAIL": {"title":"T","content":"c","date":1705714200000}};`,
			true, Detail{Title: "T", Content: "c", Published: "2024-01-20 09:30"}},
		{"DETAIL null", `window._CONFIG = {SID: '1', DETAIL: null, TREE: []};`, false, Detail{}},
		{"no content", `window._CONFIG = {DETAIL: {"title":"T"}};`, false, Detail{}},
		{"broken JSON", `window._CONFIG = {DETAIL: {"title":"T", content: 'x'}};`, false, Detail{}},
		{"not a gkmlpt script", `var DETAIL = {"content":"x"};`, false, Detail{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := FindDetail(c.script)
			if ok != c.ok || got != c.want {
				t.Errorf("FindDetail = %+v %v, want %+v %v", got, ok, c.want, c.ok)
			}
		})
	}
}

func FuzzFindDetail(f *testing.F) {
	f.Add(`window._CONFIG = {SID: '1', DETAIL: {"title":"T","content":"<p>x</p>","date":1705714200}, TREE: []};`)
	f.Add(`window._CONFIG.DETAIL = {"content":"c","publish_time":-1};`)
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := FindDetail(s)
		if ok && d.Content == "" {
			t.Fatalf("ok without content")
		}
	})
}
