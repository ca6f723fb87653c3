package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/history"
	"github.com/docspace-wizard/docspace-wizard/internal/secretscan"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// portalState is what undo must put back: the active rooms and everyone's access in them.
func portalState(p *docspacetest.Portal) string {
	var lines []string
	for _, r := range p.Rooms() {
		if r.ID == 0 || p.Archived(r.ID) {
			continue
		}
		for _, m := range p.Members(r.ID) {
			lines = append(lines, fmt.Sprintf("%d %s %s=%v", r.ID, r.Title, strings.ToLower(m.User.Email), m.Access))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// historyEnv is a test env with a portal, its key and a history directory.
func historyEnv(t *testing.T) (*testEnv, *docspacetest.Portal) {
	t.Helper()
	portal, url := testPortal(t)
	te := newTestEnv(t)
	te.StateDir = filepath.Join(t.TempDir(), "state", "docspace-wizard")
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	return te, portal
}

func (te *testEnv) reset() { te.out.Reset(); te.err.Reset() }

func loadHistory(t *testing.T, dir string) []history.Record {
	t.Helper()
	recs, notes, err := history.Load(dir)
	if err != nil || len(notes) > 0 {
		t.Fatalf("history: %v %v", err, notes)
	}
	return recs
}

func TestHistoryAndUndoPutThePortalBack(t *testing.T) {
	te, portal := historyEnv(t)
	ctx := context.Background()
	marketing := 101
	before := portalState(portal)

	// One run into an existing room (a new guest, an access change, someone already
	// there), one that creates a room.
	if end := runWith(t, te, RunOptions{RoomID: marketing, Invites: []string{
		"newbie@example.com=viewer", docspacetest.DemoUserEmail + "=viewer", docspacetest.DemoUser2Email + "=viewer"}}); end != onboard.EndPartial && end != onboard.EndDone {
		t.Fatalf("run 1 ended %v: %s", end, te.err)
	}
	if end := runWith(t, te, RunOptions{Title: "Undo me", Type: "custom", Invites: []string{"ann@example.com=viewer"}}); end != onboard.EndDone {
		t.Fatalf("run 2 ended %v: %s", end, te.err)
	}
	if !strings.Contains(te.err.String(), "Recorded in the history as ") {
		t.Errorf("the run does not say it was recorded: %s", te.err)
	}
	recs := loadHistory(t, te.StateDir)
	if len(recs) != 2 || !recs[1].Rooms[0].Created || recs[0].Rooms[0].ID != marketing {
		t.Fatalf("history = %+v", recs)
	}

	te.reset()
	if end := History(ctx, te.Env, HistoryOptions{}); end != onboard.EndDone {
		t.Fatalf("history ended %v", end)
	}
	out := te.out.String()
	if strings.Index(out, recs[1].ID) > strings.Index(out, recs[0].ID) || !strings.Contains(out, `"Undo me" (#`) ||
		!strings.Contains(out, "created): 1 new guest invited") || !strings.Contains(out, "run (--yes), complete") {
		t.Errorf("history listing (newest first):\n%s", out)
	}
	te.reset()
	History(ctx, te.Env, HistoryOptions{JSON: true})
	var listed []history.Record
	if err := json.Unmarshal(te.out.Bytes(), &listed); err != nil || len(listed) != 2 || listed[0].ID != recs[1].ID {
		t.Errorf("history --json: %v %s", err, te.out)
	}

	// Without a terminal and without --yes: a sentence, exit 2, nothing written.
	te.reset()
	portal.ResetRequests()
	if end := Undo(ctx, te.Env, UndoOptions{}); end != onboard.EndInvalid {
		t.Errorf("undo without a terminal ended %v", end)
	}
	if !strings.Contains(te.err.String(), "Add --yes") || !strings.Contains(te.out.String(), "archive \"Undo me\"") {
		t.Errorf("undo without a terminal said:\n%s\n%s", te.out, te.err)
	}
	if n := portal.Count(http.MethodPut, "/"); n != 0 {
		t.Errorf("undo without its yes wrote %d times", n)
	}

	// The latest run first, asked in a terminal and answered yes; then the other by id.
	te.reset()
	te.Streams.InTTY = true
	te.stdin("y\n")
	if end := Undo(ctx, te.Env, UndoOptions{}); end != onboard.EndDone {
		t.Fatalf("undo ended %v:\n%s\n%s", end, te.out, te.err)
	}
	if !strings.Contains(te.err.String(), "Reverse these 2 changes? [y/N]") || !strings.Contains(te.out.String(), "Reversed 2 of 2 changes.") {
		t.Errorf("undo said:\n%s\n%s", te.out, te.err)
	}
	te.reset()
	// A unique start of the first run's id (runs made in the same second share 16
	// characters, and their random ends may share more).
	all := loadHistory(t, te.StateDir)
	prefix := recs[0].ID
	for k := 16; k < len(recs[0].ID); k++ {
		if !slices.ContainsFunc(all, func(r history.Record) bool { return r.ID != recs[0].ID && strings.HasPrefix(r.ID, recs[0].ID[:k]) }) {
			prefix = recs[0].ID[:k]
			break
		}
	}
	if end := Undo(ctx, te.Env, UndoOptions{Run: prefix, Yes: true}); end != onboard.EndDone {
		t.Fatalf("undo of the first run ended %v:\n%s\n%s", end, te.out, te.err)
	}
	for _, want := range []string{"remove newbie@example.com (Viewer) from \"Marketing Q3\"", "put " + docspacetest.DemoUserEmail} {
		if !strings.Contains(te.out.String(), want) {
			t.Errorf("undo's preview lacks %q:\n%s", want, te.out)
		}
	}
	if strings.Contains(te.out.String(), docspacetest.DemoUser2Email) {
		t.Errorf("someone who was a member before the run is named as a change:\n%s", te.out)
	}
	if got := portalState(portal); got != before {
		t.Errorf("portal after undo:\n%s\nwant as before:\n%s", got, before)
	}

	// Undoing twice is safe: nothing to do, nothing written.
	te.reset()
	portal.ResetRequests()
	if end := Undo(ctx, te.Env, UndoOptions{Run: recs[0].ID, Yes: true}); end != onboard.EndDone || !strings.Contains(te.out.String(), "Nothing to do") {
		t.Errorf("second undo ended %v:\n%s", end, te.out)
	}
	if n := portal.Count(http.MethodPut, "/"); n != 0 {
		t.Errorf("second undo wrote %d times", n)
	}
	recs = loadHistory(t, te.StateDir)
	if len(recs) != 4 || recs[2].Kind != history.KindUndo || recs[3].Undoes != recs[0].ID {
		t.Errorf("history after the undos: %+v", recs)
	}
	if _, hits := secretscan.ScanDir(te.StateDir, docspacetest.DemoKey); len(hits) > 0 {
		t.Errorf("the history holds the key: %v", hits)
	}
}

func TestUndoFailingHalfWayReportsExactlyAndARerunFinishes(t *testing.T) {
	te, portal := historyEnv(t)
	ctx := context.Background()
	before := portalState(portal)
	var invites []string
	for i := range 6 {
		invites = append(invites, fmt.Sprintf("p%d@example.com=viewer", i))
	}
	if end := runWith(t, te, RunOptions{RoomID: 101, Invites: invites}); end != onboard.EndDone {
		t.Fatalf("run ended %v: %s", end, te.err)
	}
	run := loadHistory(t, te.StateDir)[0]

	// The portal applies two removals, then refuses the rest of the request.
	portal.InjectFault(docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/101/share", AfterEntries: 2, Times: 1})
	te.reset()
	if end := Undo(ctx, te.Env, UndoOptions{Yes: true}); end != onboard.EndPartial {
		t.Fatalf("half-way undo ended %v:\n%s\n%s", end, te.out, te.err)
	}
	out := te.out.String()
	for i := range 6 {
		_, in := memberOf(portal, 101, fmt.Sprintf("p%d@example.com", i))
		line := fmt.Sprintf("removed p%d@example.com from", i)
		if in {
			line = fmt.Sprintf("not removed p%d@example.com from", i)
		}
		if !strings.Contains(out, line) {
			t.Errorf("undo does not say %q (in the room: %v):\n%s", line, in, out)
		}
	}
	if !strings.Contains(out, "Reversed 2 of 6 changes; 4 not reversed.") || !strings.Contains(te.err.String(), "undo "+run.ID+"` again") {
		t.Errorf("undo's totals:\n%s\n%s", out, te.err)
	}

	te.reset()
	removals := len(portal.Removals())
	if end := Undo(ctx, te.Env, UndoOptions{Yes: true}); end != onboard.EndDone {
		t.Fatalf("second undo ended %v:\n%s\n%s", end, te.out, te.err)
	}
	if got := len(portal.Removals()) - removals; got != 4 {
		t.Errorf("second undo removed %d, want the 4 left", got)
	}
	if !strings.Contains(te.out.String(), "2 changes are already as before that run.") {
		t.Errorf("second undo's preview:\n%s", te.out)
	}
	if got := portalState(portal); got != before {
		t.Errorf("portal after both undos:\n%s\nwant:\n%s", got, before)
	}
}

func memberOf(p *docspacetest.Portal, room int, email string) (docspace.Access, bool) {
	for _, m := range p.Members(room) {
		if strings.EqualFold(m.User.Email, email) {
			return m.Access, true
		}
	}
	return docspace.AccessNone, false
}

func TestAHistoryThatCannotBeWrittenIsASentenceNotAFailure(t *testing.T) {
	te, _ := historyEnv(t)
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	te.StateDir = filepath.Join(blocker, "docspace-wizard") // under a file: cannot be made
	if end := runWith(t, te, RunOptions{Title: "No history", Type: "custom", Invites: []string{"ann@example.com"}}); end != onboard.EndDone {
		t.Fatalf("run ended %v: the history must not change the outcome", end)
	}
	if !strings.Contains(te.err.String(), "This run was not added to the history, so `docspace-wizard undo` cannot reverse it") {
		t.Errorf("stderr does not say the history failed:\n%s", te.err)
	}
}

func TestUndoWithNothingInTheHistory(t *testing.T) {
	te, _ := historyEnv(t)
	if end := Undo(context.Background(), te.Env, UndoOptions{}); end != onboard.EndDone || !strings.Contains(te.err.String(), "Nothing to undo") {
		t.Errorf("undo of an empty history ended %v: %s", end, te.err)
	}
	te.reset()
	if end := Undo(context.Background(), te.Env, UndoOptions{Run: "nope"}); end != onboard.EndInvalid || !strings.Contains(te.err.String(), "No run \"nope\"") {
		t.Errorf("undo of an unknown run ended %v: %s", end, te.err)
	}
	te.reset()
	if end := History(context.Background(), te.Env, HistoryOptions{}); end != onboard.EndDone || !strings.Contains(te.out.String(), "No runs in the history yet") {
		t.Errorf("empty history: %v %s", end, te.out)
	}
}

func TestStatusNamesTheHistoryFile(t *testing.T) {
	te, _ := historyEnv(t)
	Status(context.Background(), te.Env, StatusOptions{})
	if want := "History:   " + history.Path(te.StateDir); !strings.Contains(te.out.String(), want) {
		t.Errorf("status lacks %q:\n%s", want, te.out)
	}
}

func TestUndoWithAKeyThatCannotWriteChangesNothing(t *testing.T) {
	te, portal := historyEnv(t)
	if end := runWith(t, te, RunOptions{RoomID: 101, Invites: []string{"ann@example.com=viewer"}}); end != onboard.EndDone {
		t.Fatalf("run ended %v", end)
	}
	te.vars["DOCSPACE_API_KEY"] = keyReadOnly
	te.reset()
	portal.ResetRequests()
	if end := Undo(context.Background(), te.Env, UndoOptions{Yes: true}); end != onboard.EndKeyRefused {
		t.Errorf("undo with a read-only key ended %v:\n%s", end, te.err)
	}
	if !strings.Contains(te.err.String(), "Nothing was changed") || !strings.Contains(te.err.String(), "rooms:write") {
		t.Errorf("undo with a read-only key said:\n%s", te.err)
	}
	if n := portal.Count(http.MethodPut, "/"); n != 0 {
		t.Errorf("%d writes with a read-only key", n)
	}
	if _, in := memberOf(portal, 101, "ann@example.com"); !in {
		t.Error("ann was removed")
	}
}

func TestUndoStoppedByCtrlCSaysWhatItDid(t *testing.T) {
	te, portal := historyEnv(t)
	var invites []string
	for i := range 120 { // two removal batches
		invites = append(invites, fmt.Sprintf("q%03d@example.com=viewer", i))
	}
	if end := runWith(t, te, RunOptions{RoomID: 101, Invites: invites}); end != onboard.EndDone {
		t.Fatalf("run ended %v", end)
	}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			stop() // Ctrl+C while the first batch is under way: it is let finish
		}
		portal.ServeHTTP(w, r)
	}))
	defer srv.Close()
	te.vars["DOCSPACE_BASE_URL"] = srv.URL
	portal.SetURL(srv.URL)
	rec := loadHistory(t, te.StateDir)[0]
	rec.Portal = srv.URL // the same portal, reached through the server that presses Ctrl+C
	te.StateDir = t.TempDir()
	if err := history.Append(te.StateDir, rec); err != nil {
		t.Fatal(err)
	}
	te.reset()
	if end := Undo(ctx, te.Env, UndoOptions{Yes: true}); end != onboard.EndInterrupted {
		t.Errorf("stopped undo ended %v:\n%s", end, te.err)
	}
	if out := te.out.String(); !strings.Contains(out, "Reversed 100 of 120 changes; 20 not reversed.") || !strings.Contains(out, "not done: the undo was stopped") {
		t.Errorf("stopped undo said:\n%s", out)
	}
}

// A run over several rooms is one record with every room, and one undo puts all of
// them back: the portal's state matches the state before the run.
func TestSeveralRoomsRunIsOneRecordAndUndoPutsEveryRoomBack(t *testing.T) {
	te, portal := historyEnv(t)
	before := portalState(portal)
	if end := runWith(t, te, RunOptions{RoomIDs: []int{101, 102, 103}, Invites: []string{"hire@example.com=editor"}}); end != onboard.EndDone {
		t.Fatalf("run ended %v: %s", end, te.err)
	}
	recs := loadHistory(t, te.StateDir)
	if len(recs) != 1 || len(recs[0].Rooms) != 3 {
		t.Fatalf("history = %+v, want one record with three rooms", recs)
	}
	te.reset()
	if end := Undo(context.Background(), te.Env, UndoOptions{Yes: true}); end != onboard.EndDone {
		t.Fatalf("undo ended %v:\n%s\n%s", end, te.out, te.err)
	}
	if after := portalState(portal); after != before {
		t.Errorf("after undo the portal is\n%s\nwant\n%s", after, before)
	}
}

// A group a run invited is recorded as the group, and undo takes the group out of the
// room by its id, as the share call takes a user out.
func TestUndoTakesOutAGroupTheRunInvited(t *testing.T) {
	te, portal := historyEnv(t)
	contracts := 102
	if end := runWith(t, te, RunOptions{RoomID: contracts, InviteGroups: []string{docspacetest.DemoGroupName}, Access: "viewer"}); end != onboard.EndDone {
		t.Fatalf("run ended %v: %s", end, te.err)
	}
	recs := loadHistory(t, te.StateDir)
	if len(recs) != 1 || len(recs[0].Rooms) != 1 || len(recs[0].Rooms[0].People) != 1 || recs[0].Rooms[0].People[0].GroupID != docspacetest.DemoGroupID {
		t.Fatalf("history = %+v, want the group recorded by its id", recs)
	}
	inRoom := func() bool {
		_, in := portal.RoomGroups(contracts)[docspacetest.DemoGroupID]
		return in
	}
	if !inRoom() {
		t.Fatal("the run did not put the group in the room")
	}
	te.reset()
	if end := Undo(context.Background(), te.Env, UndoOptions{Yes: true}); end != onboard.EndDone {
		t.Fatalf("undo ended %v:\n%s\n%s", end, te.out, te.err)
	}
	assertContains(t, "undo", te.err.String()+te.out.String(), "@"+docspacetest.DemoGroupName+" (group)")
	if inRoom() {
		t.Errorf("the group is still in the room after undo:\n%s", te.out)
	}
}

// A title is shown as the portal has it, in plain quotes, by history and undo alike:
// not Go-quoted, with its own quotes and backslashes escaped.
func TestHistoryAndUndoShowTitlesAsTheyAre(t *testing.T) {
	te, portal := historyEnv(t)
	const title = `Q&A "West" \ 東京`
	id := portal.AddRoom(title, docspace.RoomCustom)
	if end := runWith(t, te, RunOptions{RoomID: id, Invites: []string{"ann@example.com=viewer"}}); end != onboard.EndDone {
		t.Fatalf("run ended %v: %s", end, te.err)
	}
	te.reset()
	Undo(context.Background(), te.Env, UndoOptions{Yes: true})
	want := fmt.Sprintf(`"%s" (#%d)`, title, id)
	assertContains(t, "undo", te.out.String()+te.err.String(), want)
	te.reset()
	History(context.Background(), te.Env, HistoryOptions{})
	assertContains(t, "history", te.out.String(), want)
}

// When all a run did was changed by someone since, undo says so: not "already undone".
func TestUndoSaysWhenEverythingWasChangedSince(t *testing.T) {
	te, _ := historyEnv(t)
	if end := runWith(t, te, RunOptions{RoomID: 101, Invites: []string{"ann@example.com=viewer"}}); end != onboard.EndDone {
		t.Fatalf("run ended %v: %s", end, te.err)
	}
	first := loadHistory(t, te.StateDir)[0].ID
	if end := runWith(t, te, RunOptions{RoomID: 101, Invites: []string{"ann@example.com=editor"}}); end != onboard.EndDone {
		t.Fatalf("second run ended %v: %s", end, te.err)
	}
	te.reset()
	if end := Undo(context.Background(), te.Env, UndoOptions{Run: first, Yes: true}); end != onboard.EndDone {
		t.Fatalf("undo ended %v: %s", end, te.err)
	}
	assertContains(t, "undo", te.out.String(), "Nothing left to reverse", "changed by someone else since")
	if strings.Contains(te.out.String(), "already undone") {
		t.Errorf("undo says the run is already undone:\n%s", te.out)
	}
}

// The history that cannot be read or written says what to do about it.
func TestHistoryTroubleSaysWhatToDo(t *testing.T) {
	te, _ := historyEnv(t)
	if err := os.MkdirAll(history.Path(te.StateDir), 0o700); err != nil { // a directory where the file goes
		t.Fatal(err)
	}
	History(context.Background(), te.Env, HistoryOptions{})
	assertContains(t, "history", te.err.String(), "could not be read", "move that file away", history.EnvDir)
	te.reset()
	runWith(t, te, RunOptions{RoomID: 101, Invites: []string{"ann@example.com=viewer"}})
	assertContains(t, "run", te.err.String(), "was not added to the history", "set "+history.EnvDir+" to a directory you can write to")
}
