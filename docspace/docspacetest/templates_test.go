package docspacetest

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
)

type jobReply struct {
	Response struct {
		RoomID      int     `json:"roomId"`
		Progress    float64 `json:"progress"`
		Error       *string `json:"error"`
		IsCompleted bool    `json:"isCompleted"`
	} `json:"response"`
}

func pollJob(t *testing.T, srv *httptest.Server) jobReply {
	t.Helper()
	r := call(t, srv, keyOwner, "GET", "/api/2.0/files/rooms/fromtemplate/status", nil)
	var j jobReply
	if r.status != 200 || json.Unmarshal(r.body, &j) != nil {
		t.Fatalf("status poll: %d %s", r.status, r.body)
	}
	return j
}

// Templates are listed only in the Templates area, as the server lists them; a job
// takes its polls, names its room, and the room has the template's type and tags
// (members are not copied); a failing or never-ending job says so.
func TestTemplateJobs(t *testing.T) {
	clk := &clock{now: t0}
	p := New(append(fixture(clk), WithTemplate("Onboarding", docspace.RoomVirtualData, "clients"), WithTemplateJobs(TemplateJobs{Polls: 3}))...)
	srv := httptest.NewServer(p)
	defer srv.Close()

	for q, want := range map[string]bool{"?searchArea=4": true, "?searchArea=Templates": true, "?searchArea=0": false, "": false} {
		r := call(t, srv, keyOwner, "GET", "/api/2.0/files/rooms"+q, nil)
		if got := strings.Contains(string(r.body), `"Onboarding"`); got != want || r.status != 200 {
			t.Errorf("list %q: %d, template listed %v, want %v", q, r.status, got, want)
		}
		if want && !strings.Contains(string(r.body), `"rootFolderType":30`) {
			t.Errorf("list %q: a template's root folder is not Room templates: %s", q, r.body)
		}
	}
	id := p.Templates()[0].ID
	if r := call(t, srv, keyOwner, "POST", "/api/2.0/files/rooms/fromtemplate", map[string]any{"templateId": id, "title": " Acme "}); r.status != 200 || !strings.Contains(string(r.body), `"isCompleted":false`) {
		t.Fatalf("start: %d %s", r.status, r.body)
	}
	var last jobReply
	for i := 1; i <= 3; i++ {
		last = pollJob(t, srv)
		if last.Response.IsCompleted != (i == 3) {
			t.Errorf("poll %d: completed %v", i, last.Response.IsCompleted)
		}
	}
	room, ok := p.Room(last.Response.RoomID)
	if !ok || room.Title != "Acme" || room.RoomType != docspace.RoomVirtualData || len(room.Tags) != 1 || len(p.Members(room.ID)) != 1 {
		t.Errorf("room %+v (%v), members %v: want the template's type and tags, only the owner", room, ok, p.Members(room.ID))
	}

	p.SetTemplateJobs(TemplateJobs{Polls: 1, Error: "Copy failed"})
	call(t, srv, keyOwner, "POST", "/api/2.0/files/rooms/fromtemplate", map[string]any{"templateId": id, "title": "Broken"})
	if j := pollJob(t, srv); !j.Response.IsCompleted || j.Response.Error == nil || *j.Response.Error != "Copy failed" || j.Response.RoomID == 0 {
		t.Errorf("failing job: %+v", j.Response)
	}
	p.SetTemplateJobs(TemplateJobs{Never: true})
	call(t, srv, keyOwner, "POST", "/api/2.0/files/rooms/fromtemplate", map[string]any{"templateId": id, "title": "Stuck"})
	for range 5 {
		if j := pollJob(t, srv); j.Response.IsCompleted {
			t.Fatalf("a never-ending job completed: %+v", j.Response)
		}
	}
}

// A template job keeps the cover asked for; one the portal lacks fails the job
// before any room is made, as the server's InternalCreateFolderAsync throws first.
func TestTemplateJobCover(t *testing.T) {
	clk := &clock{now: t0}
	p := New(append(fixture(clk), WithTemplate("Onboarding", docspace.RoomVirtualData, "clients"), WithTemplateJobs(TemplateJobs{Polls: 1}))...)
	srv := httptest.NewServer(p)
	defer srv.Close()
	id := p.Templates()[0].ID
	call(t, srv, keyOwner, "POST", "/api/2.0/files/rooms/fromtemplate", map[string]any{"templateId": id, "title": "Covered", "cover": "anchor"})
	j := pollJob(t, srv)
	if s, ok := p.RoomSettingsOf(j.Response.RoomID); !ok || s.Cover != "anchor" {
		t.Errorf("job %+v: room settings %+v, want the cover anchor", j.Response, s)
	}
	call(t, srv, keyOwner, "POST", "/api/2.0/files/rooms/fromtemplate", map[string]any{"templateId": id, "title": "Uncovered", "cover": "unicorn"})
	j = pollJob(t, srv)
	if !j.Response.IsCompleted || j.Response.Error == nil || !strings.Contains(*j.Response.Error, "'icon'") || j.Response.RoomID != 0 {
		t.Errorf("unknown cover: job %+v, want failed with no room", j.Response)
	}
}
