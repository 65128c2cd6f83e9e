package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nianbao/nianbao/seeds"
	"github.com/nianbao/nianbao/store"
)

// common holds the flags every archive command shares.
type common struct {
	config string
	db     string
	cfg    Config
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "config.yaml", "configuration file (absent default file = built-in defaults)")
	fs.StringVar(&c.db, "db", "", "database file (default: config's db, nianbao.db)")
}

// load reads the config; the --db flag wins over the config's db key.
func (c *common) load(fs *flag.FlagSet) error {
	named := false
	fs.Visit(func(f *flag.Flag) { named = named || f.Name == "config" })
	cfg, err := LoadConfig(c.config, named)
	if err != nil {
		return err
	}
	if c.db != "" {
		cfg.DB = c.db
	}
	c.cfg = cfg
	return nil
}

// openExisting opens an archive that must already exist: commands that
// read or maintain an archive never create one, so a mistyped --db is an
// error naming the path instead of an empty new file.
func (c *common) openExisting(readOnly bool) (*store.DB, error) {
	if err := archiveExists(c.cfg.DB); err != nil {
		return nil, err
	}
	return c.open(readOnly)
}

// archiveExists explains a missing archive file.
func archiveExists(path string) error {
	_, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		abs, _ := filepath.Abs(path)
		return fmt.Errorf("no archive at %s (%s): check --db or the config's db key; 'nianbao crawl --db %s' creates one", path, abs, path)
	}
	if err != nil {
		return fmt.Errorf("archive %s: %w", path, err)
	}
	return nil
}

// open opens the archive (creating it if absent: only crawls should call
// it directly), failing fast if another process holds it. A read-only open
// of an archive a crawl is writing reads the crawl's latest snapshot of the
// index (see snapshotNote).
func (c *common) open(readOnly bool) (*store.DB, error) {
	if readOnly {
		return store.OpenReader(c.cfg.DB, store.Options{})
	}
	db, err := store.Open(c.cfg.DB, store.Options{})
	if err != nil {
		return nil, err
	}
	return db, nil
}

// setup parses args (no positional arguments), loads the config and
// opens the archive: the start of every command that reads or maintains it.
func (c *common) setup(fs *flag.FlagSet, args []string, readOnly bool) (*store.DB, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if err := c.load(fs); err != nil {
		return nil, err
	}
	return c.openExisting(readOnly)
}

// loadSeeds returns the seed list: --seeds, the config's seeds, or the
// embedded list; --only narrows it.
func loadSeeds(path, only string) ([]seeds.Seed, error) {
	var all []seeds.Seed
	var err error
	if path == "" {
		all, err = seeds.Default()
	} else {
		all, err = seeds.Load(path)
	}
	if err != nil {
		return nil, err
	}
	if only == "" {
		return all, nil
	}
	return seeds.Filter(all, strings.Split(only, ","))
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("log.level: %q must be debug, info, warn or error", s)
	}
	return l, nil
}

// newLogger builds the structured logger the config asks for.
// On a terminal, log lines go through the shared terminal writer, which
// keeps the live progress line below them.
func newLogger(w io.Writer, lc LogConfig) *slog.Logger {
	if t := terminalFor(w); t != nil {
		w = t
	}
	level, _ := parseLevel(lc.Level)
	opts := &slog.HandlerOptions{Level: level}
	if lc.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// snapshotNote tells the user when what they read is a crawl's snapshot
// of the index rather than the archive as of now.
func snapshotNote(w io.Writer, db *store.DB) {
	if at, ok := db.Snapshot(); ok {
		fmt.Fprintf(w, "note: a crawl is writing %s; reading its snapshot as of %s (%s ago): captures saved since are not included\n",
			strings.TrimSuffix(db.Path(), ".snapshot"), at.UTC().Format(time.RFC3339), time.Since(at).Round(time.Second))
	}
}
