package main

import (
	"bytes"
	"flag"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// durationType is the Go type whose YAML values may be plain numbers.
var durationType = reflect.TypeOf(time.Duration(0))

// numberSpot is a plain number written for a duration key, at a 1-based
// line and column (in characters) of the YAML source.
type numberSpot struct{ line, col, len int }

// secondsAsDurations lets every duration key of config.yaml take a plain
// number of seconds (`delay: 0`, `timeout: 30`, `delay: 1.5`) besides Go's
// duration strings (`1s`, `2m30s`): yaml.v3 refuses numbers for
// time.Duration. Each such number gets an "s" appended in place, so line
// and column numbers of later errors stay those of the user's file. Any key
// of type time.Duration in Config, at any depth, is covered. Unparsable YAML
// is returned unchanged for the real decoder to report.
func secondsAsDurations(data []byte) []byte {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil || len(root.Content) == 0 {
		return data
	}
	var spots []numberSpot
	collectNumberDurations(root.Content[0], reflect.TypeOf(Config{}), &spots)
	if len(spots) == 0 {
		return data
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	sort.Slice(spots, func(i, j int) bool { return spots[i].col > spots[j].col })
	for _, sp := range spots {
		if sp.line < 1 || sp.line > len(lines) {
			continue
		}
		l := lines[sp.line-1]
		at := byteOffset(l, sp.col-1) + sp.len
		if at > len(l) {
			continue
		}
		lines[sp.line-1] = append(append(append([]byte{}, l[:at]...), 's'), l[at:]...)
	}
	return bytes.Join(lines, nil)
}

// collectNumberDurations walks a mapping node against struct type t.
func collectNumberDurations(n *yaml.Node, t reflect.Type, spots *[]numberSpot) {
	if n.Kind != yaml.MappingNode || t.Kind() != reflect.Struct {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		f, ok := fieldByYAMLName(t, key.Value)
		if !ok {
			continue
		}
		switch {
		case f.Type == durationType && val.Kind == yaml.ScalarNode && (val.Tag == "!!int" || val.Tag == "!!float"):
			*spots = append(*spots, numberSpot{val.Line, val.Column, len(val.Value)})
		case f.Type.Kind() == reflect.Struct:
			collectNumberDurations(val, f.Type, spots)
		}
	}
}

func fieldByYAMLName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("yaml")
		if j := bytes.IndexByte([]byte(tag), ','); j >= 0 {
			tag = tag[:j]
		}
		if tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// byteOffset converts a character column (0-based) of line into a byte offset.
func byteOffset(line []byte, chars int) int {
	off := 0
	for range chars {
		if off >= len(line) {
			break
		}
		_, size := utf8.DecodeRune(line[off:])
		off += size
	}
	return off
}

// durationValue is a flag.Value for a duration that, like the config's,
// also takes a plain number of seconds (--watch 5 = 5s).
type durationValue time.Duration

func (d *durationValue) String() string { return time.Duration(*d).String() }

func (d *durationValue) Set(s string) error {
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		*d = durationValue(time.Duration(v * float64(time.Second)))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration (like 30s, 2m or a number of seconds)", s)
	}
	*d = durationValue(v)
	return nil
}

// durationFlag defines a duration flag accepting plain seconds too.
func durationFlag(fs *flag.FlagSet, name string, def time.Duration, usage string) *time.Duration {
	d := def
	fs.Var((*durationValue)(&d), name, usage)
	return &d
}
