package report

// readLegacy reads the figures of a legacy (2008–2018) report: first the
// 政府信息公开情况统计表 appendix in whichever variant it is printed, then,
// for the figures no row gave, the set phrases of the body. Every figure
// that is not missing says where it came from (prov[key]); nothing is
// guessed: a figure without a row or a phrase stays null (missing).
func readLegacy(lines []line) (fields map[string]*float64, nulls, prov map[string]string) {
	f := newLegacyFigures()
	readLegacyTable(f, lines)
	readLegacyProse(f, lines)
	return f.fields, f.nulls, f.prov
}
