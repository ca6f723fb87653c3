package tui

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// Under LANG=C the plain lines (--accessible, the summary left after the wizard) use
// the palette's ASCII text, as --yes does: "->" and "...", where a screen's one-cell
// look-alikes (">" and "~") would read as other signs; all of it is ASCII.
func TestPlainLinesUnderCLocaleUseThePalettesASCII(t *testing.T) {
	_, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	defer srv.Close()
	url, _ := docspace.NormalizePortal(srv.URL)
	input := strings.Join([]string{
		"",  // access: the room's default
		"n", // no per-person changes
		"",  // notify: yes
		"",  // no message
		"y", // go ahead
		"n", // no other room
	}, "\n") + "\n"
	var out bytes.Buffer
	_, code := Run(context.Background(), Options{
		Portal:     srv.URL,
		Prefill:    Prefill{RoomID: 101, Invites: invites(docspacetest.DemoUserEmail + "=viewer\n" + docspacetest.DemoUser2Email + "=editor")},
		Keys:       &fakeKeys{keys: map[string]string{url: docspacetest.DemoKey}},
		Getenv:     envOf("LANG", "C"),
		Connect:    func(p, k string) (Portal, error) { return docspace.New(p, k) },
		Accessible: true,
		In:         strings.NewReader(input),
		Out:        &out,
	})
	text := out.String()
	_, host, _ := strings.Cut(url, "://")
	if code != onboard.EndDone {
		t.Fatalf("ended %v; output:\n%s", code, text)
	}
	if !isASCII(text) {
		t.Errorf("LANG=C output is not ASCII:\n%s", text)
	}
	for _, want := range []string{
		"Checking the key with " + host + "...",
		"Editor -> Viewer: lowers access", "Viewer -> Editor: raises access",
		"+ Members confirmed", "2 of 2 in the room | 2 access changed | ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "~") {
		t.Errorf("an ellipsis drawn as a screen's one-cell look-alike:\n%s", text)
	}
}
