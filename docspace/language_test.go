package docspace_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

func TestExecuteSendsTheChosenLanguage(t *testing.T) {
	portal, c := newPortal(t)
	plan := docspace.Plan{NewRoom: &docspace.NewRoom{Title: "Brasil", Type: docspace.RoomCustom}, Culture: "pt_br",
		Invitees: []docspace.Invitee{{Email: "nova@example.com", Access: docspace.AccessRead}}}
	res := c.Execute(context.Background(), plan, nil, nil)
	if res.Status() != docspace.StatusComplete {
		t.Fatalf("status %v (%v)", res.Status(), res.Err)
	}
	var body string
	for _, r := range portal.Requests() {
		if r.Method == http.MethodPut && strings.HasSuffix(r.Path, "/share") {
			body = string(r.Body)
		}
	}
	if !strings.Contains(body, `"culture":"pt-BR"`) {
		t.Errorf("share body %s, want the portal's spelling of the language", body)
	}
	u, ok := portal.UserByEmail("nova@example.com")
	if !ok || u.Culture != "pt-BR" {
		t.Errorf("the new guest's language: %+v", u)
	}

	plan.Culture, plan.NewRoom.Title = "xx", "Nowhere"
	res = c.Execute(context.Background(), plan, nil, nil)
	if res.Status() != docspace.StatusInvalid || !strings.Contains(res.Err.Error(), `no language "xx"`) ||
		!strings.Contains(res.Err.Error(), "de, en-GB, en-US") {
		t.Errorf("unknown language: status %v, %v", res.Status(), res.Err)
	}
}
