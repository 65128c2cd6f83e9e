package toolrun

import (
	"strings"
	"testing"
)

func TestStderrSummary(t *testing.T) {
	many := strings.Repeat("Syntax Error (12): Illegal character '{'\n", 100000) + "Syntax Error: Couldn't read xref table\n"
	tests := []struct {
		name   string
		writes []string
		want   string
	}{
		{"nothing", nil, ""},
		{"one line", []string{"Error: bad\n"}, "Error: bad"},
		{"one line, no newline", []string{"Error: bad"}, "Error: bad"},
		{"two lines", []string{"first\nsecond\n"}, "first; second"},
		{"many lines in pieces", []string{many[:5000], many[5000:]},
			"Syntax Error (12): Illegal character '{' … Syntax Error: Couldn't read xref table (100001 lines)"},
		{"last line without newline", []string{"a\nb\nc"}, "a … c (3 lines)"},
		{"long line cut on a rune", []string{strings.Repeat("错", 200) + "\n"}, strings.Repeat("错", 100) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Stderr
			for _, w := range tt.writes {
				if n, err := s.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write = %d, %v", n, err)
				}
			}
			if got := s.Summary(); got != tt.want {
				t.Errorf("Summary() = %q, want %q", got, tt.want)
			}
			if len(s.Head()) > headMax || len(s.tail) > tailMax {
				t.Errorf("kept %d + %d bytes, want at most %d + %d", len(s.Head()), len(s.tail), headMax, tailMax)
			}
		})
	}
}
