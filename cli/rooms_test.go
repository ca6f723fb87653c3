package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// demoRoomIDs are the ids of the demo portal's rooms of three types, by title.
func demoRoomIDs(t *testing.T, p *docspacetest.Portal) map[string]int {
	t.Helper()
	ids := map[string]int{}
	for _, r := range p.Rooms() {
		ids[r.Title] = r.ID
	}
	for _, title := range []string{"Marketing Q3", "Contracts 2025", "Press Kit"} {
		if ids[title] == 0 {
			t.Fatalf("no demo room %q", title)
		}
	}
	return ids
}

func roomsEnv(t *testing.T) (*docspacetest.Portal, *testEnv, map[string]int) {
	t.Helper()
	portal, url := testPortal(t)
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	return portal, te, demoRoomIDs(t, portal)
}

func TestRunSeveralRoomsShowsOverridesAndTheTable(t *testing.T) {
	portal, te, ids := roomsEnv(t)
	code := runWith(t, te, RunOptions{RoomIDs: []int{ids["Marketing Q3"], ids["Contracts 2025"], ids["Press Kit"]},
		Invites: []string{"new.hire@example.com"}, Access: "editor"})
	if code != onboard.EndDone {
		t.Fatalf("ended %v\nstdout:\n%s\nstderr:\n%s", code, te.out, te.err)
	}
	// The override is told before the run, never made silently.
	assertContains(t, "stderr", te.err.String(), "Press Kit is a Public room, which does not offer Editor: new.hire@example.com gets Content creator there.")
	out := te.out.String()
	assertContains(t, "stdout", out, "Marketing Q3", "Contracts 2025", "Press Kit", "new.hire@example.com", "✓ Editor", "✓ Content creator", "3 of 3 rooms complete", "3 of 3 places filled")
	if n := portal.Count(http.MethodPut, "/api/2.0/files/rooms/"); n != 3 {
		t.Errorf("%d share calls; want one per room", n)
	}
}

func TestRunSeveralRoomsOneFailingGoesOnAndExitsWithTheWorst(t *testing.T) {
	portal, te, ids := roomsEnv(t)
	bad := ids["Contracts 2025"]
	portal.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: fmt.Sprintf("/api/2.0/files/rooms/%d/share", bad), Status: http.StatusForbidden,
		Body: `{"error":{"message":"Access denied"},"status":1,"statusCode":403}`})
	code := runWith(t, te, RunOptions{RoomIDs: []int{ids["Marketing Q3"], bad, ids["Press Kit"]},
		Invites: []string{"new.hire@example.com=content-creator"}, JSON: true})
	if code != onboard.EndPartial {
		t.Fatalf("ended %v; want partial\nstdout:\n%s\nstderr:\n%s", code, te.out, te.err)
	}
	var out struct {
		Status string
		Rooms  []struct {
			Status string
			Room   struct{ ID int }
			Error  string
		}
		People []struct {
			Email string
			Rooms []struct {
				RoomID int
				Result string
				Reason string
			}
		}
	}
	if err := json.Unmarshal(te.out.Bytes(), &out); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, te.out)
	}
	if out.Status != "partial" || len(out.Rooms) != 3 || out.Rooms[1].Status != "partial" || out.Rooms[0].Status != "complete" || out.Rooms[2].Status != "complete" {
		t.Fatalf("json = %+v", out)
	}
	if len(out.People) != 1 || len(out.People[0].Rooms) != 3 || out.People[0].Rooms[1].Result != "failed" || out.People[0].Rooms[1].RoomID != bad || out.People[0].Rooms[1].Reason == "" {
		t.Fatalf("people = %+v", out.People)
	}
	assertContains(t, "stderr", te.err.String(), fmt.Sprintf("--room %d", bad))
	if strings.Contains(te.err.String(), fmt.Sprintf("--room %d ", ids["Marketing Q3"])) {
		t.Errorf("the retry hint names a room that is complete:\n%s", te.err)
	}
}

func TestRunNewRoomBesideExistingRooms(t *testing.T) {
	portal, te, ids := roomsEnv(t)
	code := runWith(t, te, RunOptions{RoomIDs: []int{ids["Press Kit"]}, Title: "Cohort 7", Type: "collaboration",
		Invites: []string{"new.hire@example.com"}})
	if code != onboard.EndDone {
		t.Fatalf("ended %v\nstdout:\n%s\nstderr:\n%s", code, te.out, te.err)
	}
	assertContains(t, "stdout", te.out.String(), "Cohort 7", "Press Kit", "✓ Editor", "✓ Content creator")
	if n := portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n != 1 {
		t.Errorf("%d creates", n)
	}
}

func TestRunSeveralRoomsAMissingRoomIsNotRunAndTheOthersAre(t *testing.T) {
	portal, te, ids := roomsEnv(t)
	code := runWith(t, te, RunOptions{RoomIDs: []int{ids["Marketing Q3"], 999}, Invites: []string{"new.hire@example.com=viewer"}})
	if code != onboard.EndFailed {
		t.Fatalf("ended %v; want failed, the worst room's\nstdout:\n%s\nstderr:\n%s", code, te.out, te.err)
	}
	assertContains(t, "stdout", te.out.String(), "room 999: could not be read; nobody was added to it.", "✓ Viewer", "1 of 2 rooms complete")
	assertContains(t, "stderr", te.err.String(), "The other rooms go on.")
	if strings.Contains(te.err.String(), "[room 999]") {
		t.Errorf("the missing room was run anyway:\n%s", te.err)
	}
	if n := portal.Count(http.MethodPut, "/api/2.0/files/rooms/999"); n != 0 {
		t.Errorf("%d writes to the missing room", n)
	}
}

// The language, the invitation link and groups reach every room of a run over rooms,
// as they reach a single room: each share call carries the culture and the group, each
// room gets its link, and the summary shows each room's link.
func TestRunSeveralRoomsCarryLanguageLinkAndGroups(t *testing.T) {
	portal, te, ids := roomsEnv(t)
	rooms := []int{ids["Marketing Q3"], ids["Contracts 2025"]}
	code := runWith(t, te, RunOptions{RoomIDs: rooms, Invites: []string{"new.hire@example.com"}, InviteGroups: []string{docspacetest.DemoGroupName},
		Access: "viewer", Language: "de", Link: "viewer"})
	if code != onboard.EndDone {
		t.Fatalf("ended %v\nstdout:\n%s\nstderr:\n%s", code, te.out, te.err)
	}
	for _, id := range rooms {
		var share, link []byte
		for _, r := range portal.Requests() {
			switch r.Path {
			case fmt.Sprintf("/api/2.0/files/rooms/%d/share", id):
				if r.Method == http.MethodPut {
					share = r.Body
				}
			case fmt.Sprintf("/api/2.0/files/rooms/%d/links", id):
				link = r.Body
			}
		}
		// The group is in Marketing Q3 already, at Viewer: it is sent to Contracts 2025 only.
		if !strings.Contains(string(share), `"culture":"de"`) || strings.Contains(string(share), docspacetest.DemoGroupID) != (id == ids["Contracts 2025"]) {
			t.Errorf("room %d's share call: %s", id, share)
		}
		if len(link) == 0 {
			t.Errorf("room %d got no invitation link", id)
		}
	}
	if n := strings.Count(te.out.String(), "Invitation link (Viewer"); n != 2 {
		t.Errorf("the summary shows %d invitation links, want 2:\n%s", n, te.out)
	}
}

// The invitation limit is portal-wide: over several rooms, every room's e-mail
// invitations count together. Two new guests into two rooms are four invitations; a
// portal with three left refuses the plan before any write, naming --link.
func TestRunSeveralRoomsCountsTheInvitationLimitOverAllRooms(t *testing.T) {
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData(), docspacetest.WithInvitationLimit(3))
	t.Cleanup(srv.Close)
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = srv.URL
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	ids := demoRoomIDs(t, portal)
	code := runWith(t, te, RunOptions{RoomIDs: []int{ids["Marketing Q3"], ids["Contracts 2025"]},
		Invites: []string{"one@example.com", "two@example.com"}, Access: "viewer"})
	if code != onboard.EndInvalid {
		t.Fatalf("ended %v, want invalid\n%s", code, te.err)
	}
	assertContains(t, "stderr", te.err.String(), "4 invitations by e-mail into 2 rooms", "--link")
	if n := portal.Count(http.MethodPut, "/api/2.0/files/rooms/"); n != 0 {
		t.Errorf("%d writes before the refusal", n)
	}
}
