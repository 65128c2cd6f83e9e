#!/bin/sh
# Interoperability check: webrecorder's warcio.js (the library behind
# replayweb.page) reads the WARC written by nianbao and indexes it; its
# CDXJ must equal ours line for line. Not run by `go test`; by hand:
#
#   go test ./export/warc -run TestInteropFiles -interop /tmp/x
#   cp export/warc/testdata/interop/warcio_check.sh /tmp/x && cd /tmp/x
#   npm install warcio && sh warcio_check.sh
#
# Case is ignored: warcio upper-cases hex escapes in decoded POST form
# fields where Python's surt (pywb) lower-cases them; digests are base32
# upper case on both sides.
set -e
npx warcio index test.warc.gz > records.json
echo "warcio read $(wc -l < records.json) records"
npx warcio cdx-index test.warc.gz | LC_ALL=C sort > warcio.cdxj
if diff -i warcio.cdxj test.cdxj; then
	echo "ok: $(wc -l < test.cdxj) index lines identical to warcio's"
else
	echo FAIL; exit 1
fi
