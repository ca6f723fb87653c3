package docspace

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/internal/contract"
)

// The template calls (the listing in the Templates area, the job's start and its
// status) and realistic answers to them validate against the specification.
func TestTemplateCallsHonourTheDocSpaceContract(t *testing.T) {
	spec := contract.Load(t)
	template := strings.Replace(strings.Replace(contractRoom, `"rootFolderType":14`, `"rootFolderType":30`, 1), `"roomType":2`, `"roomType":8`, 1)
	var mu sync.Mutex
	seen := map[string]string{}
	c := specPortal(t, spec, func(r *http.Request, b []byte) (string, bool) {
		mu.Lock()
		seen[r.Method+" "+r.URL.Path] = r.URL.RawQuery
		mu.Unlock()
		var body string
		switch r.Method + " " + r.URL.Path {
		case "GET /api/2.0/files/rooms":
			body = envelopeOf(`{"files":[],"folders":[`+template+`],"current":{"id":3,"title":"Templates","rootFolderType":30,"filesCount":0,"foldersCount":1},`+
				`"pathParts":[{"id":3,"title":"Templates"}],"startIndex":0,"count":1,"total":1,"new":0}`, 1, "1")
		case "POST /api/2.0/files/rooms/fromtemplate":
			body = envelopeOf(`{"roomId":0,"progress":0,"error":null,"isCompleted":false}`, 1, "")
		case "GET /api/2.0/files/rooms/fromtemplate/status":
			body = envelopeOf(`{"roomId":57,"progress":100,"error":null,"isCompleted":true}`, 1, "")
		default:
			return "", false
		}
		return body, true
	})
	ctx := context.Background()

	ts, err := c.Templates(ctx)
	if err != nil || len(ts) != 1 || ts[0].ID != 42 || ts[0].RoomType != RoomVirtualData {
		t.Errorf("Templates = %+v, %v", ts, err)
	}
	if job, err := c.CreateRoomFromTemplate(ctx, CreateRoomFromTemplateRequest{TemplateID: 42, Title: " Acme " + strings.Repeat("é", 100)}); err != nil || job.Done {
		t.Errorf("CreateRoomFromTemplate = %+v, %v", job, err)
	}
	// Every room option the template create may carry, as the spec's CreateRoomFromTemplateDto has them.
	quota := int64(1 << 30)
	wm, err := ParseWatermark("info:user,email,ip,date,room")
	if err != nil {
		t.Fatal(err)
	}
	opts := RoomOptions{Tags: []string{"Legal"}, Color: "1A2B3C", Quota: &quota, Indexing: true, DenyDownload: true,
		Lifetime: &Lifetime{Value: 30, Period: LifetimeDays, DeletePermanently: true}, Watermark: &wm}
	req := CreateRoomFromTemplateRequest{TemplateID: 42, Title: "Acme"}
	req.Tags, req.RoomOptionFields = opts.Request()
	if _, err := c.CreateRoomFromTemplate(ctx, req); err != nil {
		t.Errorf("CreateRoomFromTemplate with options: %v", err)
	}
	if job, err := c.TemplateJobStatus(ctx); err != nil || !job.Done || job.RoomID != 57 || job.Progress != 100 {
		t.Errorf("TemplateJobStatus = %+v, %v", job, err)
	}
	if q := seen["GET /api/2.0/files/rooms"]; !strings.Contains(q, "searchArea=4") {
		t.Errorf("the templates were listed with %q, want searchArea=4 (Templates)", q)
	}
	for _, call := range []string{"POST /api/2.0/files/rooms/fromtemplate", "GET /api/2.0/files/rooms/fromtemplate/status"} {
		if _, ok := seen[call]; !ok {
			t.Errorf("the contract test never made %s", call)
		}
	}
}
