package cli

import (
	"net/http"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

func TestRunLanguage(t *testing.T) {
	p, url := testPortal(t)
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	if code := runWith(t, te, RunOptions{Title: "Auf Deutsch", Type: "custom", Language: "DE", Invites: []string{"neu@example.com"}}); code != onboard.EndDone {
		t.Fatalf("ended %v\nstderr:\n%s", code, te.err)
	}
	var body string
	for _, r := range p.Requests() {
		if r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/share") {
			body = string(r.Body)
		}
	}
	if !strings.Contains(body, `"culture":"de"`) {
		t.Errorf("share body %s, want culture de", body)
	}

	te = newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	creates := p.Count(http.MethodPost, "/api/2.0/files/rooms")
	if code := runWith(t, te, RunOptions{Title: "Klingon", Type: "custom", Language: "tlh", Invites: []string{"neu@example.com"}}); code != onboard.EndInvalid {
		t.Fatalf("unknown language: ended %v, want invalid (exit 2)\nstderr:\n%s", code, te.err)
	}
	assertContains(t, "stderr", te.err.String(), `no language "tlh"`, "de, en-GB, en-US, es, fr, it, ja-JP, pt-BR")
	if p.Count(http.MethodPost, "/api/2.0/files/rooms") != creates {
		t.Error("a room was created with an unknown language")
	}
}
