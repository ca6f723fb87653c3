package docspace

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/internal/contract"
)

// TestRoomOptionsHonourTheContract sends every room option, alone and together, and
// the calls that read the quota setting and the tags: each request must match the
// vendor's specification (as repaired for its known faults).
func TestRoomOptionsHonourTheContract(t *testing.T) {
	spec := contract.Load(t)
	var (
		mu     sync.Mutex
		bodies []map[string]any
	)
	c := specPortal(t, spec, func(r *http.Request, b []byte) (string, bool) {
		var body string
		switch r.Method + " " + r.URL.Path {
		case "POST /api/2.0/files/rooms":
			var m map[string]any
			_ = json.Unmarshal(b, &m)
			mu.Lock()
			bodies = append(bodies, m)
			mu.Unlock()
			body = envelopeOf(contractRoom, 1, "")
		case "GET /api/2.0/portal/payment/quota":
			body = envelopeOf(`{"id":-1,"title":"startup","price":{"value":0,"currencySymbol":"$","isoCurrencySymbol":"USD"},"nonProfit":false,`+
				`"free":true,"trial":false,"features":[],"usersQuota":{"enableQuota":false,"defaultQuota":-1},`+
				`"roomsQuota":{"enableQuota":true,"defaultQuota":10737418240},"tenantCustomQuota":{"enableQuota":false,"quota":-1}}`, 1, "")
		case "GET /api/2.0/files/tags":
			body = envelopeOf(`["Finance","Legal"]`, 2, "")
		case "GET /api/2.0/files/rooms/covers":
			body = envelopeOf(`[{"id":"anchor","data":"<svg/>"},{"id":"bell\u001b[31m","data":"<svg/>"}]`, 2, "")
		default:
			return "", false
		}
		return body, true
	})
	ctx := context.Background()

	ten := int64(10 << 30)
	none := QuotaNone
	all := RoomOptions{
		Tags: []string{"Finance", "New tag"}, Color: "2DB482", Cover: "anchor", Quota: &ten, Indexing: true, DenyDownload: true,
		Lifetime:  &Lifetime{Value: 30, Period: LifetimeDays, DeletePermanently: true},
		Watermark: &Watermark{Additions: WatermarkUserName | WatermarkUserEmail | WatermarkRoomName, Rotate: WatermarkDiagonal},
	}
	for name, o := range map[string]RoomOptions{
		"all":            all,
		"no quota":       {Quota: &none},
		"text watermark": {Watermark: &Watermark{Text: "Confidential", Rotate: WatermarkHorizontal}},
		"years":          {Lifetime: &Lifetime{Value: 999, Period: LifetimeYears}},
	} {
		req := CreateRoomRequest{Title: "Deal " + name, RoomType: RoomVirtualData}
		req.Tags, req.RoomOptionFields = o.Request()
		if _, err := c.CreateRoom(ctx, req); err != nil {
			t.Errorf("CreateRoom(%s): %v", name, err)
		}
	}
	if on, err := c.RoomQuotasOn(ctx); err != nil || !on {
		t.Errorf("RoomQuotasOn = %v, %v", on, err)
	}
	if tags, err := c.Tags(ctx); err != nil || len(tags) != 2 || tags[1] != "Legal" {
		t.Errorf("Tags = %q, %v", tags, err)
	}
	if covers, err := c.Covers(ctx); err != nil || len(covers) != 2 || covers[0] != "anchor" || strings.ContainsRune(covers[1], 0x1b) {
		t.Errorf("Covers = %q, %v", covers, err)
	}
	if len(bodies) != 4 {
		t.Fatalf("sent %d creates", len(bodies))
	}
}

// TestCreateSendsOnlyTheOptionsSet checks the request body field by field: a plain
// create sends title and type only, each option exactly its own field.
func TestCreateSendsOnlyTheOptionsSet(t *testing.T) {
	ten := int64(10 << 30)
	tests := []struct {
		name string
		o    RoomOptions
		want string
	}{
		{"none", RoomOptions{}, `{"title":"T","roomType":8}`},
		{"tags", RoomOptions{Tags: []string{"a", "b"}}, `{"title":"T","roomType":8,"tags":["a","b"]}`},
		{"color", RoomOptions{Color: "FF0000"}, `{"title":"T","roomType":8,"color":"FF0000"}`},
		{"cover", RoomOptions{Cover: "anchor"}, `{"title":"T","roomType":8,"cover":"anchor"}`},
		{"cover on a colour", RoomOptions{Color: "FF0000", Cover: "anchor"}, `{"title":"T","roomType":8,"color":"FF0000","cover":"anchor"}`},
		{"quota", RoomOptions{Quota: &ten}, `{"title":"T","roomType":8,"quota":10737418240}`},
		{"indexing", RoomOptions{Indexing: true}, `{"title":"T","roomType":8,"indexing":true}`},
		{"deny download", RoomOptions{DenyDownload: true}, `{"title":"T","roomType":8,"denyDownload":true}`},
		{"lifetime", RoomOptions{Lifetime: &Lifetime{Value: 6, Period: LifetimeMonths}},
			`{"title":"T","roomType":8,"lifetime":{"enabled":true,"value":6,"period":1,"deletePermanently":false}}`},
		{"watermark info", RoomOptions{Watermark: &Watermark{Additions: WatermarkIP | WatermarkDate, Rotate: WatermarkDiagonal}},
			`{"title":"T","roomType":8,"watermark":{"enabled":true,"additions":12,"rotate":-45}}`},
		{"watermark text", RoomOptions{Watermark: &Watermark{Text: "Secret", Rotate: WatermarkHorizontal}},
			`{"title":"T","roomType":8,"watermark":{"enabled":true,"text":"Secret","rotate":0}}`},
	}
	for _, tt := range tests {
		req := CreateRoomRequest{Title: "T", RoomType: RoomVirtualData}
		req.Tags, req.RoomOptionFields = tt.o.Request()
		b, _ := json.Marshal(req)
		if string(b) != tt.want {
			t.Errorf("%s: sent %s, want %s", tt.name, b, tt.want)
		}
	}
}

// A cover the portal does not have is refused with the server's "Parameter 'icon'"
// message; the hint names the cover instead of leaving the user to decode it.
func TestUnknownCoverIsExplained(t *testing.T) {
	e := &APIError{Kind: KindInvalid, Status: 400, Message: "Value does not fall within the expected range. (Parameter 'icon')"}
	if h := e.Hint(); !strings.Contains(h, "--cover") || !strings.Contains(h, "covers") {
		t.Errorf("hint %q does not say the cover is unknown", h)
	}
}
