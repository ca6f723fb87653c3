package cli

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// nonASCII lists the characters of s that are not ASCII.
func nonASCII(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= utf8.RuneSelf {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Under a locale without UTF-8 (LANG=C) every command prints its marks in ASCII; with
// UTF-8 it keeps ✓ and ✗. Room titles and people are ASCII here, so all output must be.
func TestCommandsPrintASCIIMarksUnderCLocale(t *testing.T) {
	ctx := context.Background()
	half := &docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", AfterEntries: 1, Times: 1}
	commands := []struct {
		name  string
		fault *docspacetest.Fault
		run   func(te *testEnv, url string) onboard.End
		marks []string // what UTF-8 shows and LANG=C must not
	}{
		{name: "--yes", run: func(te *testEnv, url string) onboard.End {
			return Run(ctx, te.Env, RunOptions{Portal: url, Title: "Plain", Type: "custom", Invites: []string{"a@example.com", "b@example.com=viewer"}})
		}, marks: []string{"✓", "•", "…"}},
		{name: "--yes, partly failed", fault: half, run: func(te *testEnv, url string) onboard.End {
			return Run(ctx, te.Env, RunOptions{Portal: url, Title: "Half", Type: "custom", Invites: []string{"a@example.com", "b@example.com", "c@example.com"}})
		}, marks: []string{"✓", "✗"}},
		{name: "--yes, key rejected", run: func(te *testEnv, url string) onboard.End {
			te.vars["DOCSPACE_API_KEY"] = "sk-0000000000000000000000000000bad0"
			return Run(ctx, te.Env, RunOptions{Portal: url, Title: "X", Type: "custom", Invites: []string{"a@example.com"}})
		}, marks: []string{"✗"}},
		{name: "login", run: func(te *testEnv, url string) onboard.End {
			delete(te.vars, "DOCSPACE_API_KEY")
			te.stdin(docspacetest.DemoKey)
			return Login(ctx, te.Env, LoginOptions{Portal: url, WithKey: true})
		}, marks: []string{"✓", "…"}},
		{name: "status", run: func(te *testEnv, url string) onboard.End {
			te.vars["DOCSPACE_BASE_URL"] = url
			return Status(ctx, te.Env, StatusOptions{})
		}, marks: []string{"✓"}},
		{name: "logout", run: func(te *testEnv, url string) onboard.End {
			delete(te.vars, "DOCSPACE_API_KEY")
			te.store(t, url, docspacetest.DemoKey)
			return Logout(ctx, te.Env, LogoutOptions{Portal: url})
		}, marks: []string{"✓"}},
	}
	for _, c := range commands {
		for _, lang := range []string{"C", "POSIX", "en_US.UTF-8"} {
			t.Run(c.name+"/LANG="+lang, func(t *testing.T) {
				portal, url := testPortal(t)
				if c.fault != nil {
					portal.InjectFault(*c.fault)
				}
				te := newTestEnv(t)
				te.vars["LANG"] = lang
				te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
				c.run(te, url)
				out := te.out.String() + te.err.String()
				if lang != "en_US.UTF-8" {
					if s := nonASCII(out); s != "" {
						t.Errorf("LANG=%s printed %q:\n%s", lang, s, out)
					}
					return
				}
				assertContains(t, "output", out, c.marks...)
			})
		}
	}
}
