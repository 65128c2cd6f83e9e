package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	berrors "go.etcd.io/bbolt/errors"
)

// Sentinel errors. Errors returned by this package wrap them, so callers test
// with errors.Is and print the error itself for the human message.
var (
	// ErrLocked: another process holds the database.
	ErrLocked = errors.New("database locked")
	// ErrCorrupt: the file is not a readable nianbao archive (truncated,
	// damaged, not a bbolt file) or an integrity check failed.
	ErrCorrupt = errors.New("database damaged")
	// ErrDiskFull: a write failed for lack of space (ENOSPC, EFBIG, EDQUOT).
	// Nothing of the failed batch was committed.
	ErrDiskFull = errors.New("disk full")
	// ErrNotFound: the body, run or record asked for is not in the archive.
	ErrNotFound = errors.New("not found")
	// ErrClosed: the DB was used after Close.
	ErrClosed = errors.New("database closed")
)

// LockedError says which process holds the database.
type LockedError struct {
	Path string
	PID  int // 0 when the holder could not be identified
}

func (e *LockedError) Error() string {
	if e.PID == 0 {
		return fmt.Sprintf("database %s is locked by another process (pid unknown); wait for it to finish or stop it", e.Path)
	}
	return fmt.Sprintf("database %s is locked by another nianbao process (pid %d); wait for it to finish or stop it", e.Path, e.PID)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// CorruptError names the damaged file, what is wrong and how to recover.
type CorruptError struct {
	Path   string
	Detail string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("database %s is damaged: %s. To recover: `nianbao compact --db %s --out %s` copies what is "+
		"still readable into a new archive (it works on a file that no longer opens), then `nianbao verify --db %s` "+
		"lists what was lost; or restore the file from a backup",
		e.Path, e.Detail, e.Path, SalvagePath(e.Path), SalvagePath(e.Path))
}

func (e *CorruptError) Unwrap() error { return ErrCorrupt }

// SalvagePath is the name suggested for the salvaged copy of path:
// nianbao.db → nianbao.salvaged.db.
func SalvagePath(path string) string {
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + ".salvaged" + ext
}

func corrupt(path, format string, args ...any) error {
	return &CorruptError{Path: path, Detail: fmt.Sprintf(format, args...)}
}

// isCorruptOpen reports whether an error from bbolt.Open is about the file's
// content rather than the environment (permissions, missing file, lock).
func isCorruptOpen(err error) bool {
	switch {
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum),
		errors.Is(err, berrors.ErrVersionMismatch):
		return true
	}
	return strings.Contains(err.Error(), "file size too small")
}

// isDiskFull recognises out-of-space errors, also when bbolt flattened them
// into text ("file resize error: %s").
func isDiskFull(err error) bool {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EFBIG) || errors.Is(err, syscall.EDQUOT) ||
		errors.Is(err, berrors.ErrMaxSizeReached) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "no space left") || strings.Contains(s, "file too large") ||
		strings.Contains(s, "quota exceeded")
}

// classifyWrite turns a failed commit into an error naming the cause.
func (db *DB) classifyWrite(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, berrors.ErrDatabaseNotOpen):
		return ErrClosed
	case isDiskFull(err):
		return fmt.Errorf("write to %s failed: %w (%v); free space and run again: nothing of this batch was committed and the archive is intact as of the last acknowledged write", db.path, ErrDiskFull, err)
	}
	return err
}

// lockHolder returns the pid recorded in the sidecar lock file when that
// process is still alive, else 0. Stale sidecars (the holder died) are
// ignored: the real lock is bbolt's flock on the database file itself.
func lockHolder(path string) int {
	b, err := os.ReadFile(lockPath(path))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return 0
	}
	if err := p.Signal(syscall.Signal(0)); err != nil && !errors.Is(err, fs.ErrPermission) && !errors.Is(err, syscall.EPERM) {
		return 0
	}
	return pid
}

func lockPath(path string) string { return path + ".lock" }

// classifyOpen converts a bbolt.Open failure into ErrLocked, ErrCorrupt or a
// wrapped environment error.
func classifyOpen(path string, err error) error {
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return &LockedError{Path: path, PID: lockHolder(path)}
	case errors.Is(err, ErrCorrupt):
		return err
	case isCorruptOpen(err):
		return corrupt(path, "%v", err)
	}
	return fmt.Errorf("open database %s: %w", path, err)
}
