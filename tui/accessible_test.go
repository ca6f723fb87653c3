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

// accessibleRun runs --accessible against a new demo portal with prefill and input's lines.
func accessibleRun(t *testing.T, prefill Prefill, lines ...string) (*docspacetest.Portal, docspace.Result, onboard.End, string) {
	t.Helper()
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	t.Cleanup(srv.Close)
	res, code, out := accessibleWith(t, srv.URL, prefill, lines...)
	return portal, res, code, out
}

// accessibleWith runs --accessible against the portal at url, whose key is in the
// keyring, with prefill and input's lines.
func accessibleWith(t *testing.T, url string, prefill Prefill, lines ...string) (docspace.Result, onboard.End, string) {
	t.Helper()
	norm, _ := docspace.NormalizePortal(url)
	var out bytes.Buffer
	res, code := Run(context.Background(), Options{
		Portal:     url,
		Prefill:    prefill,
		Keys:       &fakeKeys{keys: map[string]string{norm: docspacetest.DemoKey}},
		Getenv:     envOf(),
		Connect:    func(p, k string) (Portal, error) { return docspace.New(p, k) },
		Accessible: true,
		In:         strings.NewReader(strings.Join(lines, "\n") + "\n"),
		Out:        &out,
	})
	return res, code, out.String()
}

// Input that ends right after a number no choice has (or a word) stops the prompts
// with a sentence and 130, as any other end of input does: huh's select would take
// the last line it read and index its options with it.
func TestAccessibleInputEndingAfterAnInvalidChoice(t *testing.T) {
	for _, last := range []string{"3", "0", "two"} {
		t.Run(last, func(t *testing.T) {
			portal, _, code, out := accessibleRun(t, Prefill{}, last)
			if code != onboard.EndInterrupted {
				t.Errorf("ended %v, want interrupted; output:\n%s", code, out)
			}
			if !strings.Contains(out, "Stopped before anything was written.") {
				t.Errorf("no sentence says the prompts stopped:\n%s", out)
			}
			if n := portal.Count("POST", "/api/2.0/files/rooms"); n != 0 {
				t.Errorf("%d rooms created", n)
			}
		})
	}
}

// A room given by --room is read before the questions, as the wizard reads it: its
// type decides the levels offered, and the review names it.
func TestAccessibleReadsTheRoomGivenByFlag(t *testing.T) {
	_, res, code, out := accessibleRun(t, Prefill{RoomID: 101, Invites: invites("ann@example.com")},
		"",  // access: the room's default
		"n", // no per-person changes
		"n", // notify: no
		"",  // language: the portal's (ann is a new guest)
		"y", // go ahead
		"n", // no other room
	)
	if code != onboard.EndDone || res.Room == nil || res.Room.ID != 101 {
		t.Fatalf("ended %v, room %+v; output:\n%s", code, res.Room, out)
	}
	for _, want := range []string{"Access for everyone (Enter for ", `Room: existing room "`, "Notify: off"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// The flags' people are looked up before the questions, as the wizard looks them up:
// when every one of them is a user who may be Room admin, everyone's level offers it.
func TestAccessibleLooksUpTheFlagsPeople(t *testing.T) {
	_, res, code, out := accessibleRun(t, Prefill{RoomID: 101, Invites: invites(docspacetest.DemoRoomAdminEmail)},
		"1", // access: the first level offered
		"n", // no per-person changes
		"n", // notify: no
		"y", // go ahead
		"n", // no other room
	)
	if code != onboard.EndDone || len(res.Outcomes) != 1 {
		t.Fatalf("ended %v, outcomes %+v; output:\n%s", code, res.Outcomes, out)
	}
	if got := res.Outcomes[0].Invitee.Access; got != docspace.AccessRoomManager {
		t.Errorf("access %s, want Room admin, offered first; output:\n%s", got, out)
	}
}
