// Package textnorm repairs and normalises decoded report text: reversible
// mojibake undone, pinyin annotations removed, traditional characters
// converted to simplified (OpenCC's tables), and labels folded for
// matching. It is pure: no I/O beyond the embedded dictionaries.
package textnorm

import (
	"strings"
	"unicode/utf8"
)

// maxRounds bounds Normalize's search for a fixed point.
const maxRounds = 3

// Normalize repairs and normalises decoded text for a report: reversible
// mojibake repaired, pinyin annotations stripped, traditional → simplified.
// Layout (newlines, tabs) is kept. It returns the artifacts applied, using
// exactly these strings: "mojibake_repaired", "text_damaged",
// "pinyin_annotation", "traditional". Invalid UTF-8 in s becomes U+FFFD. Text that needs none of this is
// returned unchanged with no artifacts.
//
// Normalize is idempotent. Stripping and conversion are built so that one
// round reaches a fixed point (Latin runs never straddle an annotation,
// annotations are checked against both character forms, converted text holds
// no traditional-only character); a mojibake repair can reveal another layer
// (text garbled twice), so a round that repaired something is followed by
// another, at most maxRounds in all.
func Normalize(s string) (string, []string) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var arts []string
	for range maxRounds {
		// Any step can enable another (converting traditional characters
		// can complete a UTF-8-read-as-GBK run the repair then undoes),
		// so rounds go on until nothing changes.
		out, a := normalizeOnce(s)
		arts = mergeArtifacts(arts, a)
		if out == s {
			return out, arts
		}
		s = out
	}
	return s, arts
}

// normalizeOnce runs one round.
// Annotations go first: the repair scans then meet fewer, longer runs.
func normalizeOnce(s string) (string, []string) {
	out, n := StripPinyin(s)
	var arts []string
	if n > 0 {
		arts = append(arts, ArtifactPinyin)
	}
	out, a := RepairMojibake(out)
	arts = append(arts, a...)
	if IsMostlyTraditional(out) {
		if out, n = ToSimplified(out); n > 0 {
			arts = append(arts, ArtifactTraditional)
		}
	}
	return out, mergeArtifacts(nil, arts)
}

// mergeArtifacts appends the artifacts of b not yet in a, in the canonical
// order of the list above.
func mergeArtifacts(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	seen := make(map[string]bool, len(a)+len(b))
	for _, x := range append(a, b...) {
		seen[x] = true
	}
	out := a[:0]
	for _, x := range []string{ArtifactMojibake, ArtifactDamaged, ArtifactPinyin, ArtifactTraditional} {
		if seen[x] {
			out = append(out, x)
		}
	}
	return out
}

// Clip is the longest prefix of s no longer than n bytes that does not
// split a UTF-8 sequence.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
