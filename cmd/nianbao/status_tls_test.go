package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/capture"
)

func TestPrintTLS(t *testing.T) {
	run := capture.Run{ID: "r1", Results: []capture.SiteResult{
		{Code: "110101", Name: "东城区", Outcome: "ok"},
		{Code: "150602", Name: "东胜区", Outcome: "ok", TLSError: "www.ds.gov.cn: x509: certificate has expired"},
	}}
	var b bytes.Buffer
	printTLS(&b, run)
	out := b.String()
	if !strings.Contains(out, "150602") || !strings.Contains(out, "certificate has expired") || strings.Contains(out, "110101") {
		t.Errorf("status TLS section:\n%s", out)
	}
	b.Reset()
	printTLS(&b, capture.Run{ID: "r2", Results: run.Results[:1]})
	if b.Len() != 0 {
		t.Errorf("no TLS error but printed %q", b.String())
	}
}
