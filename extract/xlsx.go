package extract

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxText returns the cells of every sheet of an OOXML workbook, one row
// per line with cells separated by tabs, sheets one after another. A merged
// cell's text is in its top-left cell; the others are empty, as in a
// rendered HTML table with colspan.
func xlsxText(body []byte) (string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(body), excelize.Options{
		UnzipSizeLimit: 256 << 20, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return "", fmt.Errorf("open workbook: %w", err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			return b.String(), fmt.Errorf("sheet %q: %w", sheet, err)
		}
		for _, row := range rows {
			n := len(row)
			for n > 0 && strings.TrimSpace(row[n-1]) == "" {
				n--
			}
			for i, c := range row[:n] {
				if i > 0 {
					b.WriteByte('\t')
				}
				b.WriteString(strings.Join(strings.Fields(c), " "))
			}
			if n > 0 {
				b.WriteByte('\n')
			}
		}
	}
	return b.String(), nil
}
