package main

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/armband/armband/internal/strict"
	"github.com/armband/armband/watch"
	"go.yaml.in/yaml/v3"
)

// yamlToJSON turns a YAML 1.2 document into the JSON that the strict
// loaders of package watch read, guided by the Go type the document loads
// into. Where that type wants a string (a string field, or a type with
// UnmarshalText such as a date or clock time), a plain scalar keeps its
// source text: birth_date: 1954-06-02, start: 07:00 and id: 0012 become
// the strings written, not a timestamp, a sexagesimal number or an integer.
// Where the type is not known (an unknown key, which the loader then
// refuses), YAML's own typing is kept.
//
// It also returns where each value stands in the YAML, by its path in
// the JSON (volunteers[3].birth_date), so that a problem the loader finds
// can say its line and column.
func yamlToJSON(data []byte, target reflect.Type) ([]byte, positions, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, nil, fmt.Errorf("is not valid YAML: %w", trimYAMLError(err))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, nil, errors.New("has more than one YAML document")
	}
	if len(doc.Content) == 0 {
		return nil, nil, errors.New("is an empty YAML document")
	}
	w := &jsonWriter{pos: positions{}}
	if err := w.write(doc.Content[0], target, 0, ""); err != nil {
		return nil, nil, err
	}
	return w.buf.Bytes(), w.pos, nil
}

// positions maps the path of a value in a document to its line and
// column in the YAML it was read from.
type positions map[string][2]int

// maxPositions bounds the positions kept for one document: problems are
// printed for the first hundred only.
const maxPositions = 200_000

// of is where path stands, or where the nearest value holding it stands
// (a missing key is reported at its object); ok is false when none is
// known.
func (p positions) of(path string) (pos [2]int, ok bool) {
	for {
		if pos, ok := p[path]; ok {
			return pos, true
		}
		i := strings.LastIndexAny(path, ".[")
		if i <= 0 {
			pos, ok := p[""]
			return pos, ok && path != ""
		}
		path = path[:i]
	}
}

// maxYAMLAliases bounds the aliases (*name) one YAML document may expand,
// counting every expansion, so a few nested aliases cannot stand for a
// billion values ("billion laughs"). The JSON they expand to is held to
// watch.MaxBytes as well.
const maxYAMLAliases = 10_000

// jsonWriter writes the JSON of a YAML node tree, counting the aliases it
// expands and the bytes it writes against the limits.
type jsonWriter struct {
	buf     bytes.Buffer
	aliases int
	pos     positions
}

// at records where the value at path stands.
func (w *jsonWriter) at(path string, n *yaml.Node) {
	if _, ok := w.pos[path]; !ok && len(w.pos) < maxPositions {
		w.pos[path] = [2]int{n.Line, n.Column}
	}
}

func trimYAMLError(err error) error {
	return errors.New(strings.TrimPrefix(err.Error(), "yaml: "))
}

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// wantsString reports whether values of t are written as JSON strings.
func wantsString(t reflect.Type) bool {
	return t != nil && (t.Kind() == reflect.String || reflect.PointerTo(t).Implements(textUnmarshalerType))
}

func (w *jsonWriter) write(n *yaml.Node, t reflect.Type, depth int, path string) error {
	w.at(path, n)
	if depth >= watch.MaxDepth {
		return fmt.Errorf("is nested deeper than the depth limit of %d (docs/formats.md section 0.7)", watch.MaxDepth)
	}
	for n.Kind == yaml.AliasNode {
		w.aliases++
		if w.aliases > maxYAMLAliases {
			return fmt.Errorf("expands more than the yaml_aliases limit of %d aliases (docs/formats.md section 0.7)", maxYAMLAliases)
		}
		n = n.Alias
	}
	if w.buf.Len() > watch.MaxBytes {
		return fmt.Errorf("expands past the bytes limit of %d (docs/formats.md section 0.7)", watch.MaxBytes)
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	buf := &w.buf
	switch n.Kind {
	case yaml.MappingNode:
		buf.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				buf.WriteByte(',')
			}
			key := n.Content[i].Value
			writeString(buf, key)
			buf.WriteByte(':')
			member := strict.JoinPath(path, key)
			w.at(member, n.Content[i]) // the key's line: where an unknown key is
			if err := w.write(n.Content[i+1], memberType(t, key), depth+1, member); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case yaml.SequenceNode:
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		buf.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := w.write(c, elem, depth+1, strict.IndexPath(path, i)); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case yaml.ScalarNode:
		writeScalar(buf, n, t)
	default:
		return fmt.Errorf("has a YAML node of an unexpected kind at line %d", n.Line)
	}
	return nil
}

// memberType is the type of key in a struct or map type, or nil.
func memberType(t reflect.Type, key string) reflect.Type {
	if t == nil {
		return nil
	}
	switch t.Kind() {
	case reflect.Map:
		return t.Elem()
	case reflect.Struct:
		return fieldType(t, key)
	}
	return nil
}

func fieldType(t reflect.Type, key string) reflect.Type {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, hasTag := f.Tag.Lookup("json")
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && !hasTag && f.Type.Kind() == reflect.Struct {
			if ft := fieldType(f.Type, key); ft != nil {
				return ft
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key && name != "-" {
			return f.Type
		}
	}
	return nil
}

func writeScalar(buf *bytes.Buffer, n *yaml.Node, t reflect.Type) {
	tag := n.ShortTag()
	plain := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
	if plain && tag == "!!null" {
		buf.WriteString("null")
		return
	}
	switch {
	case wantsString(t):
		writeString(buf, n.Value)
	case t != nil && t.Kind() == reflect.Bool:
		if plain && tag == "!!bool" {
			buf.WriteString(strings.ToLower(n.Value))
		} else {
			writeString(buf, n.Value)
		}
	case t != nil && isNumber(t.Kind()):
		if plain && json.Valid([]byte(n.Value)) && looksNumeric(n.Value) {
			buf.WriteString(n.Value)
		} else {
			writeString(buf, n.Value)
		}
	case !plain || tag == "!!str" || tag == "!!timestamp" || tag == "!!binary":
		writeString(buf, n.Value)
	case tag == "!!bool":
		buf.WriteString(strings.ToLower(n.Value))
	case (tag == "!!int" || tag == "!!float") && json.Valid([]byte(n.Value)) && looksNumeric(n.Value):
		buf.WriteString(n.Value)
	default:
		writeString(buf, n.Value)
	}
}

func isNumber(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

func looksNumeric(s string) bool {
	return s != "" && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))
}

func writeString(buf *bytes.Buffer, s string) {
	b, _ := json.Marshal(s) // a string always marshals
	buf.Write(b)
}
