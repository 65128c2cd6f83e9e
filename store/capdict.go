package store

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Capture metadata values are compressed with zstd and a fixed dictionary of
// typical capture JSON (field names, common headers and values): about 1100
// bytes of JSON become about 350, and a nightly recapture of an unchanged
// page stores little else. The dictionary is part of the file format: never
// edit capDict1; to improve it add capDict2 with a new ID and register both
// with the decoder. A value starting with '{' is plain JSON (+CRC).
const capDictID = 1

const capDict1 = `{"seq":1,"url":"http://www.gov.cn/zwgk/zfxxgknb/index.html","final_url":"https://www.gov.cn/zwgk/zfxxgknb/202401/t20240115_1.html",` +
	`"method":"GET","req_header":{"Accept":["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"],"Accept-Encoding":["gzip, deflate, br"],` +
	`"Accept-Language":["zh-CN,zh;q=0.9"],"If-Modified-Since":["Mon, 15 Jan 2024 02:11:09 GMT"],"If-None-Match":["\""],"User-Agent":["nianbao/"]},` +
	`"status":200,"proto":"HTTP/1.1","header":{"Accept-Ranges":["bytes"],"Cache-Control":["max-age=600"],"Connection":["keep-alive"],` +
	`"Content-Length":["1"],"Content-Type":["text/html; charset=utf-8"],"Content-Type":["text/html; charset=GBK"],"Date":["Mon, 15 Jan 2024 02:11:09 GMT"],` +
	`"Etag":["\""],"Expires":["Mon, 15 Jan 2024 02:11:09 GMT"],"Last-Modified":["Mon, 15 Jan 2024 02:11:09 GMT"],"Server":["nginx"],` +
	`"Set-Cookie":["JSESSIONID=; Path=/; HttpOnly"],"Vary":["Accept-Encoding"],"X-Frame-Options":["SAMEORIGIN"],"X-Xss-Protection":["1; mode=block"],` +
	`"X-Content-Type-Options":["nosniff"]},"digest":"","size":1,"revisit":"","fetched_at":"2026-01-01T00:00:00.000000000Z","duration_ns":1,` +
	`"outcome":"not_modified","outcome":"ok","error":"","charset":{"name":"gb18030","method":"meta"},"charset":{"name":"utf-8","method":"valid-utf8"},` +
	`"source_url":"http://www.gov.cn/","site_code":"1","kind":"report","kind":"listing","version":1,"run":"20260101T000000Z-1"}`

// capWindow is the zstd window for capture metadata (headers and the
// like, a few KB): the dictionary gives the matches, so a small window
// keeps the encoder's history small.
const capWindow = 128 << 10

var (
	capOnce sync.Once
	capEnc  *zstd.Encoder
	capDec  *zstd.Decoder
	capErr  error
)

func capCodecs() (*zstd.Encoder, *zstd.Decoder, error) {
	capOnce.Do(func() {
		capEnc, capErr = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedBetterCompression),
			zstd.WithEncoderConcurrency(1), zstd.WithEncoderDictRaw(capDictID, []byte(capDict1)),
			zstd.WithWindowSize(capWindow), zstd.WithLowerEncoderMem(true))
		if capErr == nil {
			capDec, capErr = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(64<<20),
				zstd.WithDecoderDictRaw(capDictID, []byte(capDict1)))
		}
	})
	return capEnc, capDec, capErr
}

// encodeCaptureValue is marshalValue compressed with the capture dictionary.
func encodeCaptureValue(sc *storedCapture) ([]byte, error) {
	v, err := marshalValue(sc)
	if err != nil {
		return nil, err
	}
	enc, _, err := capCodecs()
	if err != nil {
		return nil, fmt.Errorf("zstd: %w", err)
	}
	return enc.EncodeAll(v, make([]byte, 0, len(v)/2)), nil
}

// decodeCaptureValue reads a capture value, compressed or plain.
func decodeCaptureValue(v []byte) (*storedCapture, error) {
	if !bytes.HasPrefix(v, []byte("{")) {
		_, dec, err := capCodecs()
		if err != nil {
			return nil, fmt.Errorf("zstd: %w", err)
		}
		if v, err = dec.DecodeAll(v, nil); err != nil {
			return nil, fmt.Errorf("decompress capture: %v: %w", err, ErrCorrupt)
		}
	}
	sc := &storedCapture{}
	if err := unmarshalValue(v, sc); err != nil {
		return nil, err
	}
	return sc, nil
}
