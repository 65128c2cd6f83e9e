package extract

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/nianbao/nianbao/extract/textnorm"
)

// ToolMissingError means an external program the parser needs (pdftotext,
// soffice, tesseract, …) is not installed. A capture that failed this way is
// not lost: it is remembered as waiting for Tool and parsed again once the
// tool is found. Tool runners outside this package return it; Extract passes
// it through so callers can tell it apart with errors.As.
type ToolMissingError struct {
	Tool    string // program name, e.g. "pdftotext"
	Package string // Debian package that provides it, e.g. "poppler-utils"; may be empty
}

func (e *ToolMissingError) Error() string {
	if e.Package == "" {
		return fmt.Sprintf("%s not found", e.Tool)
	}
	return fmt.Sprintf("%s not found (install %s)", e.Tool, e.Package)
}

// Is makes errors.Is match any ToolMissingError naming the same tool.
func (e *ToolMissingError) Is(target error) bool {
	t, ok := target.(*ToolMissingError)
	return ok && t.Tool == e.Tool
}

// MissingTool returns the tool named by a ToolMissingError in err's chain,
// or "".
func MissingTool(err error) string {
	var tm *ToolMissingError
	if errors.As(err, &tm) {
		return tm.Tool
	}
	return ""
}

// ErrEmptyText means a document was read but held no text (a scanned PDF
// without a text layer, an empty page).
var ErrEmptyText = errors.New("document has no text")

// Reasons a capture could not be parsed. A record or capture carries one as
// its parse failure; see FailureReason.
const (
	ReasonToolMissing = "tool_missing" // "tool_missing:NAME"
	ReasonParseError  = "parse_error"  // "parse_error:DETAIL"
	ReasonEmptyText   = "empty_text"
)

// FailureReason names why a parse failed, in the stable form stored in the
// archive and shown by status: "tool_missing:pdftotext", "empty_text" or
// "parse_error:<detail>". It returns "" for a nil error.
func FailureReason(err error) string {
	switch {
	case err == nil:
		return ""
	case MissingTool(err) != "":
		return ReasonToolMissing + ":" + MissingTool(err)
	case errors.Is(err, ErrEmptyText):
		return ReasonEmptyText
	}
	return ReasonParseError + ":" + textnorm.Clip(strings.Join(strings.Fields(err.Error()), " "), 200)
}

// maxNote bounds a record's note: a tool's error can run to megabytes (one
// line per damaged object), and a record is read whole by every export.
const maxNote = 2000

// FailureNote is the record's note for a failed parse: the error's text,
// cut at 2,000 bytes on a character boundary, with "…" when it was cut.
func FailureNote(err error) string {
	msg := err.Error()
	if len(msg) <= maxNote {
		return msg
	}
	return textnorm.Clip(msg, maxNote) + "…"
}

// WaitingTool returns NAME for a reason "tool_missing:NAME", else "".
func WaitingTool(reason string) string {
	name, ok := strings.CutPrefix(reason, ReasonToolMissing+":")
	if !ok {
		return ""
	}
	return name
}

// Interrupted says whether a failure reason only records that the parse
// was cancelled (the run stopping): nothing was learnt about the document.
func Interrupted(reason string) bool {
	return strings.HasPrefix(reason, ReasonParseError+":") && strings.Contains(reason, context.Canceled.Error())
}

// Unreadable says whether err means the body is no document the parser
// reads (an image without OCR, an archive) or is password-protected: not a
// failure that a tool or a new parser would undo, so nothing to retry.
func Unreadable(err error) bool {
	return errors.Is(err, ErrNotText) || errors.Is(err, ErrEncrypted)
}
