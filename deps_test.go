package armband_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const module = "github.com/armband/armband"

type listed struct {
	ImportPath string
	Name       string
	Standard   bool
	Deps       []string
	Module     *struct{ Path string }
}

// TestDependencyDirection enforces the layering of docs/stores.md over
// go list -deps: engines import watch and the standard library only, watch
// imports the standard library and uuid only, database drivers and YAML
// stay at the edges, and no package has a grab-bag name.
func TestDependencyDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-json", "./...").Output()
	require.NoError(t, err)
	pkgs := map[string]listed{}
	var ours []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else {
			require.NoError(t, err)
		}
		pkgs[p.ImportPath] = p
		if p.Module != nil && p.Module.Path == module {
			ours = append(ours, p)
		}
	}
	require.NotEmpty(t, ours)

	rel := func(ip string) string { return strings.TrimPrefix(strings.TrimPrefix(ip, module), "/") }
	under := func(ip string, prefixes ...string) bool {
		r := rel(ip)
		for _, p := range prefixes {
			if r == p || strings.HasPrefix(r, p+"/") {
				return true
			}
		}
		return false
	}
	isDriver := func(ip string) bool {
		return strings.HasPrefix(ip, "modernc.org/sqlite") || strings.HasPrefix(ip, "github.com/jackc/pgx")
	}
	for _, p := range ours {
		switch p.Name {
		case "util", "common", "types", "models", "helpers":
			t.Errorf("%s: no package is named %s", p.ImportPath, p.Name)
		}
		for _, d := range p.Deps {
			dep := pkgs[d]
			if dep.Standard {
				continue
			}
			internal := strings.HasPrefix(d, module+"/") || d == module
			// The strict reader is part of the vocabulary's loading: it
			// imports the standard library only, and everything may use it.
			reader := internal && rel(d) == "internal/strict"
			switch {
			case rel(p.ImportPath) == "internal/strict":
				t.Errorf("internal/strict imports %s: only the standard library", d)
			case rel(p.ImportPath) == "watch":
				if !reader && (internal || !strings.HasPrefix(d, "github.com/google/uuid")) {
					t.Errorf("watch imports %s: only the standard library, github.com/google/uuid and internal/strict", d)
				}
			case under(p.ImportPath, "rota", "incident", "report"):
				// A package's test helpers (incident/incidenttest) import the package.
				helper := rel(p.ImportPath) == "incident/incidenttest" && rel(d) == "incident"
				if !reader && !helper && !(internal && rel(d) == "watch") && !strings.HasPrefix(d, "github.com/google/uuid") {
					t.Errorf("%s imports %s: engines import watch and the standard library only", rel(p.ImportPath), d)
				}
			}
			if isDriver(d) && !under(p.ImportPath, "watch/sqlstore/sqlite", "watch/sqlstore/postgres", "cmd", "examples") {
				t.Errorf("%s imports the database driver %s", rel(p.ImportPath), d)
			}
			if strings.HasPrefix(d, "go.yaml.in/yaml") && !under(p.ImportPath, "cmd") {
				t.Errorf("%s imports %s: YAML belongs to the command only", rel(p.ImportPath), d)
			}
			if under(p.ImportPath, "watch") && internal && !reader && !under(d, "watch") {
				t.Errorf("%s imports %s: stores import watch, not the engines", rel(p.ImportPath), d)
			}
		}
	}
}
