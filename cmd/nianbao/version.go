package main

import "runtime/debug"

// version is the release this binary was built as, set at link time:
//
//	go build -ldflags "-X main.version=v1.2.0" ./cmd/nianbao
//
// Empty means "ask the build info" (see buildVersion).
var version = ""

// buildVersion is the version shown by `nianbao version` and written into
// export metadata: the -ldflags version if set, else the module version Go
// recorded (a tag or pseudo-version for `go install …@v1.2.0` and for builds
// in a git checkout), else the VCS revision, else "devel".
func buildVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if rev != "" {
		return "devel-" + rev + dirty
	}
	return "devel"
}
