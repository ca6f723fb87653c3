package cli

import (
	"fmt"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/hostile"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// Hostile text in a plan file, or in the portal's answers about the rooms it names,
// never reaches the terminal: the file's is refused in a clean sentence, the portal's
// is cleaned where it is decoded.
func TestApplyKeepsHostileTextOffTheTerminal(t *testing.T) {
	for _, e := range hostile.Catalogue() {
		t.Run(e.Marker, func(t *testing.T) {
			p := docspacetest.New(docspacetest.WithDemoData())
			id := p.AddRoom("Room "+e.Token, docspace.RoomCollaboration)
			srv := httptest.NewServer(hostile.Middleware(p, hostile.Subst(hostile.Catalogue())))
			p.SetURL(srv.URL)
			t.Cleanup(srv.Close)
			te := newTestEnv(t)
			te.vars["DOCSPACE_BASE_URL"] = srv.URL
			te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey

			// The portal's room title, shown in the plan and the summary.
			path := writePlanFile(t, fmt.Sprintf("rooms:\n  - id: %d\n    people: [{email: a@example.com, access: viewer}]\n", id))
			if end := applyOnce(t, te, ApplyOptions{File: path, Yes: true}); end != onboard.EndDone {
				t.Fatalf("ended %v: %s", end, te.err)
			}
			out := te.out.String() + te.err.String()
			hostile.Check(t, "apply's plan and summary", []byte(out))
			hostile.CheckSigs(t, "apply's plan and summary", []byte(out), []hostile.Entry{e})

			// The file's text: quoted as YAML escapes, and raw, in a title, a tag, an address and a key.
			for _, text := range []string{strconv.Quote(e.Payload), e.Payload} {
				file := fmt.Sprintf("rooms:\n  - title: %[1]s\n    type: custom\n    tags: [%[1]s]\n    people:\n      - email: %[1]s\n        %[1]s: 1\n", text)
				if end := applyOnce(t, te, ApplyOptions{File: writePlanFile(t, file), Yes: true}); end != onboard.EndInvalid {
					t.Errorf("a file full of %s ended %v", e.Name, end)
				}
				hostile.Check(t, "apply's problems", te.err.Bytes())
				hostile.CheckSigs(t, "apply's problems", te.err.Bytes(), []hostile.Entry{e})
			}
		})
	}
}
