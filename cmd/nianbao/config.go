package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"

	"github.com/nianbao/nianbao/internal/ocr"
)

// Config is config.yaml. It is read here, in cmd, and nowhere else: the
// packages receive plain option structs. Every key is optional.
type Config struct {
	DB        string `yaml:"db"`    // database file
	Seeds     string `yaml:"seeds"` // seed CSV; "" = embedded list
	Proxy     string `yaml:"proxy"` // HTTP(S) proxy URL; "" = HTTP_PROXY/HTTPS_PROXY/NO_PROXY
	UserAgent string `yaml:"user_agent"`
	PDFToText string `yaml:"pdftotext"` // path of poppler's pdftotext
	Schedule  string `yaml:"schedule"`  // cron expression for `nianbao schedule`
	Metrics   string `yaml:"metrics"`   // listen address for Prometheus metrics; "" = off
	// TLS is "as_found" (archive a server whose certificate cannot be
	// verified, recording why) or "strict" (refuse it: tls_error).
	TLS string `yaml:"tls"`
	// Browser is "auto" (use chromium, when installed, for script
	// challenges and script-drawn listings) or "off".
	Browser string `yaml:"browser"`
	// MemoryLimit is the memory of a crawl's whole process tree in MiB
	// (0 = none): chromium and each tool run start when they fit, and Go's
	// soft memory limit is what they leave (crawlMemory).
	MemoryLimit int           `yaml:"memory_limit_mb"`
	Crawl       CrawlConfig   `yaml:"crawl"`
	Cluster     ClusterConfig `yaml:"cluster"`
	Tools       ToolsConfig   `yaml:"tools"`
	Log         LogConfig     `yaml:"log"`
}

// ClusterConfig is a crawl shared by several workers through Redis
// (cmd_cluster.go).
type ClusterConfig struct {
	Coordinator string        `yaml:"coordinator"` // redis://HOST:PORT/N; "" = crawl alone; --coordinator overrides
	JobLease    time.Duration `yaml:"job_lease"`   // a silent worker's sites go to others after this
	HostLease   time.Duration `yaml:"host_lease"`  // a dead worker's per-host slot frees itself after this
	LostAfter   time.Duration `yaml:"lost_after"`  // a worker stops once Redis is unreachable this long
}

// ToolsConfig names the external programs that read documents other than
// HTML, text, PDF text, DOCX, XLSX, ODT and OFD, and bounds their runs.
type ToolsConfig struct {
	Soffice        string        `yaml:"soffice"`         // LibreOffice, for .doc/.wps/.rtf/.xls/.et
	Catdoc         string        `yaml:"catdoc"`          // fallback for Word binaries
	Slots          int           `yaml:"slots"`           // conversions or OCR runs at once
	ConvertTimeout time.Duration `yaml:"convert_timeout"` // per office document
	Tesseract      string        `yaml:"tesseract"`       // OCR of scans and unusable PDF text layers
	Pdftoppm       string        `yaml:"pdftoppm"`        // renders PDF pages for OCR
	OCRLangs       string        `yaml:"ocr_langs"`       // tesseract languages, e.g. chi_sim or chi_sim+chi_tra
	OCRDPI         int           `yaml:"ocr_dpi"`         // page resolution for OCR
	OCRMaxPages    int           `yaml:"ocr_max_pages"`   // pages read by OCR per document; the rest is flagged ocr_capped
}

// CrawlConfig holds the politeness and scope knobs of a crawl.
type CrawlConfig struct {
	ParallelSites      int           `yaml:"parallel_sites"`
	PerHostConcurrency int           `yaml:"per_host_concurrency"`
	Delay              time.Duration `yaml:"delay"`
	Timeout            time.Duration `yaml:"timeout"`
	MaxBodyBytes       int64         `yaml:"max_body_bytes"`
	MaxRetries         int           `yaml:"max_retries"`
	PageBudget         int           `yaml:"page_budget"`
	MaxDepth           int           `yaml:"max_depth"`
	RespectRobots      bool          `yaml:"respect_robots"`
	IgnoreRobotsFor    []string      `yaml:"ignore_robots_for"` // seed codes whose robots.txt is ignored, explicitly
	RevisitMin         time.Duration `yaml:"revisit_min"`       // shortest wait before an archived page is checked again
	RevisitMax         time.Duration `yaml:"revisit_max"`       // longest wait (for that year's reports a quarter of it January–April)
	AllowPrivate       bool          `yaml:"allow_private"`     // let public seeds reach private/loopback addresses (tests only)
}

// LogConfig selects structured log output.
type LogConfig struct {
	Format string `yaml:"format"` // "text" or "json"
	Level  string `yaml:"level"`  // "debug", "info", "warn", "error"
}

// DefaultConfig is what an absent config.yaml means.
func DefaultConfig() Config {
	return Config{
		DB:          "nianbao.db",
		UserAgent:   "nianbao/0.1 (archiver of government information-disclosure annual reports)",
		PDFToText:   "pdftotext",
		Schedule:    "0 2 * * *",
		MemoryLimit: 512,
		TLS:         "as_found",
		Browser:     "auto",
		Tools: ToolsConfig{Soffice: "soffice", Catdoc: "catdoc", Slots: 1, ConvertTimeout: 2 * time.Minute,
			Tesseract: "tesseract", Pdftoppm: "pdftoppm", OCRLangs: "chi_sim", OCRDPI: ocr.DefaultDPI, OCRMaxPages: ocr.DefaultMaxPages},
		Crawl: CrawlConfig{
			ParallelSites: 200, PerHostConcurrency: 1, Delay: time.Second,
			Timeout: 30 * time.Second, MaxBodyBytes: 50 << 20, MaxRetries: 3,
			PageBudget: 400, MaxDepth: 6, RespectRobots: true,
			RevisitMin: 24 * time.Hour, RevisitMax: 30 * 24 * time.Hour,
		},
		Cluster: ClusterConfig{JobLease: 2 * time.Minute, HostLease: 3 * time.Minute, LostAfter: 30 * time.Second},
		Log:     LogConfig{Format: "text", Level: "info"},
	}
}

// LoadConfig reads path over the defaults. Unknown keys and wrong types are
// errors naming the file and line. A missing file is an error only when
// required (the user named it); the default config.yaml may be absent.
func LoadConfig(path string, required bool) (Config, error) {
	cfg := DefaultConfig()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !required {
		return cfg, nil
	}
	if err != nil {
		return cfg, fmt.Errorf("config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(secondsAsDurations(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return cfg, yamlError(path, err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

// Validate checks values the YAML types cannot.
func (c Config) Validate() error {
	var errs []error
	if c.DB == "" {
		errs = append(errs, errors.New("db: must name a file"))
	}
	if c.Proxy != "" {
		u, err := url.Parse(c.Proxy)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks5") {
			errs = append(errs, fmt.Errorf("proxy: %q is not a proxy URL like http://host:port", c.Proxy))
		}
	}
	if c.Schedule != "" {
		if _, err := cron.ParseStandard(c.Schedule); err != nil {
			errs = append(errs, fmt.Errorf("schedule: %q is not a cron expression (minute hour day month weekday): %v", c.Schedule, err))
		}
	}
	cc := c.Crawl
	positive := map[string]int64{
		"crawl.parallel_sites": int64(cc.ParallelSites), "crawl.per_host_concurrency": int64(cc.PerHostConcurrency),
		"crawl.timeout": int64(cc.Timeout), "crawl.max_body_bytes": cc.MaxBodyBytes,
		"crawl.page_budget": int64(cc.PageBudget), "crawl.max_depth": int64(cc.MaxDepth),
	}
	for _, k := range []string{"crawl.parallel_sites", "crawl.per_host_concurrency", "crawl.timeout", "crawl.max_body_bytes", "crawl.page_budget", "crawl.max_depth"} {
		if positive[k] <= 0 {
			errs = append(errs, fmt.Errorf("%s: must be greater than 0", k))
		}
	}
	if c.MemoryLimit < 0 {
		errs = append(errs, errors.New("memory_limit_mb: must not be negative"))
	}
	if cc.Delay < 0 || cc.MaxRetries < 0 {
		errs = append(errs, errors.New("crawl.delay and crawl.max_retries must not be negative"))
	}
	if c.Browser != "auto" && c.Browser != "off" {
		errs = append(errs, fmt.Errorf("browser: %q must be auto or off", c.Browser))
	}
	if c.TLS != "as_found" && c.TLS != "strict" {
		errs = append(errs, fmt.Errorf("tls: %q must be as_found or strict", c.TLS))
	}
	if c.Cluster.JobLease <= 0 || c.Cluster.LostAfter <= 0 || c.Cluster.HostLease < 2*cc.Timeout {
		errs = append(errs, errors.New("cluster.job_lease and cluster.lost_after must be greater than 0 and cluster.host_lease at least twice crawl.timeout"))
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		errs = append(errs, fmt.Errorf("log.format: %q must be text or json", c.Log.Format))
	}
	if _, err := parseLevel(c.Log.Level); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

var unknownField = regexp.MustCompile(`field (\S+) not found in type \S+`)

// yamlError names the file and line of each problem yaml.v3 reports, with
// its type names turned into words a config author knows.
func yamlError(path string, err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return fmt.Errorf("config %s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	msgs := make([]string, len(te.Errors))
	for i, m := range te.Errors {
		m = unknownField.ReplaceAllString(m, "unknown key $1 (see config.yaml for the keys)")
		msgs[i] = fmt.Sprintf("config %s %s", path, m)
	}
	return errors.New(strings.Join(msgs, "\n"))
}
