// Command nianbao crawls, archives, parses and exports the annual
// government information-disclosure reports (政府信息公开工作年度报告) of
// China's county-level governments. Run `nianbao help` for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
)

// env is what a command may touch: its arguments and output streams. Tests
// run commands through it without a process.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader
	getenv         func(string) string
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"crawl", "crawl the seed list into the archive (incremental)", runCrawl},
		{"backfill", "one-off deep crawl for one report year", runBackfill},
		{"schedule", "run the crawl on the config's cron schedule, in the foreground", runSchedule},
		{"serve", "web UI and JSON API over the archive, with the scheduled crawl", runServe},
		{"parse", "parse one local file or URL and print the record as JSON", runParse},
		{"links", "how discovery sees one page: every link's kind and score, or why it is not followed", runLinks},
		{"reparse", "rebuild every record from the archived raw bytes", runReparse},
		{"export", "export records (csv, jsonl, parquet, text) or captures (warc)", runExport},
		{"status", "what the archive holds; last runs; per-site outcomes", runStatus},
		{"verify", "check the archive's integrity", runVerify},
		{"merge", "fold archives of a cluster's workers into one (OUT.db IN.db…)", runMerge},
		{"compact", "rewrite the archive file to reclaim space", runCompact},
		{"migrate", "move an old archive's bodies into WARC segments (with a backup)", runMigrate},
	}
}

// errUsage marks errors whose fix is in the command's --help.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	e := &env{stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, getenv: os.Getenv}
	code := run(ctx, e, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a command and returns the process exit code:
// 0 success, 1 failure, 2 usage error, 130 interrupted.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		usage(e.stderr)
		return 2
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(e.stdout)
		return 0
	}
	if args[0] == "version" || args[0] == "--version" {
		fmt.Fprintf(e.stdout, "nianbao %s\n", buildVersion())
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			fmt.Fprintf(e.stderr, "nianbao %s: %v\nRun 'nianbao %s --help' for usage.\n", c.name, err, c.name)
			return 2
		case errors.Is(err, context.Canceled):
			fmt.Fprintf(e.stderr, "nianbao %s: interrupted; the archive is consistent and the next run resumes\n", c.name)
			return 130
		default:
			fmt.Fprintf(e.stderr, "nianbao %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(e.stderr, "nianbao: unknown command %q\n\n", args[0])
	usage(e.stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "nianbao archives China's government information-disclosure annual reports.")
	fmt.Fprintln(w, "\nUsage: nianbao <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for _, c := range commands {
		names = append(names, fmt.Sprintf("  %-9s %s", c.name, c.summary))
	}
	fmt.Fprintln(w, strings.Join(names, "\n"))
	fmt.Fprintln(w, "\nRun 'nianbao <command> --help' for a command's flags.")
}

// newFlags makes a FlagSet whose errors are returned, not printed and
// exited on. Its help goes to stdout, once, and only on -h/--help: the flag
// package calls fs.Usage on every parse error too, so Usage stays silent and
// parseFlags prints the help itself.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	helpPrinters.Store(fs, func() {
		fmt.Fprintf(e.stdout, "Usage: nianbao %s\n\nFlags:\n", synopsis)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	})
	return fs
}

// helpPrinters maps each FlagSet made by newFlags to its help printer.
var helpPrinters sync.Map

// parseFlags parses args, printing the help once on -h/--help (returning
// flag.ErrHelp: exit 0) and wrapping every other error as a usage error
// (exit 2).
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		if p, ok := helpPrinters.Load(fs); ok {
			p.(func())()
		}
		return err
	}
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
