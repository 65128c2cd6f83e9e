package textnorm

import (
	"github.com/nianbao/nianbao/extract/charset"
	"testing"
)

func cpuBench(b *testing.B, n int, f func()) {
	b.SetBytes(int64(n))
	c0 := processCPU()
	k := 0
	for b.Loop() {
		f()
		k++
	}
	b.ReportMetric(float64(processCPU()-c0)/float64(k)/1e3, "cpu-us/op")
}
func BenchmarkStage(b *testing.B) {
	src := readSeed(b, jingzhouSeed)
	simp, _ := Normalize(src)
	stripped, _ := StripPinyin(src)
	pages := benchPages(b)
	b.Run("decode", func(b *testing.B) {
		p := pages[2]
		cpuBench(b, len(p.body), func() { charset.Decode(p.body, p.contentType) })
	})
	b.Run("decide", func(b *testing.B) {
		p := pages[2]
		cpuBench(b, len(p.body), func() { charset.Decide(p.body, p.contentType) })
	})
	for _, in := range []struct{ n, s string }{{"trad", src}, {"simp", simp}} {
		b.Run("repair/"+in.n, func(b *testing.B) { cpuBench(b, len(in.s), func() { RepairMojibake(in.s) }) })
		b.Run("strip/"+in.n, func(b *testing.B) { cpuBench(b, len(in.s), func() { StripPinyin(in.s) }) })
		b.Run("istrad/"+in.n, func(b *testing.B) { cpuBench(b, len(in.s), func() { IsMostlyTraditional(in.s) }) })
		b.Run("normalize/"+in.n, func(b *testing.B) { cpuBench(b, len(in.s), func() { Normalize(in.s) }) })
	}
	b.Run("tosimp/trad", func(b *testing.B) { cpuBench(b, len(stripped), func() { ToSimplified(stripped) }) })
}
