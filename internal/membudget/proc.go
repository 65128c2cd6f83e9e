package membudget

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// ProcReader measures the tree of process self from /proc (Linux):
// self's RssAnon, the RssAnon of the process browser() names (0 = not
// running) and its descendants, and that of every other descendant.
//
// A child that has not yet reached its exec is left out: Go starts a
// program with clone(CLONE_VM|CLONE_VFORK), so until then the child shares
// self's memory and /proc shows self's whole RssAnon for it (a pdftotext
// would count as the crawl's 160 MB over again). Such a child still runs
// self's executable.
func ProcReader(self int, browser func() int) func() (Reading, error) {
	exe, _ := os.Readlink(fmt.Sprintf("/proc/%d/exe", self))
	return func() (Reading, error) {
		children, err := treeChildren(self)
		if err != nil {
			return Reading{}, err
		}
		preExec := func(pid int) bool {
			e, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe")
			return err == nil && exe != "" && e == exe
		}
		return treeReading(children, rssAnon, self, browser(), preExec), nil
	}
}

// treeReading sums anon over self's tree: self, the subtree of browser,
// every other descendant; a descendant for which skip is true (and its
// own descendants) is left out.
func treeReading(children map[int][]int, anon func(int) int64, self, browser int, skip func(int) bool) Reading {
	r := Reading{Go: anon(self)}
	type entry struct {
		pid       int
		inBrowser bool
	}
	todo := []entry{}
	for _, c := range children[self] {
		todo = append(todo, entry{c, c == browser})
	}
	for len(todo) > 0 {
		e := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if skip(e.pid) {
			continue
		}
		if e.inBrowser {
			r.Browser += anon(e.pid)
		} else {
			r.Tools += anon(e.pid)
		}
		for _, c := range children[e.pid] {
			todo = append(todo, entry{c, e.inBrowser || c == browser})
		}
	}
	return r
}

// treeChildren maps root and each of its descendants to their children,
// from /proc/PID/task/TID/children (a few small files per process, where
// reading every process's stat cost ~6 ms a time); without those files
// (a kernel without CONFIG_PROC_CHILDREN) it falls back on every stat.
func treeChildren(root int) (map[int][]int, error) {
	out := map[int][]int{}
	for todo := []int{root}; len(todo) > 0; {
		p := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		tasks, err := os.ReadDir("/proc/" + strconv.Itoa(p) + "/task")
		if err != nil {
			if p == root {
				return nil, fmt.Errorf("membudget: %w", err)
			}
			continue // it ended
		}
		for _, t := range tasks {
			b, err := os.ReadFile("/proc/" + strconv.Itoa(p) + "/task/" + t.Name() + "/children")
			if errors.Is(err, os.ErrNotExist) && p == root && t.Name() == strconv.Itoa(root) {
				return processChildren()
			}
			for _, f := range bytes.Fields(b) {
				if c, err := strconv.Atoi(string(f)); err == nil {
					out[p] = append(out[p], c)
					todo = append(todo, c)
				}
			}
		}
	}
	return out, nil
}

// processChildren maps every process id to its children's, from /proc.
func processChildren() (map[int][]int, error) {
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(stats) == 0 {
		return nil, errors.Join(errors.New("membudget: list processes: no /proc"), err)
	}
	out := map[int][]int{}
	for _, st := range stats {
		b, err := os.ReadFile(st)
		if err != nil {
			continue // the process ended
		}
		// "PID (COMM) STATE PPID …": COMM may hold spaces and parentheses.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(b[i+1:])
		if len(f) < 2 {
			continue
		}
		pid, err1 := strconv.Atoi(string(bytes.Fields(b)[0]))
		ppid, err2 := strconv.Atoi(string(f[1]))
		if err1 == nil && err2 == nil {
			out[ppid] = append(out[ppid], pid)
		}
	}
	return out, nil
}

// rssAnon is a process's RssAnon in bytes (0 if it ended).
func rssAnon(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("RssAnon:")); ok && len(bytes.Fields(v)) > 0 {
			kb, _ := strconv.ParseInt(string(bytes.Fields(v)[0]), 10, 64)
			return kb << 10
		}
	}
	return 0
}
