// Package warc writes and reads WARC/1.1 files (ISO 28500:2017) and their
// CDXJ indexes, enough for the archive's captures to be replayed by pywb or
// replayweb.page: records gzipped one per member, sha1/base32 block and
// payload digests, revisit records for unchanged re-captures, and a sorted
// CDXJ index with SURT keys pointing at each response's gzip member.
//
// Writer writes records; Reader iterates them (gzip members or plain),
// giving each record's offset and size in the file, and Verify checks its
// digests. CaptureWriter maps capture.Capture values to warcinfo, response
// (or revisit), request and metadata records. IndexWriter sorts CDXJ lines
// with bounded memory, spilling sorted runs to temporary files.
package warc
