package docspace_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

func TestExecuteTurnsOnTheInvitationLink(t *testing.T) {
	portal, c := newPortal(t)
	expires := time.Now().Add(7 * 24 * time.Hour).Truncate(time.Second)
	plan := docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Open house", Type: docspace.RoomCustom},
		Link: &docspace.LinkPlan{Access: docspace.AccessEditing, Expires: expires, MaxUses: 50}}
	res := c.Execute(context.Background(), plan, nil, nil)
	if res.Status() != docspace.StatusComplete || res.Link == nil {
		t.Fatalf("status %v (%v), link %+v", res.Status(), res.Err, res.Link)
	}
	if !strings.Contains(res.Link.URL, "/rooms/share?key=") || res.Link.Access != docspace.AccessEditing || res.Link.MaxUses != 50 ||
		res.Link.Expires == nil || !res.Link.Expires.Equal(expires) {
		t.Errorf("link %+v", res.Link)
	}
	var body string
	for _, r := range portal.Requests() {
		if r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/links") {
			body = string(r.Body)
		}
	}
	for _, w := range []string{`"linkType":0`, `"access":10`, `"expirationDate":"` + expires.UTC().Format(time.RFC3339) + `"`, `"maxUseCount":50`} {
		if !strings.Contains(body, w) {
			t.Errorf("links body %s lacks %s", body, w)
		}
	}
}

func TestLinkProblems(t *testing.T) {
	_, c := newPortal(t)
	for _, tt := range []struct {
		link docspace.LinkPlan
		want string
	}{
		{docspace.LinkPlan{Access: docspace.AccessRoomManager}, "cannot give Room admin"},
		{docspace.LinkPlan{Access: docspace.AccessEditing}, "cannot give Editor in a Public room"},
		{docspace.LinkPlan{Access: docspace.AccessContentCreator, MaxUses: 1001}, "1 to 1000"},
	} {
		plan := docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Pub", Type: docspace.RoomPublic}, Link: &tt.link}
		res := c.Execute(context.Background(), plan, nil, nil)
		if res.Status() != docspace.StatusInvalid || !strings.Contains(res.Err.Error(), tt.want) {
			t.Errorf("%+v: status %v, %v; want %q", tt.link, res.Status(), res.Err, tt.want)
		}
	}
}

func TestParseLinkExpiry(t *testing.T) {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"7d": now.Add(7 * 24 * time.Hour), "12h": now.Add(12 * time.Hour), "2W": now.Add(14 * 24 * time.Hour),
		"2026-12-31": time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC),
	} {
		if got, err := docspace.ParseLinkExpiry(in, now); err != nil || !got.Equal(want) {
			t.Errorf("%s: %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "7", "0d", "soon", "2026-01-01", "-3d"} {
		if _, err := docspace.ParseLinkExpiry(bad, now); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
