package docspacetest

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/internal/contract"
)

// TestRoomOptionsContract: requests with every option, the quota setting and the
// tags, each request and 2xx answer checked against the vendor's specification.
func TestRoomOptionsContract(t *testing.T) {
	spec := contract.Load(t)
	clk := &clock{now: t0}
	p := New(append(fixture(clk), WithDemoData())...)
	srv := httptest.NewServer(spec.Middleware(t, p))
	defer srv.Close()
	p.SetURL(srv.URL)
	vdr := map[string]any{"title": "Deal", "roomType": 8, "tags": []string{"Finance", "New"}, "color": "2DB482", "cover": "anchor",
		"quota": 1 << 30, "indexing": true, "denyDownload": true,
		"lifetime":  map[string]any{"enabled": true, "value": 30, "period": 0, "deletePermanently": false},
		"watermark": map[string]any{"enabled": true, "additions": 19, "rotate": -45}}
	tests := []struct {
		name, key, method, path string
		body                    any
		status                  int
	}{
		{"create with every option", keyOwner, "POST", "/api/2.0/files/rooms", vdr, 200},
		{"text watermark", keyOwner, "POST", "/api/2.0/files/rooms", map[string]any{"title": "W", "roomType": 8,
			"watermark": map[string]any{"enabled": true, "text": "Confidential", "rotate": 0}}, 200},
		{"covers", keyOwner, "GET", "/api/2.0/files/rooms/covers", nil, 200},
		{"quota setting", keyOwner, "GET", "/api/2.0/portal/payment/quota", nil, 200},
		{"tags", keyOwner, "GET", "/api/2.0/files/tags", nil, 200},
		{"tags paged", keyOwner, "GET", "/api/2.0/files/tags?count=1&startIndex=1&filterValue=a", nil, 200},
		{"tags as a member", keyUser, "GET", "/api/2.0/files/tags", nil, 200},
		{"read the room back", keyOwner, "GET", "/api/2.0/files/rooms", nil, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := call(t, srv, tt.key, tt.method, tt.path, tt.body); r.status != tt.status {
				t.Errorf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
		})
	}
}

// TestRoomOptionsAsTheServer: what the portal stores, refuses and ignores.
func TestRoomOptionsAsTheServer(t *testing.T) {
	p, srv := NewServer(WithDemoData())
	defer srv.Close()
	create := func(body map[string]any) reply {
		body["title"], body["roomType"] = "R", 2 // stored on any type, as the server does
		return call(t, srv, DemoKey, "POST", "/api/2.0/files/rooms", body)
	}
	r := create(map[string]any{"tags": []string{"Legal", "Brand new"}, "color": "zzzzzz", "cover": "bell", "indexing": true,
		"lifetime":  map[string]any{"value": 2, "period": 2, "deletePermanently": true},
		"watermark": map[string]any{"additions": 3, "rotate": -45}, "quota": -1})
	if r.status != 200 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var env struct {
		Response struct {
			ID         int      `json:"id"`
			Tags       []string `json:"tags"`
			QuotaLimit int64    `json:"quotaLimit"`
			Indexing   bool     `json:"indexing"`
			Lifetime   struct{ Value, Period int }
			Watermark  struct{ Additions int }
		}
	}
	if err := json.Unmarshal(r.body, &env); err != nil {
		t.Fatal(err)
	}
	got := env.Response
	if strings.Join(got.Tags, ",") != "Legal,Brand new" || got.QuotaLimit != -1 || !got.Indexing ||
		got.Lifetime.Value != 2 || got.Lifetime.Period != 2 || got.Watermark.Additions != 3 {
		t.Errorf("room = %+v", got)
	}
	s, _ := p.RoomSettingsOf(got.ID)
	if s.Color != "" {
		t.Errorf("a colour that is not hex was kept: %q", s.Color)
	}
	if s.Cover != "bell" {
		t.Errorf("cover stored %q, want bell", s.Cover)
	}
	if tags := p.Tags(); !strings.Contains(strings.Join(tags, ","), "Brand new") {
		t.Errorf("a new tag was not added to the portal's tags: %q", tags)
	}
	for name, body := range map[string]map[string]any{
		"lifetime 0":              {"lifetime": map[string]any{"value": 0, "period": 0}},
		"lifetime 1000":           {"lifetime": map[string]any{"value": 1000, "period": 0}},
		"period 3":                {"lifetime": map[string]any{"value": 1, "period": 3}},
		"watermark text too long": {"watermark": map[string]any{"text": strings.Repeat("x", 256)}},
		"colour too long":         {"color": "#FF0000"},
		"unknown cover":           {"cover": "unicorn"},
	} {
		if r := create(body); r.status != 400 {
			t.Errorf("%s: status %d, want 400", name, r.status)
		}
	}
	if r := create(map[string]any{"quota": int64(1) << 50}); r.status != 403 || !strings.Contains(string(r.body), "cannot exceed") {
		t.Errorf("a quota above the portal's storage: %d %s", r.status, r.body)
	}
	// The quota setting, on in the demo, off with the knob.
	quota := func() bool {
		var q struct {
			Response struct {
				RoomsQuota struct{ EnableQuota bool } `json:"roomsQuota"`
			}
		}
		_ = json.Unmarshal(call(t, srv, DemoKey, "GET", "/api/2.0/portal/payment/quota", nil).body, &q)
		return q.Response.RoomsQuota.EnableQuota
	}
	if !quota() {
		t.Error("the demo's room quotas are off")
	}
	p.SetRoomQuotas(false)
	if quota() {
		t.Error("SetRoomQuotas(false) left them on")
	}
}
