package sim

// Keys of the figures, as in the codebook of extract/report (2021 form).
var (
	outcomeKeys = []string{"granted", "partial", "deny_secret", "deny_law", "deny_safety", "deny_third_party",
		"deny_internal", "deny_process", "deny_enforcement", "deny_query", "unable_not_held", "unable_create",
		"unable_unclear", "reject_petition", "reject_repeat", "reject_publication", "reject_mass", "reject_confirm",
		"other_no_correction", "other_unpaid", "other_other"}
	colKeys     = []string{"person", "business", "research", "nonprofit", "legal", "other"}
	reviewKeys  = []string{"upheld", "corrected", "other", "pending"}
	reviewGroup = []string{"review", "suit_direct", "suit_after_review"}
)

// fields returns every figure of the report under its codebook key
// (app_ROW_COL, review_*, suit_direct_*, suit_after_review_*, art20_*).
func (f *form) fields() map[string]float64 {
	m := map[string]float64{}
	app := func(row string, v [6]int) {
		for c, k := range colKeys {
			m["app_"+row+"_"+k] = float64(v[c])
		}
		m["app_"+row+"_total"] = float64(sum6(v))
	}
	app("new", f.New)
	app("carried_in", f.CarriedIn)
	var tot [6]int
	for i, k := range outcomeKeys {
		app(k, f.Outcomes[i])
		for c := range tot {
			tot[c] += f.Outcomes[i][c]
		}
	}
	app("total", tot)
	app("carried_out", f.CarriedOut)
	for g, vals := range [][4]int{f.Review, f.Direct, f.AfterRev} {
		for i, k := range reviewKeys {
			m[reviewGroup[g]+"_"+k] = float64(vals[i])
		}
		m[reviewGroup[g]+"_total"] = float64(sum4(vals))
	}
	for i, k := range []string{"issued", "repealed", "in_force"} {
		m["art20_rules_"+k] = float64(f.Rules[i])
		m["art20_normative_"+k] = float64(f.Norms[i])
	}
	m["art20_licensing"], m["art20_penalty"], m["art20_coercion"] = float64(f.Licences), float64(f.Penalties), float64(f.Force)
	m["art20_fees_wan_yuan"] = f.Fees
	return m
}

// indicators are the harmonized figures a correct parse derives from a
// 2021-form report (the form has no count of proactively published items).
func (f *form) indicators() map[string]float64 {
	m := f.fields()
	refused := 0.0
	for _, k := range outcomeKeys[2:10] {
		refused += m["app_"+k+"_total"]
	}
	return map[string]float64{"applications_received": m["app_new_total"], "applications_granted": m["app_granted_total"],
		"applications_partly_granted": m["app_partial_total"], "applications_refused": refused,
		"reviews": m["review_total"], "lawsuits": m["suit_direct_total"] + m["suit_after_review_total"]}
}
