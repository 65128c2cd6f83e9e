// Package segment keeps an archive's raw exchanges in append-only WARC/1.1
// files ("segments") beside the bbolt index: nianbao.db has its segments in
// nianbao.warcs/nianbao-00001.warc.gz, -00002, ... Each record is its own
// gzip member, so a record is read back from its offset and length alone,
// and standard tools (pywb, warcio, replayweb.page) read the files as they
// are.
//
// The records are built and parsed with github.com/nlnwa/gowarc/v3; this
// package adds what an archive needs around it: where each record went
// (Loc), durable appends with rotation at a size (Writer), reading one
// record back by its Loc (Reader), scanning a file member by member with
// exact offsets (Scan, for tail repair, verify and CDXJ), and turning a
// capture into its request, response, revisit and metadata records.
//
// A segment is written only at its end and only by the process holding the
// index's write lock; a closed segment never changes. Readers need no lock:
// every Loc the index names lies in bytes that were fsynced before the index
// entry was committed.
package segment
