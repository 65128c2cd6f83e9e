#!/usr/bin/env python3
"""Compares a nianbao WARC export with what webrecorder's warcio.js read from it.

  check_replay.py EXPORT.warc.gz EXPORT.cdxj WARCIO_RECORDS.jsonl WARCIO.cdxj

A third reader (this one, Python's zlib) walks the gzip members itself:
every member one record, block digests (WARC-Block-Digest) and payload
digests (WARC-Payload-Digest of response bodies) recomputed, and the same
records at the same offsets as warcio.js listed. Then our CDXJ must equal
warcio.js's line by line (key, timestamp, url, mime, status, digest,
length, offset, filename), and every redirect's Location must be indexed
(so a replay follows the chain). Prints what differs; exit 1 if anything does.
"""
import base64, collections, hashlib, json, sys, urllib.parse, zlib

def members(path):
    """Yields (offset, length, record bytes) for each gzip member."""
    data = open(path, 'rb').read()
    off = 0
    while off < len(data):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        rec = d.decompress(data[off:])
        if not d.eof:
            raise SystemExit(f'truncated gzip member at {off}')
        n = len(data) - off - len(d.unused_data)
        yield off, n, rec
        off += n

def parse(rec):
    head, _, block = rec.partition(b'\r\n\r\n')
    lines = head.decode('utf-8').split('\r\n')
    h = {}
    for l in lines[1:]:
        k, _, v = l.partition(':')
        h[k.strip().lower()] = v.strip()
    n = int(h['content-length'])
    if len(block) != n + 4 or block[n:] != b'\r\n\r\n':
        raise ValueError('block length does not match Content-Length or record not closed by CRLF CRLF')
    return lines[0], h, block[:n]

def digest_ok(label, data):
    algo, _, want = label.partition(':')
    if algo not in ('sha1', 'sha256'):
        return False
    sum_ = hashlib.new(algo, data).digest()
    return want.lower() in (sum_.hex(), base64.b32encode(sum_).decode().lower())

def http_body(block):
    """The payload of an HTTP response block: the body as sent (chunked framing removed)."""
    head, _, body = block.partition(b'\r\n\r\n')
    hl = head.decode('latin-1').lower()
    if 'transfer-encoding: chunked' in hl:
        out, rest = b'', body
        while True:
            size, _, rest = rest.partition(b'\r\n')
            n = int(size.split(b';')[0], 16)
            if n == 0:
                return out
            out, rest = out + rest[:n], rest[n + 2:]
    return body

def pywb_key(key):
    """warcio.js's key with the path's trailing slash dropped, as Python's
    surt (pywb, cdxj-indexer) drops it ("http://archive.org/goo/" is
    "org,archive)/goo" in its tests); our keys follow pywb there."""
    path, q, query = key.partition('?')
    if path.endswith('/') and not path.endswith(')/'):
        path = path[:-1]
    return path + q + query

def load_cdxj(path):
    out = {}
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if line:
            key, ts, js = line.split(' ', 2)
            f = json.loads(js)
            out[int(f['offset'])] = (key, ts, f)
    return out

def main(warc, ours_cdxj, warcio_records, warcio_cdxj):
    problems = collections.Counter()
    example = {}
    def bad(kind, what):
        problems[kind] += 1
        example.setdefault(kind, what)

    types = collections.Counter()
    mine = []
    for off, n, rec in members(warc):
        try:
            version, h, block = parse(rec)
        except (ValueError, KeyError) as e:
            bad('record framing', f'{off}: {e}')
            continue
        t = h.get('warc-type')
        types[t] += 1
        mine.append((off, t, h.get('warc-target-uri', '').strip('<>')))
        if version != 'WARC/1.1':
            bad('version', f'{off}: {version}')
        if 'warc-block-digest' in h and not digest_ok(h['warc-block-digest'], block):
            bad('block digest', f'{off} {t} {h.get("warc-target-uri")}')
        if t == 'response' and block.startswith(b'HTTP/') and 'warc-payload-digest' in h:
            if not digest_ok(h['warc-payload-digest'], http_body(block)):
                bad('payload digest', f'{off} {h.get("warc-target-uri")}')
        if t == 'revisit' and not ('warc-refers-to-target-uri' in h and 'warc-refers-to-date' in h and 'warc-profile' in h):
            bad('revisit without WARC-Profile/Refers-To', f'{off} {h.get("warc-target-uri")}')

    theirs = []
    for line in open(warcio_records, encoding='utf-8'):
        r = json.loads(line)
        theirs.append((int(r['offset']), r.get('warc-type'), r.get('warc-target-uri', '') or ''))
    if mine != theirs:
        a, b = set(mine), set(theirs)
        for x in sorted(a - b)[:1]: bad('records only we see', x)
        for x in sorted(b - a)[:1]: bad('records only warcio.js sees', x)
        if a == b: bad('record order', '')

    ours, wio = load_cdxj(ours_cdxj), load_cdxj(warcio_cdxj)
    known = collections.Counter()
    for off in sorted(set(ours) | set(wio)):
        if off not in wio:
            bad('index line only ours', ours[off][2]['url']); continue
        if off not in ours:
            bad('index line only warcio.js', wio[off][2]['url']); continue
        (k1, t1, f1), (k2, t2, f2) = ours[off], wio[off]
        if k1 != k2 and k1 == pywb_key(k2):
            known[f'{k2} (warcio.js) vs {k1}'] += 1
        elif k1 != k2:
            bad('urlkey', f'{k1} vs {k2}')
        if t1 != t2: bad('timestamp', f'{f1["url"]}: {t1} vs {t2}')
        for k in sorted(set(f1) | set(f2)):
            if f1.get(k) != f2.get(k):
                bad(k, f'{f1.get("url")}: {f1.get(k)!r} vs {f2.get(k)!r}')
    sorted_ok = open(ours_cdxj, encoding='utf-8').read().splitlines()
    if sorted_ok != sorted(sorted_ok, key=lambda s: s.encode()):
        bad('our index not sorted', '')

    # Every redirect's target is in the index, so replay follows the chain.
    indexed = {f['url'] for _, _, f in ours.values()}
    status = collections.Counter(f['status'] for _, _, f in ours.values())
    redirects = 0
    for off, n, rec in members(warc):
        _, h, block = parse(rec)
        code = block.split(b'\r\n', 1)[0].split(b' ')[1:2]
        if h.get('warc-type') != 'response' or not code or not code[0].startswith(b'3'):
            continue
        head = block.partition(b'\r\n\r\n')[0].decode('latin-1')
        loc = next((l.split(':', 1)[1].strip() for l in head.split('\r\n')[1:] if l.lower().startswith('location:')), None)
        if loc is None:
            continue
        redirects += 1
        target = urllib.parse.urljoin(h['warc-target-uri'].strip('<>'), loc)
        if target not in indexed:
            bad('redirect target not archived', f'{h["warc-target-uri"]} -> {target}')

    revisits = collections.Counter(f['status'] for _, _, f in ours.values() if f['mime'] == 'warc/revisit')
    print(f'{len(mine)} records read by both readers ({", ".join(f"{v} {k}" for k, v in sorted(types.items()))}); '
          f'{len(ours)} index lines ours, {len(wio)} warcio.js\'s; statuses {dict(sorted(status.items()))}; '
          f'revisits by status {dict(sorted(revisits.items()))}; {redirects} redirects, their targets all indexed unless said below')
    if known:
        print(f'known difference: {sum(known.values())} keys of URLs whose path ends in "/" keep it in warcio.js\'s '
              f'index and drop it in ours, as pywb\'s surt does (e.g. {next(iter(known))})')
    if problems:
        for k, v in problems.items():
            print(f'DIFFERENT {k}: {v} (e.g. {example[k]})')
        return 1
    print('ok: every record parsed alike, digests verified, index equal to warcio.js\'s' + (' but for the known difference' if known else ''))
    return 0

if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:5]))
