package strict

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
)

// This file is the strict JSON reader behind every loader. Unlike
// encoding/json it reports every problem rather than the first, each with
// the path of the field: unknown and repeated keys, empty lists, missing
// required fields, values of the wrong type, and values that their type's
// UnmarshalText refuses. It fills in whatever it could read, so semantic
// validation can still run on the rest of the document.
//
// Struct tags: `json:"name"` names the key; `armband:"required"` makes it
// required; `armband:"emptyok"` lets a list be empty (output documents
// such as a rota's gaps).

// FormatV1 is the format tag a file may carry: "format": "armband/v1".
const FormatV1 = "armband/v1"

// The default limits of docs/formats.md section 0.7 that a decode applies;
// package watch exports them as its own constants.
const (
	MaxBytes    = 64 << 20
	MaxDepth    = 64
	MaxValues   = 4_000_000
	MaxProblems = 100
)

// Limits are the limits of one decode; a zero field takes the default.
type Limits struct {
	Bytes    int64
	Depth    int
	Values   int
	Problems int
}

// WithDefaults fills the zero (or negative) fields with the defaults.
func (l Limits) WithDefaults() Limits {
	if l.Bytes <= 0 {
		l.Bytes = MaxBytes
	}
	if l.Depth <= 0 {
		l.Depth = MaxDepth
	}
	if l.Values <= 0 {
		l.Values = MaxValues
	}
	if l.Problems <= 0 {
		l.Problems = MaxProblems
	}
	return l
}

// node is one JSON value, with object keys kept in document order.
type node struct {
	kind byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	keys []string
	vals []*node
	text string // string value, number literal, or "true"/"false"
}

func (n *node) describe() string {
	switch n.kind {
	case 's':
		return Quote(n.text)
	case 'n', 'b':
		return cut(n.text, maxEcho)
	case 'z':
		return "null"
	case 'o':
		if len(n.keys) == 0 {
			return "{}"
		}
		return "{...}"
	default:
		if len(n.vals) == 0 {
			return "[]"
		}
		return "[...]"
	}
}

// parseTree parses one JSON document into a node tree, refusing one that
// nests deeper than lim.Depth or holds more than lim.Values values.
func parseTree(data []byte, lim Limits) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	ps := &parser{dec: dec, lim: lim}
	n, err := ps.node(0)
	if err == nil {
		if _, e := dec.Token(); e != io.EOF {
			err = errors.New("has more than one JSON value")
		}
	}
	if err != nil {
		if fe, ok := err.(*FieldError); ok {
			return nil, fe
		}
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		line, col := position(data, dec.InputOffset())
		return nil, &FieldError{Reason: fmt.Sprintf("is not valid JSON at line %d, column %d: %s", line, col, strings.TrimPrefix(err.Error(), "json: "))}
	}
	return n, nil
}

func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// appendJSON writes the node back as compact JSON.
func (n *node) appendJSON(b []byte) []byte {
	switch n.kind {
	case 'o':
		b = append(b, '{')
		for i, k := range n.keys {
			if i > 0 {
				b = append(b, ',')
			}
			q, _ := json.Marshal(k) // a string always marshals
			b = append(append(b, q...), ':')
			b = n.vals[i].appendJSON(b)
		}
		return append(b, '}')
	case 'a':
		b = append(b, '[')
		for i, v := range n.vals {
			if i > 0 {
				b = append(b, ',')
			}
			b = v.appendJSON(b)
		}
		return append(b, ']')
	case 's':
		q, _ := json.Marshal(n.text) // a string always marshals
		return append(b, q...)
	case 'z':
		return append(b, "null"...)
	default: // numbers and booleans as written
		return append(b, n.text...)
	}
}

// parser reads the tokens of one document into nodes, counting depth and
// values against the limits.
type parser struct {
	dec    *json.Decoder
	lim    Limits
	values int
}

func (ps *parser) node(depth int) (*node, error) {
	tok, err := ps.dec.Token()
	if err != nil {
		return nil, err
	}
	ps.values++
	if ps.values > ps.lim.Values {
		return nil, &FieldError{Reason: OverLimit("values", int64(ps.lim.Values))}
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= ps.lim.Depth {
			return nil, &FieldError{Reason: OverLimit("depth", int64(ps.lim.Depth))}
		}
		if t == '{' {
			n := &node{kind: 'o'}
			for ps.dec.More() {
				kt, err := ps.dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := ps.node(depth + 1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, kt.(string))
				n.vals = append(n.vals, v)
			}
			_, err := ps.dec.Token()
			return n, err
		}
		n := &node{kind: 'a'}
		for ps.dec.More() {
			v, err := ps.node(depth + 1)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
		_, err := ps.dec.Token()
		return n, err
	case string:
		return &node{kind: 's', text: t}, nil
	case json.Number:
		return &node{kind: 'n', text: string(t)}, nil
	case bool:
		return &node{kind: 'b', text: strconv.FormatBool(t)}, nil
	default:
		return &node{kind: 'z'}, nil
	}
}

// decoded is the outcome of a strict decode: the Problems found, and the
// paths whose values could not be read (semantic checks on them are noise).
type decoded struct {
	Problems
	failed map[string]bool
}

func (d *decoded) fail(path string, n *node, reason string) {
	value := ""
	if n != nil {
		value = n.describe()
	}
	d.add(path, &FieldError{Path: path, Value: value, Reason: reason})
	d.failed[path] = true
}

// covers reports whether a semantic problem at path is about a value that
// could not be read: the path or one of its ancestors failed. It costs the
// length of the path, whatever the number of failures.
func (d *decoded) covers(path string) bool {
	for {
		if d.failed[path] {
			return true
		}
		if path == "" {
			return false
		}
		cut := max(strings.LastIndexByte(path, '.'), strings.LastIndexByte(path, '['), 0)
		path = path[:cut]
	}
}

// Decode reads one JSON document from r into v (a pointer) by the strict
// rules of every armband loader, within lim, then runs validate, when not
// nil, on what it could read, and returns every problem joined, in
// document order and then validation order; nil when there is none.
//
// Strict means: unknown keys, keys written twice, empty lists, null values,
// missing required fields, values of the wrong type and values that their
// type's UnmarshalText refuses are each a *FieldError with the path of the
// field. Struct fields are named by their json tags; the tag
// armband:"required" makes a key required and armband:"emptyok" lets a
// list be empty; a time.Time is read by ParseInstant. Problems that
// validate finds at a path whose value could not be read are left out, as
// noise. On error, v may be partly filled: callers return it to nobody.
func Decode(r io.Reader, v any, validate func(*Problems), lim Limits) error {
	lim = lim.WithDefaults()
	data, err := ReadLimited(r, lim.Bytes)
	if err != nil {
		return err
	}
	root, err := parseTree(data, lim)
	if err != nil {
		return err
	}
	d := decoded{Problems: Problems{limit: lim.Problems}, failed: map[string]bool{}}
	d.value(root, reflect.ValueOf(v).Elem(), "", false)
	if validate != nil {
		d.skip = d.covers
		validate(&d.Problems)
	}
	return d.Err()
}

var (
	rawMessageType  = reflect.TypeFor[json.RawMessage]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	timeType        = reflect.TypeFor[time.Time]()
)

// value fills v from n, recording Problems under path.
func (d *decoded) value(n *node, v reflect.Value, path string, emptyOK bool) {
	if n.kind == 'z' {
		d.fail(path, n, "is null: leave the key out instead")
		return
	}
	t := v.Type()
	if t == rawMessageType {
		// Kept as written (keys in order, numbers as text), for a caller
		// that reads it later: fixtures, overrides, documents.
		v.SetBytes(n.appendJSON(nil))
		return
	}
	if t.Kind() == reflect.Pointer {
		p := reflect.New(t.Elem())
		d.value(n, p.Elem(), path, emptyOK)
		v.Set(p)
		return
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		if n.kind != 's' {
			d.fail(path, n, "is not a string")
			return
		}
		if t == timeType {
			at, err := ParseInstant(n.text)
			if err != nil {
				d.fail(path, n, err.(*FieldError).Reason)
				return
			}
			v.Set(reflect.ValueOf(at))
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.text)); err != nil {
			reason := err.Error()
			var fe *FieldError
			if errors.As(err, &fe) {
				reason = fe.Reason
			}
			d.fail(path, n, reason)
		}
		return
	}
	switch t.Kind() {
	case reflect.Struct:
		d.object(n, v, path)
	case reflect.Slice:
		if n.kind != 'a' {
			d.fail(path, n, "is not a list")
			return
		}
		if len(n.vals) == 0 && !emptyOK {
			d.fail(path, n, "is an empty list: leave the key out instead")
			return
		}
		s := reflect.MakeSlice(t, len(n.vals), len(n.vals))
		for i, e := range n.vals {
			d.value(e, s.Index(i), IndexPath(path, i), false)
		}
		v.Set(s)
	case reflect.Map:
		if n.kind != 'o' || t.Key().Kind() != reflect.String {
			d.fail(path, n, "is not an object")
			return
		}
		m := reflect.MakeMapWithSize(t, len(n.keys))
		seen := map[string]bool{}
		for i, k := range n.keys {
			kp := JoinPath(path, k)
			if seen[k] {
				d.fail(kp, nil, "appears twice")
				continue
			}
			seen[k] = true
			e := reflect.New(t.Elem()).Elem()
			d.value(n.vals[i], e, kp, false)
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), e)
		}
		v.Set(m)
	case reflect.String:
		if n.kind != 's' {
			d.fail(path, n, "is not a string")
			return
		}
		v.SetString(n.text)
	case reflect.Bool:
		if n.kind != 'b' {
			d.fail(path, n, "is not true or false")
			return
		}
		v.SetBool(n.text == "true")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(n.text, 10, t.Bits())
		if n.kind != 'n' || err != nil {
			d.fail(path, n, "is not a whole number")
			return
		}
		v.SetInt(i)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(n.text, t.Bits())
		if n.kind != 'n' || err != nil {
			d.fail(path, n, "is not a number")
			return
		}
		v.SetFloat(f)
	default:
		d.fail(path, n, "cannot be read into "+t.String())
	}
}

func (d *decoded) object(n *node, v reflect.Value, path string) {
	if n.kind != 'o' {
		d.fail(path, n, "is not an object")
		return
	}
	fields := fieldsOf(v.Type())
	seen := map[string]bool{}
	for i, k := range n.keys {
		kp := JoinPath(path, k)
		f, ok := fields.byKey[k]
		switch {
		case !ok:
			d.fail(kp, nil, "is not a known key")
		case seen[k]:
			d.fail(kp, nil, "appears twice")
		default:
			seen[k] = true
			d.value(n.vals[i], v.FieldByIndex(f.index), kp, f.emptyOK)
		}
	}
	for _, f := range fields.list {
		if f.required && !seen[f.key] {
			d.fail(JoinPath(path, f.key), nil, "is required")
		}
	}
}

type fieldInfo struct {
	key      string
	index    []int
	required bool
	emptyOK  bool
}

type structFields struct {
	list  []fieldInfo
	byKey map[string]fieldInfo
}

var fieldCache sync.Map // reflect.Type -> structFields

// fieldsOf lists the JSON keys of a struct type, following embedded structs.
func fieldsOf(t reflect.Type) structFields {
	if c, ok := fieldCache.Load(t); ok {
		return c.(structFields)
	}
	sf := structFields{byKey: map[string]fieldInfo{}}
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			idx := append(append([]int(nil), prefix...), i)
			tag, hasTag := f.Tag.Lookup("json")
			name, _, _ := strings.Cut(tag, ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if f.Anonymous && !hasTag && f.Type.Kind() == reflect.Struct {
				walk(f.Type, idx)
				continue
			}
			if name == "" {
				name = f.Name
			}
			opts := f.Tag.Get("armband")
			fi := fieldInfo{key: name, index: idx,
				required: strings.Contains(opts, "required"),
				emptyOK:  strings.Contains(opts, "emptyok")}
			sf.list = append(sf.list, fi)
			sf.byKey[name] = fi
		}
	}
	walk(t, nil)
	fieldCache.Store(t, sf)
	return sf
}

// CheckFormat records a problem when a document's optional "format" tag
// names anything but armband/v1 (or armband/v1.N): another major version,
// or not an armband format.
func CheckFormat(p *Problems, format string) {
	if format == "" || format == FormatV1 || strings.HasPrefix(format, FormatV1+".") {
		return
	}
	if strings.HasPrefix(format, "armband/") {
		p.Add("format", format, "is another major version: this reader takes "+FormatV1)
		return
	}
	p.Add("format", format, "is not an armband format (want "+FormatV1+")")
}

// ReadLimited reads all of r, refusing, as soon as it has read more than
// max bytes (MaxBytes when max is 0), with a *FieldError that names the
// limit: the cap applies while reading, so an endless stream costs no more
// than max bytes.
func ReadLimited(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		max = MaxBytes
	}
	// Chunks, joined at the end: an input over the limit costs the limit,
	// not the doubling of a growing buffer.
	const chunk = 1 << 20
	var chunks [][]byte
	var total int64
	for {
		b := make([]byte, chunk)
		n, err := io.ReadFull(r, b)
		total += int64(n)
		if total > max {
			return nil, &FieldError{Reason: OverLimit("bytes", max)}
		}
		chunks = append(chunks, b[:n])
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	return bytes.Join(chunks, nil), nil
}
