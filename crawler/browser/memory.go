package browser

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// Memory returns the anonymous memory (RssAnon, bytes) of this browser's
// processes: chromium's browser process and every process under it
// (zygotes, renderers, utilities). Memory a renderer forked from a zygote
// still shares with it is counted in both, so the figure errs high. It
// reads /proc, so it fails outside Linux.
func (b *Browser) Memory() (int64, error) {
	if b.pid <= 0 {
		return 0, errors.New("browser: no process id")
	}
	children, err := processChildren()
	if err != nil {
		return 0, err
	}
	var total int64
	for todo := []int{b.pid}; len(todo) > 0; todo = todo[1:] {
		p := todo[0]
		total += rssAnon(p)
		todo = append(todo, children[p]...)
	}
	return total, nil
}

// processChildren maps every process id to its children's, from /proc.
func processChildren() (map[int][]int, error) {
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(stats) == 0 {
		return nil, fmt.Errorf("browser: list processes: no /proc (%v)", err)
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

// PID is chromium's browser process id (0 if unknown): the root of the
// processes Memory measures.
func (b *Browser) PID() int { return b.pid }
