package cli

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// --yes with --template: the job is started and polled, then the people are invited
// and read back as for any new room; the room has the template's type, and people
// without a level get that type's default.
func TestRunFromTemplate(t *testing.T) {
	for _, tc := range []struct{ ref, typ, access string }{
		{docspacetest.DemoTemplateVDR, "Virtual data room", "Viewer"},
		{"90002", "Collaboration", "Editor"}, // by id: the demo's "Project kickoff"
	} {
		t.Run(tc.ref, func(t *testing.T) {
			portal, url := testPortal(t)
			portal.SetTemplateJobs(docspacetest.TemplateJobs{Polls: 2})
			te := newTestEnv(t)
			te.vars["DOCSPACE_BASE_URL"], te.vars["DOCSPACE_API_KEY"] = url, docspacetest.DemoKey
			code := runWith(t, te, RunOptions{Title: "Acme", Template: tc.ref, Invites: []string{"ann@example.com"}})
			if code != onboard.EndDone {
				t.Fatalf("ended %v\nstdout:\n%s\nstderr:\n%s", code, te.out, te.err)
			}
			assertContains(t, "stdout", te.out.String(), "Created room: Acme ("+tc.typ+")", "ann@example.com", tc.access, "1 of 1 in the room")
			assertContains(t, "stderr", te.err.String(), `Creating room "Acme" from template`, "from the template: 50% done")
			var calls []string
			for _, r := range portal.Requests() {
				if strings.Contains(r.Path, "/fromtemplate") || strings.HasSuffix(r.Path, "/share") {
					calls = append(calls, r.Method+" "+r.Path)
				}
			}
			id := portal.Rooms()[len(portal.Rooms())-1].ID
			share := "/api/2.0/files/rooms/" + strconv.Itoa(id) + "/share"
			want := []string{"POST /api/2.0/files/rooms/fromtemplate", "GET /api/2.0/files/rooms/fromtemplate/status",
				"GET /api/2.0/files/rooms/fromtemplate/status", "PUT " + share, "GET " + share}
			if strings.Join(calls, "\n") != strings.Join(want, "\n") {
				t.Errorf("calls:\n%s\nwant:\n%s", strings.Join(calls, "\n"), strings.Join(want, "\n"))
			}
			if n := portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n != 1 {
				t.Errorf("%d creates, want the one template create", n)
			}
		})
	}
}

// --template with --type or --room, or naming no template: exit 2, a sentence, and
// nothing written.
func TestRunTemplateRefusals(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts RunOptions
		want []string
	}{
		{"with --type", RunOptions{Title: "A", Template: "90001", Type: "custom", Invites: []string{"a@example.com"}},
			[]string{onboard.TemplateWithType}},
		{"with --room", RunOptions{RoomID: 101, Template: "90001", Invites: []string{"a@example.com"}},
			[]string{onboard.NewRoomBesideRooms}},
		{"unknown title, people without a level", RunOptions{Title: "A", Template: "Nope", Invites: []string{"a@example.com"}},
			[]string{`no room template "Nope"`, `90001 "Client onboarding" (Virtual data room)`, `90002 "Project kickoff" (Collaboration)`}},
		{"access the template's type refuses", RunOptions{Title: "A", Template: docspacetest.DemoTemplateVDR, Invites: []string{"a@example.com=commenter"}},
			[]string{"Commenter is not available in a Virtual data room"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			portal, url := testPortal(t)
			te := newTestEnv(t)
			te.vars["DOCSPACE_BASE_URL"], te.vars["DOCSPACE_API_KEY"] = url, docspacetest.DemoKey
			if code := runWith(t, te, tc.opts); code != onboard.EndInvalid {
				t.Errorf("ended %v, want invalid\nstderr:\n%s", code, te.err)
			}
			assertContains(t, "stderr", te.err.String(), tc.want...)
			if strings.Contains(te.err.String(), "no access level") {
				t.Errorf("people are blamed for the template's problem:\n%s", te.err)
			}
			for _, r := range portal.Requests() {
				if r.Method != http.MethodGet {
					t.Errorf("%s %s sent", r.Method, r.Path)
				}
			}
		})
	}
}

// --json names the template a room was made from, so a script can tell.
func TestRunFromTemplateJSON(t *testing.T) {
	portal, url := testPortal(t)
	portal.SetTemplateJobs(docspacetest.TemplateJobs{Polls: 1})
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"], te.vars["DOCSPACE_API_KEY"] = url, docspacetest.DemoKey
	if code := runWith(t, te, RunOptions{Title: "Acme", Template: docspacetest.DemoTemplateVDR, Invites: []string{"ann@example.com"}, JSON: true}); code != onboard.EndDone {
		t.Fatalf("ended %v\nstderr:\n%s", code, te.err)
	}
	var out struct {
		Room struct {
			Template string `json:"template"`
			Type     string `json:"type"`
		} `json:"room"`
	}
	if err := json.Unmarshal(te.out.Bytes(), &out); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, te.out.String())
	}
	if out.Room.Template != docspacetest.DemoTemplateVDR || out.Room.Type != "Virtual data room" {
		t.Errorf("room %+v, want the template %q and its type", out.Room, docspacetest.DemoTemplateVDR)
	}
}
