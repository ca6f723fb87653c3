package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// Existing members whose access a run changes are said so, up or down, and counted
// apart from the people added; the JSON keeps its fields and gains what they had.
func TestRunReportsAccessChangesApart(t *testing.T) {
	_, url := testPortal(t)
	invites := []string{docspacetest.DemoUserEmail + "=viewer", docspacetest.DemoUser2Email + "=editor", docspacetest.DemoPendingEmail + "=editor"}

	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	if code := runWith(t, te, RunOptions{RoomID: 101, Invites: invites}); code != onboard.EndDone {
		t.Fatalf("ended %v\n%s", code, te.err)
	}
	out := te.out.String()
	assertContains(t, "stdout", out, "Editor → Viewer: lowers access", "Viewer → Editor: raises access", "3 access changed", "3 of 3 in the room")
	for _, bad := range []string{"existing user added", "kim.pending@demo.example <kim.pending@demo.example>"} {
		if strings.Contains(out, bad) {
			t.Errorf("stdout says %q:\n%s", bad, out)
		}
	}

	// Back as they were, then the same run with --json.
	te = newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	if code := runWith(t, te, RunOptions{RoomID: 101, Invites: []string{docspacetest.DemoUserEmail + "=editor"}, JSON: true}); code != onboard.EndDone {
		t.Fatalf("ended %v\n%s", code, te.err)
	}
	var res struct {
		Invitees []struct {
			Email, Access, Result, Reason string
			PreviousAccess                string `json:"previousAccess"`
			AccessChange                  string `json:"accessChange"`
		}
	}
	if err := json.Unmarshal(te.out.Bytes(), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, te.out)
	}
	if len(res.Invitees) != 1 {
		t.Fatalf("invitees %+v", res.Invitees)
	}
	got := res.Invitees[0]
	if got.Result != "added" || got.Access != "Editor" || got.PreviousAccess != "Viewer" || got.AccessChange != "raised" || got.Reason != "Viewer → Editor: raises access" {
		t.Errorf("json invitee %+v, want added (as before), Editor, previousAccess Viewer, accessChange raised", got)
	}
}

// What will not happen is said before anything runs: a message nobody would get, and
// an invite file with nobody in it.
func TestRunRefusesWhatWouldNotHappen(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(empty, []byte("email,access,name\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts RunOptions
		want string
	}{
		{"message without notifications", RunOptions{Title: "T", Type: "custom", Invites: []string{"a@example.com"}, NoNotify: true, Message: "Hello"},
			"--message is sent only with the notification e-mails"},
		{"invite file with nobody", RunOptions{Title: "T", Type: "custom", InviteFile: empty},
			"the file lists no people"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			portal, url := testPortal(t)
			te := newTestEnv(t)
			te.vars["DOCSPACE_BASE_URL"] = url
			te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
			if code := runWith(t, te, tt.opts); code != onboard.EndInvalid {
				t.Errorf("ended %v, want %v\n%s", code, onboard.EndInvalid, te.err)
			}
			assertContains(t, "stderr", te.err.String(), tt.want)
			if n := portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n != 0 {
				t.Errorf("%d rooms created", n)
			}
		})
	}
}

// The line after a stopped run's summary does not say where the summary is: it is
// on stdout, which may be above, below or in a file.
func TestStoppedLineAgreesWithTheSummary(t *testing.T) {
	var b strings.Builder
	writeFinalError(&b, docspace.Result{Cancelled: true, Err: context.Canceled})
	if strings.Contains(b.String(), "above") || !strings.Contains(b.String(), "Stopped") {
		t.Errorf("stopped line %q", b.String())
	}
}
