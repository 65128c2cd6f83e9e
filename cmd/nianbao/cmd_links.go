package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/nianbao/nianbao/crawler/discover"
	"github.com/nianbao/nianbao/extract/charset"
)

// linkRow is one line of `nianbao links`: a link followed (its kind and
// score) or not (the reason).
type linkRow struct {
	Kind   string  `json:"kind"` // discover kind, or "not_followed"
	Reason string  `json:"reason,omitempty"`
	Score  float64 `json:"score"`
	Via    string  `json:"via,omitempty"`
	Year   int     `json:"year,omitempty"`
	Method string  `json:"method,omitempty"`
	Text   string  `json:"text"`
	URL    string  `json:"url"`
}

// runLinks: nianbao links URL|FILE [--url U] [--kind K] [--json]
func runLinks(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "links", "links URL|FILE [--url U] [--kind listing|nav|data] [--json]")
	var c common
	c.register(fs)
	pageURL := fs.String("url", "", "address the file came from (links resolve and scope against it)")
	kind := fs.String("kind", "", "what the crawler fetched the page as (listing makes it a report column); default: guessed from the page")
	asJSON := fs.Bool("json", false, "one JSON object per link instead of a table")
	if err := parseFlags(fs, reorder(args)); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: want one FILE or URL, got %d arguments", errUsage, fs.NArg())
	}
	if err := c.load(fs); err != nil {
		return err
	}
	in, err := readInput(ctx, c.cfg, fs.Arg(0), *pageURL, "text/html")
	if err != nil {
		return err
	}
	text, d := charset.Decode(in.Body, in.ContentType)
	if d.Name == "" {
		return fmt.Errorf("links %s: not a text page (%s)", fs.Arg(0), in.ContentType)
	}
	cs := d.Name
	if cs == "utf-8" {
		cs = ""
	}
	links, skips := discover.Links(discover.Page{URL: in.URL, ContentType: "text/html; charset=utf-8", Body: text, Kind: *kind, Charset: cs})
	rows := linkRows(links, skips)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	}
	printLinks(e.stdout, in.URL, d.Name, rows)
	return nil
}

// linkRows lists followed links by score, then the links not followed by
// reason.
func linkRows(links []discover.Link, skips []discover.Skip) []linkRow {
	var rows []linkRow
	for _, l := range links {
		rows = append(rows, linkRow{Kind: l.Kind, Score: l.Score, Via: l.Via, Year: l.Year, Method: l.Method, Text: l.Text, URL: l.URL})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Score > rows[j].Score })
	n := len(rows)
	for _, s := range skips {
		rows = append(rows, linkRow{Kind: "not_followed", Reason: s.Reason, Score: s.Score, Text: s.Text, URL: s.URL})
	}
	sort.SliceStable(rows[n:], func(i, j int) bool { return rows[n+i].Reason < rows[n+j].Reason })
	return rows
}

func printLinks(w io.Writer, page, cs string, rows []linkRow) {
	fmt.Fprintf(w, "Links of %s (charset %s), as the crawler's discovery sees them:\n\n", page, cs)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "kind\tscore\tvia / why not\ttext\turl")
	for _, r := range rows {
		how := r.Via
		if r.Kind == "not_followed" {
			how = r.Reason
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%s\t%s\t%s\n", r.Kind, r.Score, how, truncRunes(r.Text, 40), r.URL)
	}
	tw.Flush()
}

func truncRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
