package sim

import (
	"cmp"
	"fmt"
	"math/rand"
	"strings"
	"time"
)

// CMS families and the other per-site traits.
const (
	FamilyTRS     = "trs"
	FamilyHanweb  = "hanweb"
	FamilyGkmlpt  = "gkmlpt"
	FamilyGeneric = "generic"

	ObstacleTS          = "412"         // 瑞数: 412 with an inline $_ts script on every path
	ObstacleJSL         = "521"         // 加速乐: 521 with X-Via-JSL
	ObstacleAccepted    = "202"         // a WAF answering 202 with a JavaScript challenge
	ObstacleUnreachable = "unreachable" // the seed URL points at a closed port
	ObstacleRobots      = "robots"      // robots.txt disallows everything
)

var (
	families  = []string{FamilyTRS, FamilyHanweb, FamilyGkmlpt, FamilyGeneric}
	charsets  = []string{"utf-8", "gbk", "gbk-lying", "gbk-none", "utf-8"}
	obstacles = []string{ObstacleTS, ObstacleJSL, ObstacleUnreachable, ObstacleRobots, ObstacleAccepted}
	provinces = []string{"河北省", "山西省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "四川省", "贵州省", "云南省", "陕西省", "甘肃省"}
	nameChars = []rune("安平清河阳山城宁丰泰兴华江源德昌远临青长新永和乐东西南北")
	bureaus   = []string{"教育局", "卫生健康局", "财政局", "自然资源局", "住房和城乡建设局", "民政局", "人力资源和社会保障局", "市场监督管理局"}
	towns     = []string{"城关镇人民政府", "河西镇人民政府", "新安乡人民政府", "东城街道办事处", "柳林镇人民政府", "石桥乡人民政府"}
)

// column is one listing of the report column tree: the root, a year
// sub-column or a unit sub-column.
type column struct {
	id       int
	name     string // link text
	dir      string // TRS/generic: directory path; Hanweb: /col/colN/; gkmlpt: category id as string
	parent   *column
	children []*column
	items    []*item // newest first
}

// item is one document in a column: a report or a look-alike.
type item struct {
	id      int
	path    string
	title   string
	year    int
	agency  string
	decoy   string // "" for a report, else the look-alike kind (解读, 通知, 汇总)
	format  string // "html", "pdf" (the document is the attachment) or "html+pdf"
	pdf     string // file name of the real PDF served for it
	attach  string // attachment path (pdf or html+pdf)
	layout  int
	date    time.Time
	form    *form
	legacy  *legacyForm // figures of a report for 2008–2018 (form is nil)
	version int
	col     *column
}

// site is one simulated county portal.
type site struct {
	idx        int
	code, name string
	province   string
	family     string
	charset    string
	obstacle   string
	layout     string // "flat", "year" or "unit": how the report column is split
	sibling    bool   // the report column lives on a sibling host
	crawlDelay bool
	noRobots   bool
	retry      map[string]int // path → 503/429 answers still to give
	webid, sid int
	root       *column
	items      []*item
	nextID     int
	rng        *rand.Rand
	built      time.Time
	years      []int  // report years, oldest first
	oldName    string // the name before the county became a district ("" if never renamed)
}

// newSite builds site i deterministically from the simulator seed.
func newSite(i int, seed int64, opt Options) *site {
	r := rand.New(rand.NewSource(seed*1_000_003 + int64(i)))
	s := &site{idx: i, rng: r, family: families[i%len(families)], charset: charsets[i%len(charsets)],
		province: provinces[r.Intn(len(provinces))], code: fmt.Sprintf("99%04d", i+1),
		webid: 1000 + r.Intn(9000), sid: 100000 + r.Intn(900000), retry: map[string]int{},
		built: time.Date(2024, 4, 1, 8, 0, 0, 0, time.UTC), nextID: 1000 + r.Intn(9000)}
	s.name = string([]rune{nameChars[r.Intn(len(nameChars))], nameChars[r.Intn(len(nameChars))]}) + "县"
	s.years = opt.years()
	if s.years[0] <= legacyLastYear && i%2 == 0 {
		s.oldName, s.name = s.name, strings.TrimSuffix(s.name, "县")+"区"
	}
	if !opt.NoObstacles && i%10 == 9 {
		s.obstacle = obstacles[(i/10)%len(obstacles)]
	}
	s.layout = []string{"flat", "year", "unit"}[(i/len(families)+i%len(families))%3] // every family gets every layout in its first 3 sites
	s.sibling = s.family == FamilyTRS && i%8 == 4
	s.crawlDelay = i%3 == 2
	s.noRobots = i%7 == 5
	s.buildColumns(opt.PDFDir != "")
	return s
}

// agencies lists the bodies that publish reports on the site.
func (s *site) agencies() (gov []string, depts []string, townships []string) {
	gov = []string{s.name + "人民政府", s.name + "人民政府办公室"}
	n := 2 + s.rng.Intn(3)
	for _, k := range s.rng.Perm(len(bureaus))[:n] {
		depts = append(depts, s.name+bureaus[k])
	}
	m := 1 + s.rng.Intn(3)
	for _, k := range s.rng.Perm(len(towns))[:m] {
		townships = append(townships, s.name+towns[k])
	}
	return gov, depts, townships
}

var reportYears = []int{2021, 2022, 2023}

// legacyLastYear is the last year of the free-form reports; renamedIn the
// year a renamed county's reports start to use the district's name.
const (
	legacyLastYear = 2018
	renamedIn      = 2016
)

// years returns the report years the options ask for, oldest first.
func (o Options) years() []int {
	if o.FirstYear == 0 && o.LastYear == 0 {
		return reportYears
	}
	first, last := cmp.Or(o.FirstYear, reportYears[0]), cmp.Or(o.LastYear, reportYears[len(reportYears)-1])
	var ys []int
	for y := first; y <= last; y++ {
		ys = append(ys, y)
	}
	if len(ys) == 0 {
		return reportYears
	}
	return ys
}

// nameIn returns the body's name as its report for year printed it: a
// renamed county's bodies used the county's name before renamedIn.
func (s *site) nameIn(agency string, year int) string {
	if s.oldName == "" || year >= renamedIn {
		return agency
	}
	return strings.Replace(agency, s.name, s.oldName, 1)
}

// pdfFiles are the real reports of shared/real-reports, with the facts
// read from them.
var pdfFiles = []struct {
	name, agency string
	year         int
}{
	{"huaian_shi_2024_szfgs2024.pdf", "淮安市人民政府", 2024},
	{"hongze_qu_2023_hzq2023_working.pdf", "淮安市洪泽区人民政府", 2023},
	{"hongze_qu_2024_hzq2024_working.pdf", "淮安市洪泽区人民政府", 2024},
}

// buildColumns creates the column tree and its reports and look-alikes.
func (s *site) buildColumns(pdfs bool) {
	s.root = &column{id: s.newID(), name: "政府信息公开年报"}
	gov, depts, towns := s.agencies()
	groups := map[string][]string{"本级": gov, "部门": depts, "乡镇（街道）": towns}
	order := []string{"本级", "部门", "乡镇（街道）"}
	colFor := map[string]*column{}
	switch s.layout {
	case "year":
		for _, y := range s.years {
			colFor[fmt.Sprint(y)] = s.addChild(s.root, fmt.Sprintf("%d年", y))
		}
	case "unit":
		for _, g := range order[1:] {
			colFor[g] = s.addChild(s.root, g)
		}
	}
	for _, y := range s.years {
		for _, g := range order {
			if y <= legacyLastYear && g != "本级" {
				continue // older years: only the government and its office published online
			}
			for _, a := range groups[g] {
				a = s.nameIn(a, y)
				c := s.root
				if cc := colFor[fmt.Sprint(y)]; cc != nil {
					c = cc
				} else if cc := colFor[g]; cc != nil {
					c = cc
				}
				s.addReport(c, a, y, pdfs)
			}
		}
	}
	s.addDecoys()
	s.assignPaths()
}

func (s *site) newID() int { s.nextID += 1 + s.rng.Intn(7); return s.nextID }

func (s *site) addChild(p *column, name string) *column {
	c := &column{id: s.newID(), name: name, parent: p}
	p.children = append(p.children, c)
	return c
}

var titleForms = []string{"%[1]s%[2]d年政府信息公开工作年度报告", "%[2]d年度%[1]s政府信息公开工作年度报告", "%[1]s%[2]d年度政府信息公开年报"}

func (s *site) addReport(c *column, agency string, year int, pdfs bool) *item {
	it := &item{id: s.newID(), agency: agency, year: year, col: c, layout: s.rng.Intn(3), version: 1,
		date: time.Date(year+1, time.Month(1+s.rng.Intn(3)), 1+s.rng.Intn(28), 9, 0, 0, 0, time.UTC)}
	it.form = newForm(rand.New(rand.NewSource(int64(it.id)*31 + int64(s.idx))))
	it.format = "html"
	if year <= legacyLastYear {
		it.form = nil
		it.legacy = newLegacyForm(rand.New(rand.NewSource(int64(it.id)*37+int64(s.idx))), legacyVariant(s.idx, it.id, year))
		pdfs = false
	}
	if k := s.rng.Intn(10); pdfs && k <= 1 {
		// A PDF report is one of the real PDFs: its agency and year are the
		// PDF's own, so that the truth is what a correct parse reads.
		pf := pdfFiles[s.rng.Intn(len(pdfFiles))]
		it.format, it.pdf, it.agency, it.year, it.form = []string{"pdf", "html+pdf"}[k], pf.name, pf.agency, pf.year, nil
		// published early in the year after its own report year, as its
		// file's CreationDate says (not the year the column slot was for)
		it.date = time.Date(it.year+1, it.date.Month(), it.date.Day(), 9, 0, 0, 0, time.UTC)
	}
	it.title = fmt.Sprintf(titleForms[s.rng.Intn(len(titleForms))], it.agency, it.year)
	s.items = append(s.items, it)
	c.items = append([]*item{it}, c.items...)
	return it
}

// addDecoys puts look-alikes in the columns: an interpretation of the
// government's latest report, the compilation notice and a summary page.
func (s *site) addDecoys() {
	y := s.years[len(s.years)-1]
	c := s.root
	if len(s.root.children) > 0 {
		c = s.root.children[len(s.root.children)-1]
	}
	decoys := []struct{ kind, title string }{
		{"解读", fmt.Sprintf("一图读懂%s%d年政府信息公开工作年度报告（解读）", s.name, y)},
		{"通知", fmt.Sprintf("关于做好%d年政府信息公开工作年度报告编制和发布工作的通知", y)},
		{"汇总", fmt.Sprintf("%s%d年政府信息公开年报汇总", s.name, y)},
	}
	for _, d := range decoys {
		it := &item{id: s.newID(), agency: s.name + "人民政府办公室", year: y, col: c, decoy: d.kind, title: d.title,
			format: "html", version: 1, date: time.Date(y+1, 2, 10, 9, 0, 0, 0, time.UTC),
			form: newForm(rand.New(rand.NewSource(int64(s.idx))))}
		s.items = append(s.items, it)
		c.items = append([]*item{it}, c.items...)
	}
}

// columns returns the tree in order, root first.
func (s *site) columns() []*column {
	out := []*column{s.root}
	out = append(out, s.root.children...)
	return out
}
