package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/nianbao/nianbao/seeds"
	"github.com/nianbao/nianbao/store"
	"github.com/nianbao/nianbao/web"
)

// serveFlags are serve's own flags, beside the crawl flags.
type serveFlags struct {
	addr, tokenFile, cron string
	public, noSchedule    bool
}

func (s *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.addr, "addr", "127.0.0.1:8080", "address to serve the web UI and API on (loopback unless --public)")
	fs.BoolVar(&s.public, "public", false, "allow a non-loopback --addr; state-changing actions then need the --token-file token")
	fs.StringVar(&s.tokenFile, "token-file", "", "file holding the token for actions (start a crawl, reparse); required with --public")
	fs.StringVar(&s.cron, "cron", "", "cron expression of the scheduled crawl (default: config's schedule)")
	fs.BoolVar(&s.noSchedule, "no-schedule", false, "run no scheduled crawl (crawls start only from the UI or API)")
}

// check validates the address against --public and reads the token.
func (s *serveFlags) check() (token string, err error) {
	host, _, err := net.SplitHostPort(s.addr)
	if err != nil {
		return "", fmt.Errorf("%w: --addr %q is not host:port: %v", errUsage, s.addr, err)
	}
	if !s.public && !isLoopbackName(host) {
		return "", fmt.Errorf("%w: --addr %s is not a loopback address; add --public (and --token-file) to serve other machines", errUsage, s.addr)
	}
	if s.tokenFile == "" {
		if s.public {
			return "", fmt.Errorf("%w: --public needs --token-file: a file holding the token for actions that change state", errUsage)
		}
		return "", nil
	}
	b, err := os.ReadFile(s.tokenFile)
	if err != nil {
		return "", fmt.Errorf("token file: %w", err)
	}
	token = strings.TrimSpace(string(b))
	if len(token) < 16 {
		return "", fmt.Errorf("%w: the token in %s is shorter than 16 characters", errUsage, s.tokenFile)
	}
	return token, nil
}

func isLoopbackName(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// runServe: nianbao serve [crawl flags] [--addr HOST:PORT] [--public --token-file FILE] [--cron EXPR] [--no-schedule]
// One process owns the archive: it serves the web UI and the JSON API, runs
// the scheduled crawl, and answers `nianbao status` on a unix socket beside
// the archive.
func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "serve [--config FILE] [--seeds FILE] [--db FILE] [--only CODES] [--addr 127.0.0.1:8080] [--public --token-file FILE] [--cron EXPR] [--no-schedule]")
	var cf crawlFlags
	var sf serveFlags
	cf.register(fs)
	sf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if err := cf.load(fs); err != nil {
		return err
	}
	token, err := sf.check()
	if err != nil {
		return err
	}
	sched, spec, err := parseSchedule(cf.cfg.Schedule, sf.cron)
	if err != nil {
		return err
	}
	if sf.noSchedule {
		sched, spec = nil, ""
	}
	list, db, release, err := cf.openForCrawl()
	if err != nil {
		return err
	}
	defer release()
	return serveArchive(ctx, e, &cf, db, list, serveSetup{flags: sf, token: token, sched: sched, spec: spec})
}

type serveSetup struct {
	flags serveFlags
	token string
	sched cron.Schedule // nil: no scheduled crawl
	spec  string
}

// serveArchive serves db until ctx ends, then stops the servers and waits
// for a running job to wind down (it resumes on the next start).
func serveArchive(ctx context.Context, e *env, cf *crawlFlags, db *store.DB, list []seeds.Seed, ss serveSetup) error {
	log := newLogger(e.stderr, cf.cfg.Log)
	j := &jobs{e: e, cf: cf, db: db, list: list, log: log, sched: ss.sched}
	srv, err := web.New(web.Options{Archive: db, Seeds: webSeeds(list), Live: j.live, Actions: j,
		Token: ss.token, Public: ss.flags.public, Logger: log})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	j.ctx, j.refresh = ctx, func() { refreshIndex(ctx, srv, log) }
	ln, err := net.Listen("tcp", ss.flags.addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w", ss.flags.addr, err)
	}
	hs := newHTTPServer(srv.Handler())
	var wg sync.WaitGroup
	// the socket first: whoever sees the serve answer on TCP finds it there
	if sock, err := listenSocket(socketPath(cf.cfg.DB)); err != nil {
		log.Warn("status socket not available: `nianbao status` cannot reach this process", "err", err)
	} else {
		wg.Go(func() { serveOn(hs, sock, log) })
	}
	wg.Go(func() { serveOn(hs, ln, log) })
	log.Info("serving", "url", "http://"+ln.Addr().String()+"/", "db", cf.cfg.DB, "schedule", ss.spec, "public", ss.flags.public)
	wg.Go(j.refresh)
	wg.Go(func() { srv.Watch(ctx, 30*time.Second) })
	if ss.sched != nil {
		wg.Go(func() { scheduleLoop(ctx, ss.sched, log, j.scheduled) })
	}
	<-ctx.Done()
	shut, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	hs.Shutdown(shut)
	j.wait()
	wg.Wait()
	log.Info("serve stopped")
	return nil
}

func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
}

func serveOn(hs *http.Server, ln net.Listener, log *slog.Logger) {
	if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("web server stopped", "addr", ln.Addr().String(), "err", err)
	}
}

func refreshIndex(ctx context.Context, srv *web.Server, log *slog.Logger) {
	if err := srv.Refresh(ctx); err != nil && ctx.Err() == nil {
		log.Error("web index", "err", err)
	}
}

func webSeeds(list []seeds.Seed) []web.Seed {
	out := make([]web.Seed, len(list))
	for i, s := range list {
		out[i] = web.Seed{Code: s.Code, Name: s.Name, Province: s.Province}
	}
	return out
}

// socketPath is where serve answers `nianbao status`: beside the archive.
func socketPath(db string) string { return db + ".sock" }

// listenSocket listens on a unix socket readable by the owner only. The
// archive's lock is already held, so a socket file left there belongs to a
// serve that died: it is replaced.
func listenSocket(path string) (net.Listener, error) {
	if len(path) > 100 {
		return nil, fmt.Errorf("socket path %s is too long for a unix socket", path)
	}
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSocket != 0 {
		os.Remove(path)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("chmod %s: %w", path, err)
	}
	return ln, nil
}
