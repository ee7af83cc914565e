package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/armband/armband/report"
)

// constsOfType returns the values of the string constants of a named type
// declared in the Go files of a folder.
func constsOfType(t *testing.T, dir, typ string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	var out []string
	for _, f := range files {
		file, err := parser.ParseFile(token.NewFileSet(), f, nil, 0)
		require.NoError(t, err)
		ast.Inspect(file, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Type == nil || len(vs.Values) != len(vs.Names) {
				return true
			}
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != typ {
				return true
			}
			for _, v := range vs.Values {
				if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, err := strconv.Unquote(lit.Value)
					require.NoError(t, err)
					out = append(out, s)
				}
			}
			return true
		})
	}
	return out
}

// TestEveryCodeHasLabels finds every rule code, warning code, state,
// event type and outcome declared in the source and asks for a Chinese
// label and an English one: a code added without labels fails here.
func TestEveryCodeHasLabels(t *testing.T) {
	for _, c := range []struct {
		dir, typ string
		group    report.Group
	}{
		{"../../rota", "RuleCode", report.GroupRule},
		{"../../incident", "WarningCode", report.GroupWarning},
		{"../../watch", "State", report.GroupState},
		{"../../watch", "EventType", report.GroupEvent},
		{"../../watch", "Outcome", report.GroupOutcome},
		{"../../report", "DayState", report.GroupDayState},
		{"../../report", "Audience", report.GroupAudience},
	} {
		codes := constsOfType(t, c.dir, c.typ)
		require.NotEmpty(t, codes, c.typ)
		require.ElementsMatch(t, codes, report.Codes(c.group), "%s: the codes of the source and the labels", c.typ)
		for _, code := range codes {
			require.NotEqual(t, code, report.Label(report.LangZh, c.group, code), "%s %q has no Chinese label", c.typ, code)
			require.NotEmpty(t, report.Label(report.LangEn, c.group, code))
		}
	}
}
