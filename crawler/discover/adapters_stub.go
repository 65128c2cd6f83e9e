package discover

func trsRule(c *pageCtx) []cand        { return nil }
func hanwebRule(c *pageCtx) []cand     { return nil }
func gkmlptRule(c *pageCtx) []cand     { return nil }
func gkmlptJSONRule(c *pageCtx) []cand { return nil }
func pagerRule(c *pageCtx) []cand      { return nil }
