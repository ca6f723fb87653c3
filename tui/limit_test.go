package tui

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// portalDriver is demoDriver on a demo portal with popts.
func portalDriver(t *testing.T, pre Prefill, w, h int, popts ...docspacetest.Option) (*driver, *docspacetest.Portal) {
	t.Helper()
	portal := docspacetest.New(append([]docspacetest.Option{docspacetest.WithDemoData()}, popts...)...)
	srv := httptest.NewServer(portal)
	t.Cleanup(srv.Close)
	portal.SetURL(srv.URL)
	url, _ := docspace.NormalizePortal(srv.URL)
	d := newDriver(t, Options{
		Portal:  srv.URL,
		Prefill: pre,
		Keys:    &fakeKeys{keys: map[string]string{url: docspacetest.DemoKey}},
		Getenv:  func(string) string { return "" },
		Connect: func(p, k string) (Portal, error) { return docspace.New(p, k) },
	}, w, h)
	return d, portal
}

// A plan sending more e-mail invitations than the portal has left today is a problem
// on the review, and confirming it writes nothing (it goes to the people to fix).
func TestReviewRefusesAPlanOverTheInvitationLimit(t *testing.T) {
	people := "a@example.com\nb@example.com\nc@example.com\n" + docspacetest.DemoUserEmail
	d, portal := portalDriver(t, Prefill{Title: ptr("Big"), Type: ptr(docspace.RoomCustom), Invites: invites(people)}, 120, 40,
		docspacetest.WithInvitationLimit(2))
	d.until("the key checked", func() bool { return d.m.st.keyStatus == keyOK })
	d.settle()
	d.goTo(stepReview, "")
	r := d.m.steps[stepReview].(*reviewStep)
	d.until("the portal's check of the plan", func() bool { return r.pre != nil })
	d.settle()
	if screen := d.screen(); !strings.Contains(screen, "3 invitations by e-mail, but the portal has only 2 left today") {
		t.Fatalf("the review does not say the plan is over the limit:\n%s", screen)
	}
	d.keys("enter")
	d.settle()
	if n := portal.Count(http.MethodPost, "/api/2.0/files/rooms") + portal.Count(http.MethodPut, "/api/2.0/"); n != 0 || d.m.cur == stepRun {
		t.Errorf("%d writes, on step %v after confirming a plan over the limit; want none, and no run", n, d.m.cur)
	}
}
