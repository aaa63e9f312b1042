package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// plainMarkupInLiteralRe is mrkdwn that a plain_text object would show as
// typed: a code span, *bold* or _italic_ around a word.
var plainMarkupInLiteralRe = regexp.MustCompile("`|(^|[\\s(\"])\\*[^*\\s][^*]*\\*|(^|[\\s(\"])_[^_\\s][^_]*_($|[\\s.,;:)\"])")

// Slack shows a plain_text object (a label, hint, placeholder, title,
// button, option or confirmation) as written: mrkdwn in one reads as
// literal backticks and stars. Every string literal that the bot's code
// passes to one, through plain, button, option, homeHeader or a plain_text
// TextBlockObject, is checked here.
func TestPlainTextLiteralsHaveNoMrkdwn(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// The argument of each helper that becomes plain text.
	plainArg := map[string]int{"plain": 0, "button": 2, "option": 1, "homeHeader": 0}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var arg ast.Expr
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				if i, ok := plainArg[fn.Name]; ok && len(call.Args) > i {
					arg = call.Args[i]
				}
			case *ast.SelectorExpr:
				if fn.Sel.Name == "NewTextBlockObject" && len(call.Args) > 1 {
					if kind, ok := call.Args[0].(*ast.SelectorExpr); ok && kind.Sel.Name == "PlainTextType" {
						arg = call.Args[1]
					}
				}
			}
			if arg == nil {
				return true
			}
			ast.Inspect(arg, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil {
					return true
				}
				checked++
				if plainMarkupInLiteralRe.MatchString(s) {
					t.Errorf("%s: plain text with mrkdwn, shown as typed: %q", fset.Position(lit.Pos()), s)
				}
				return true
			})
			return true
		})
	}
	if checked < 50 {
		t.Errorf("only %d literals checked: the walk misses the calls", checked)
	}
}
