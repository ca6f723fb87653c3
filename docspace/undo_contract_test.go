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

// The calls undo makes, checked against the vendor's spec: a removal and a change of
// access by user id (PUT .../share, access 0 and a level), and archiving a room (PUT
// .../archive, a background operation), its end read back from the room.
func TestUndoCallsHonourTheDocSpaceContract(t *testing.T) {
	spec := contract.Load(t)
	var (
		mu       sync.Mutex
		bodies   = map[string]string{}
		roomGets int
	)
	archived := strings.Replace(contractRoom, `"rootFolderType":14`, `"rootFolderType":20`, 1)
	c := specPortal(t, spec, func(r *http.Request, b []byte) (string, bool) {
		mu.Lock()
		defer mu.Unlock()
		bodies[r.Method+" "+r.URL.Path] = string(b)
		switch r.Method + " " + r.URL.Path {
		case "PUT /api/2.0/files/rooms/42/share":
			return envelopeOf(`{"members":[`+contractMember+`],"warning":null,"error":0}`, 1, ""), true
		case "PUT /api/2.0/files/rooms/42/archive":
			// Still running when it answers: the client must read the room until it is archived.
			return envelopeOf(`{"id":"8a1b2c3d-0000-4000-8000-000000000001","Operation":0,"progress":0,"error":null,"processed":"0","finished":false}`, 1, ""), true
		case "GET /api/2.0/files/rooms/42":
			roomGets++
			if roomGets < 3 {
				return envelopeOf(contractRoom, 1, ""), true
			}
			return envelopeOf(archived, 1, ""), true
		}
		return "", false
	})
	ctx := context.Background()
	if err := c.SetAccess(ctx, 42, []Invitation{{ID: "99999999-2222-4333-8444-555555555555", Access: AccessNone},
		{ID: "11111111-2222-4333-8444-555555555555", Access: AccessRead}}); err != nil {
		t.Fatalf("SetAccess: %v", err)
	}
	var sent struct {
		Invitations []map[string]any `json:"invitations"`
		Notify      bool             `json:"notify"`
	}
	if err := json.Unmarshal([]byte(bodies["PUT /api/2.0/files/rooms/42/share"]), &sent); err != nil {
		t.Fatal(err)
	}
	if len(sent.Invitations) != 2 || sent.Invitations[0]["access"] != float64(0) || sent.Invitations[0]["email"] != nil || sent.Notify {
		t.Errorf("removal sent as %s: want access 0 by id, nobody notified", bodies["PUT /api/2.0/files/rooms/42/share"])
	}
	if err := c.archiveAndConfirm(ctx, 42); err != nil {
		t.Fatalf("archiving: %v", err)
	}
	if roomGets != 3 {
		t.Errorf("the room was read %d times, want until it showed archived (3)", roomGets)
	}
	if got := bodies["PUT /api/2.0/files/rooms/42/archive"]; got != `{"deleteAfter":false}` {
		t.Errorf("archive body %s", got)
	}
}

func TestSetAccessRefusesRemovalsByEmail(t *testing.T) {
	c, _ := clientFor(t, "https://portal.example.com")
	err := c.SetAccess(context.Background(), 42, []Invitation{{Email: "a@example.com", Access: AccessNone}})
	ae := apiErr(t, err, KindInvalid)
	if !ae.NotSent || !strings.Contains(ae.Message, "ignores removals by e-mail") {
		t.Errorf("SetAccess by e-mail: %+v, want refused unsent, saying why", ae)
	}
}
