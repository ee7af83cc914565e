package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// verb is a fmt verb in a format string.
var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)

// sampleReason is the text a reason expression of the library gives, with
// X where a value goes, or "" when it is not made of string literals,
// values and fmt.Sprintf.
func sampleReason(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind != token.STRING {
			return "X"
		}
		s, err := strconv.Unquote(x.Value)
		if err != nil {
			return ""
		}
		return s
	case *ast.BinaryExpr:
		if x.Op != token.ADD {
			return ""
		}
		a, b := sampleReason(x.X), sampleReason(x.Y)
		if a == "" || b == "" {
			return ""
		}
		return a + b
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "overLimit" && len(x.Args) == 2 {
			return "is over the " + strings.Trim(sampleReason(x.Args[0]), `"`) + " limit of X (docs/formats.md section 0.7)"
		}
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(x.Args) > 0 {
			if f := sampleReason(x.Args[0]); f != "" {
				return verb.ReplaceAllString(f, "X")
			}
		}
		return "X"
	default:
		return "X"
	}
}

// TestEveryReasonHasChinese finds every reason the library gives a field
// error (the third argument of Problems.Add and of the decoder's fail, the
// Reason of a FieldError)
// and asks for its Chinese: a reason added without one fails here.
func TestEveryReasonHasChinese(t *testing.T) {
	var files []string
	for _, dir := range []string{"watch", "rota", "incident", "report", "internal/strict"} {
		matches, err := filepath.Glob(filepath.Join("../..", dir, "*.go"))
		require.NoError(t, err)
		files = append(files, matches...)
	}
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, f, nil, 0)
		require.NoError(t, err)
		check := func(e ast.Expr) {
			s := sampleReason(e)
			if s == "" || s == "X" {
				return
			}
			seen++
			if _, ok := translateReason(s); !ok {
				t.Errorf("%s: the reason %q has no Chinese in reasonsZh", fset.Position(e.Pos()), s)
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Add" || sel.Sel.Name == "fail") && len(x.Args) == 3 {
					check(x.Args[2])
				}
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && k.Name == "Reason" {
					check(x.Value)
				}
			}
			return true
		})
	}
	require.Greater(t, seen, 100, "too few reasons found: is the search still right?")
}

func TestTranslateReason(t *testing.T) {
	for en, zh := range map[string]string{
		`is not a date (want YYYY-MM-DD)`:                                          `不是日期（应为 YYYY-MM-DD）`,
		`invalid input: drop.volunteer: "v99" is not a volunteer of the programme`: `输入无效：drop.volunteer: "v99" 不是本方案的志愿者`,
		`--timezone: "Mars/Olympus" is not a known IANA time zone`:                 `--timezone: "Mars/Olympus" 不是已知的 IANA 时区`,
		`is the from_age of age_bands[2] too`:                                      `也是 age_bands[2] 的 from_age`,
	} {
		got, ok := translateReason(en)
		require.True(t, ok, en)
		require.Equal(t, zh, got)
	}
	for _, en := range []string{"something else entirely", strings.Repeat("a: ", 5000) + "is empty"} {
		_, ok := translateReason(en)
		require.False(t, ok, "%.40s", en)
	}
}
