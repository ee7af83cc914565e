package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
)

// stdinName is how standard input is named in messages.
const stdinName = "stdin"

// displayName is the name a file argument is reported under.
func displayName(arg string) string {
	if arg == "-" {
		return stdinName
	}
	return arg
}

// readDocument reads a file argument (a path, or - for standard input) and
// returns it as JSON for the strict loaders: YAML (a .yaml or .yml file,
// or standard input that does not start with { or [) goes through the
// YAML bridge, guided by target, the type the document loads into.
func (e *env) readDocument(arg string, target reflect.Type) ([]byte, error) {
	in := e.stdin
	if arg != "-" {
		f, err := os.Open(arg)
		if err != nil {
			return nil, unwrapPath(err)
		}
		defer f.Close()
		in = f
	}
	// The cap applies while reading: /dev/zero costs MaxBytes, not memory.
	data, err := strict.ReadLimited(in, watch.MaxBytes)
	if err != nil {
		return nil, unwrapPath(err)
	}
	if isYAML(arg, data) {
		out, pos, err := yamlToJSON(data, target)
		if pos != nil {
			if e.yamlPos == nil {
				e.yamlPos = map[string]positions{}
			}
			e.yamlPos[displayName(arg)] = pos
		}
		return out, err
	}
	return data, nil
}

// unwrapPath drops the path from an *os.PathError: messages name the file
// already.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func isYAML(arg string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(arg)) {
	case ".yaml", ".yml":
		return true
	case ".json":
		return false
	}
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && t[0] != '{' && t[0] != '['
}

// loadProgram reads a programme file argument.
func (e *env) loadProgram(arg string) (*watch.ProgramFile, error) {
	data, err := e.readDocument(arg, reflect.TypeFor[watch.ProgramFile]())
	if err != nil {
		return nil, err
	}
	return watch.LoadProgramFile(bytes.NewReader(data))
}

// loadRota reads a rota file argument.
func (e *env) loadRota(arg string) (*watch.Rota, error) {
	data, err := e.readDocument(arg, reflect.TypeFor[watch.Rota]())
	if err != nil {
		return nil, err
	}
	return watch.LoadRota(bytes.NewReader(data))
}

// loadIncidents reads an incidents file argument, with declared kinds;
// with --store, arg is a programme's id and its incidents are read from
// the store (checked when they were stored).
func (e *env) loadIncidents(arg string, declared []watch.KindDef) ([]watch.Incident, error) {
	if e.store != "" {
		return e.storedIncidents(arg)
	}
	return e.loadIncidentsFile(arg, declared)
}

// readFileLimited reads a file of at most max bytes, capped while it
// reads (a file that is not a JSON or YAML document: a sheet, a template).
func readFileLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	return strict.ReadLimited(f, max)
}

// loadPatrols reads a patrols file argument (docs/formats.md section 8.1).
func (e *env) loadPatrols(arg string) ([]watch.PatrolLog, error) {
	data, err := e.readDocument(arg, reflect.TypeFor[[]watch.PatrolLog]())
	if err != nil {
		return nil, err
	}
	return watch.LoadPatrols(bytes.NewReader(data))
}

// loadIncidentsFile reads an incidents file argument, with declared kinds.
func (e *env) loadIncidentsFile(arg string, declared []watch.KindDef) ([]watch.Incident, error) {
	data, err := e.readDocument(arg, reflect.TypeFor[[]watch.Incident]())
	if err != nil {
		return nil, err
	}
	return watch.LoadIncidents(bytes.NewReader(data), declared...)
}
