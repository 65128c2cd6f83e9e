package discover

import "testing"

// TestAttachmentRule_Formats: every document format extract reads is an
// attachment, linked plainly or from a script.
func TestAttachmentRule_Formats(t *testing.T) {
	body := `<div class="TRS_Editor"><a href="/files/b1.ofd">年报(OFD)</a> <a href="/files/b2.rtf">年报</a>
<a href="/files/b3.odt">年报</a> <a href="/files/b4.et">附表</a> <a href="/files/b5.ods">附表</a>
<script>var f = "/files/b6.rtf";</script></div>`
	m, _ := run(t, Page{URL: "http://www.x.gov.cn/zwgk/zfxxgknb/202301/t20230118_1.html", Body: []byte(body)})
	for _, f := range []string{"b1.ofd", "b2.rtf", "b3.odt", "b4.et", "b5.ods", "b6.rtf"} {
		want(t, m, "http://www.x.gov.cn/files/"+f, KindAttachment)
	}
}
