#!/bin/sh
# Regenerates the committed office fixtures under extract/testdata/office/
# from the Word-exported seed report page extract/report/testdata/boai_word_trs.html,
# with LibreOffice (Debian's libreoffice-writer + libreoffice-calc):
# Writer makes the .doc/.docx/.odt/.rtf, Calc the .xls/.xlsx/.ods.
# The tests read these bytes; only this script needs LibreOffice to make them.
set -eu
cd "$(dirname "$0")/.."
src=extract/report/testdata/boai_word_trs.html
out=extract/testdata/office
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src" "$tmp/boai.html"
prof="-env:UserInstallation=file://$tmp/profile"
for f in "doc:MS Word 97" "docx:MS Word 2007 XML" "odt:writer8" "rtf:Rich Text Format"; do
	soffice "$prof" --headless --infilter="HTML (StarWriter)" --convert-to "$f" --outdir "$out" "$tmp/boai.html"
done
for f in "xls:MS Excel 97" "xlsx:Calc MS Excel 2007 XML" "ods:calc8"; do
	soffice "$prof" --headless --infilter="HTML (StarCalc)" --convert-to "$f" --outdir "$out" "$tmp/boai.html"
done
ls -l "$out"
