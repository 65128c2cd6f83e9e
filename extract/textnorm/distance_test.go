package textnorm

import "testing"

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		bound int
		want  int
	}{
		{"", "", 10, 0},
		{"行政处罚", "行政处罚", 10, 0},
		{"行政处昼", "行政处罚", 10, 1},
		{"行政得询", "行政查询", 10, 1},
		{"kitten", "sitting", 10, 3},
		{"kitten", "sitting", 1, 1}, // cut once every row reaches the bound
		{"abc", "", 10, 3},
	} {
		if got := EditDistance([]rune(tc.a), []rune(tc.b), tc.bound); got != tc.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.bound, got, tc.want)
		}
	}
}
