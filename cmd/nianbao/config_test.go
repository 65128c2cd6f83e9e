package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoadConfig_ShippedFileIsTheDefaults(t *testing.T) {
	cfg, err := LoadConfig("../../config.yaml", true)
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultConfig()
	if cfg.Crawl.IgnoreRobotsFor == nil {
		def.Crawl.IgnoreRobotsFor = nil
	} else {
		def.Crawl.IgnoreRobotsFor = []string{}
	}
	if !reflect.DeepEqual(cfg, def) {
		t.Errorf("config.yaml and DefaultConfig drifted:\n file    %+v\n default %+v", cfg, def)
	}
}

func TestLoadConfig_Errors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"unknown key", "db: x.db\ncrawl:\n  delays: 2s\n", "line 3: unknown key delays"},
		{"wrong type", "crawl:\n  parallel_sites: many\n", "line 2: cannot unmarshal"},
		{"bad duration", "crawl:\n  delay: soon\n", "line 2"},
		{"bad cron", "schedule: \"every night\"\n", "schedule: \"every night\" is not a cron expression"},
		{"bad proxy", "proxy: \"not a url\"\n", "proxy:"},
		{"zero budget", "crawl:\n  page_budget: 0\n", "crawl.page_budget: must be greater than 0"},
		{"bad log format", "log:\n  format: xml\n", "log.format"},
		{"bad level", "log:\n  level: loud\n", "log.level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "c.yaml")
			if err := os.WriteFile(p, []byte(tt.yaml), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadConfig(p, true)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("err = %v, want it to name %s and contain %q", err, p, tt.want)
			}
		})
	}
}

func TestLoadConfig_Missing(t *testing.T) {
	p := filepath.Join(t.TempDir(), "none.yaml")
	if _, err := LoadConfig(p, true); err == nil {
		t.Error("a named config file that is missing must be an error")
	}
	cfg, err := LoadConfig(p, false)
	if err != nil || cfg.DB != "nianbao.db" {
		t.Errorf("absent default config: cfg.DB=%q err=%v, want defaults", cfg.DB, err)
	}
}
