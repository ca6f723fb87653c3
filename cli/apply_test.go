package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/contract"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// applyPortal is a demo portal behind the spec's checks (when the spec is there, or
// always with mustSpec), and an env whose DOCSPACE_* variables point at it.
func applyPortal(t *testing.T, mustSpec bool) (*docspacetest.Portal, *testEnv) {
	t.Helper()
	p := docspacetest.New(docspacetest.WithDemoData())
	var h http.Handler = p
	spec := contract.Optional(t)
	if mustSpec {
		spec = contract.Load(t)
	}
	if spec != nil {
		h = spec.Middleware(t, p) // every request apply sends, and every answer, against the vendor's spec
	}
	srv := httptest.NewServer(h)
	p.SetURL(srv.URL)
	t.Cleanup(srv.Close)
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = srv.URL
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	return p, te
}

func writePlanFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plan.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// writesIn are the requests that change the portal.
func writesIn(rs []docspacetest.Request) []string {
	var out []string
	for _, r := range rs {
		if r.Method != http.MethodGet {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

func applyOnce(t *testing.T, te *testEnv, opts ApplyOptions) onboard.End {
	t.Helper()
	te.out.Reset()
	te.err.Reset()
	return Apply(context.Background(), te.Env, opts)
}

func TestApplyTwiceChangesNothingTheSecondTime(t *testing.T) {
	p, te := applyPortal(t, false)
	file := "../examples/cohort.yaml" // two new rooms and 30 people, as the README shows

	if end := applyOnce(t, te, ApplyOptions{File: file, Yes: true}); end != onboard.EndDone {
		t.Fatalf("first apply ended %v\nstdout:\n%s\nstderr:\n%s", end, te.out, te.err)
	}
	assertContains(t, "first plan", te.out.String(), `+ create room "Cohort 12 onboarding" (Collaboration)`, `+ create room "Cohort 12 contracts" (Virtual data room)`,
		"+ hire18@example.com", "Plan: 2 rooms to create, 30 people to invite, 0 access levels to change, 0 people already in place.",
		"Applied: 2 rooms created, 30 people invited")
	creates := 0
	for _, w := range writesIn(p.Requests()) {
		if w == "POST /api/2.0/files/rooms" {
			creates++
		}
	}
	if creates != 2 {
		t.Errorf("%d rooms created, want 2", creates)
	}
	onboarding := roomNamed(t, p, "Cohort 12 onboarding")
	if got := len(p.Members(onboarding.ID)); got != 20 { // 19 and the owner
		t.Errorf("the onboarding room has %d members, want 20", got)
	}

	p.ResetRequests()
	if end := applyOnce(t, te, ApplyOptions{File: file, Yes: true}); end != onboard.EndDone {
		t.Fatalf("second apply ended %v\nstderr:\n%s", end, te.err)
	}
	if w := writesIn(p.Requests()); len(w) != 0 {
		t.Errorf("the second apply wrote: %v", w)
	}
	if len(p.Requests()) == 0 {
		t.Error("the second apply read nothing: it cannot know the file is in place")
	}
	assertContains(t, "second plan", te.out.String(), "= room \"Cohort 12 onboarding\" (Collaboration, id ", "19 people already in place",
		"Plan: 0 rooms to create, 0 people to invite, 0 access levels to change, 30 people already in place.")
	assertContains(t, "second stderr", te.err.String(), "Nothing to do: every room and person in ../examples/cohort.yaml is in place.")
	assertSecretNowhere(t, te, docspacetest.DemoKey)
}

func roomNamed(t *testing.T, p *docspacetest.Portal, title string) docspace.Room {
	t.Helper()
	for _, r := range p.Rooms() {
		if r.Title == title {
			return r
		}
	}
	t.Fatalf("no room %q", title)
	return docspace.Room{}
}

func TestApplyHonoursTheDocSpaceContract(t *testing.T) {
	p, te := applyPortal(t, true)
	marketing := roomNamed(t, p, "Marketing Q3")
	path := writePlanFile(t, fmt.Sprintf(`rooms:
  - title: Deal room
    type: vdr
    tags: [deals]
    quota: 1GB
    lifetime: 30d
    watermark: info:user,email
    indexing: true
    deny-download: true
    people:
      - email: %s
        access: room-admin
      - email: new@example.com
        access: form-filler
  - id: %d
    message: Welcome aboard
    people:
      - email: %s
        access: content-creator
      - email: other@example.com
`, docspacetest.DemoRoomAdminEmail, marketing.ID, docspacetest.DemoUser2Email))
	for range 2 {
		if end := applyOnce(t, te, ApplyOptions{File: path, Yes: true}); end != onboard.EndDone {
			t.Fatalf("ended %v\nstdout:\n%s\nstderr:\n%s", end, te.out, te.err)
		}
	}
	// The middleware fails the test on any request or answer outside the spec.
}

func TestApplyShowsTheDiffAndMakesOnlyItsChanges(t *testing.T) {
	p, te := applyPortal(t, false)
	contracts := roomNamed(t, p, "Contracts 2025")
	path := writePlanFile(t, fmt.Sprintf(`defaults:
  notify: false
rooms:
  - title: Brand new
    type: custom
    people:
      - email: new@example.com
        access: commenter
  - title: Marketing Q3
    people:
      - email: %[1]s
        access: editor
      - email: %[2]s
        access: editor
      - email: fresh@example.com
        access: viewer
  - id: %[3]d
    people:
      - email: %[1]s
        access: viewer
`, docspacetest.DemoUserEmail, docspacetest.DemoUser2Email, contracts.ID))
	if end := applyOnce(t, te, ApplyOptions{File: path, Yes: true}); end != onboard.EndDone {
		t.Fatalf("ended %v\nstdout:\n%s\nstderr:\n%s", end, te.out, te.err)
	}
	out := te.out.String()
	assertContains(t, "plan", out,
		`+ create room "Brand new" (Custom)`, "+ new@example.com", "Commenter",
		`~ room "Marketing Q3" (Collaboration, id `, "~ "+docspacetest.DemoUser2Email, "Viewer → Editor", "change access",
		"+ fresh@example.com", "= 1 person already in place",
		fmt.Sprintf(`= room "Contracts 2025" (Virtual data room, id %d): 1 person already in place`, contracts.ID),
		"Plan: 1 room to create, 2 people to invite, 1 access level to change, 2 people already in place.")
	var shares []string
	for _, r := range p.Requests() {
		if r.Method == http.MethodPut {
			shares = append(shares, string(r.Body))
		}
	}
	// One share for the new room, one for Marketing Q3 carrying only the two changes (the
	// rooms run side by side: either may come first).
	marketing := slices.IndexFunc(shares, func(b string) bool { return strings.Contains(b, "fresh@example.com") })
	if len(shares) != 2 || marketing < 0 || strings.Contains(shares[marketing], docspacetest.DemoUserEmail) {
		t.Errorf("shares = %q", shares)
	}
	for _, m := range p.Members(roomNamed(t, p, "Marketing Q3").ID) {
		if strings.EqualFold(m.User.Email, docspacetest.DemoUser2Email) && m.Access != docspace.AccessEditing {
			t.Errorf("%s has %v after apply, want Editor", m.User.Email, m.Access)
		}
	}
}

func TestApplyAsksFirst(t *testing.T) {
	const file = "rooms:\n  - title: Asked\n    type: custom\n    people:\n      - email: a@example.com\n"
	tests := []struct {
		name   string
		tty    bool
		answer string
		end    onboard.End
		writes bool
		says   string
	}{
		{"no terminal and no --yes", false, "", onboard.EndInvalid, false, "Run again with --yes"},
		{"answered no", true, "no\n", onboard.EndDone, false, "Nothing was changed."},
		{"answered nothing", true, "", onboard.EndDone, false, "Nothing was changed."},
		{"answered yes", true, "yes\n", onboard.EndDone, true, "Type yes to go on"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, te := applyPortal(t, false)
			te.Streams.InTTY = tt.tty
			te.stdin(tt.answer)
			end := applyOnce(t, te, ApplyOptions{File: writePlanFile(t, file)})
			if end != tt.end || (len(writesIn(p.Requests())) > 0) != tt.writes {
				t.Errorf("ended %v with writes %v, want %v and writes=%v\nstderr:\n%s", end, writesIn(p.Requests()), tt.end, tt.writes, te.err)
			}
			assertContains(t, "stderr", te.err.String(), tt.says)
			assertContains(t, "stdout", te.out.String(), `+ create room "Asked" (Custom)`)
		})
	}
}

func TestApplyFileWithProblemsSendsNothing(t *testing.T) {
	p, te := applyPortal(t, false)
	end := applyOnce(t, te, ApplyOptions{File: "../planfile/testdata/five-errors.yaml", Yes: true})
	if end != onboard.EndInvalid {
		t.Errorf("ended %v, want invalid", end)
	}
	if n := len(p.Requests()); n != 0 {
		t.Errorf("%d requests for a file with problems", n)
	}
	lines := strings.Split(strings.TrimSpace(te.err.String()), "\n")
	if len(lines) != 6 || lines[0] != "Nothing was sent; fix 5 problems in ../planfile/testdata/five-errors.yaml and run again:" {
		t.Fatalf("stderr:\n%s", te.err)
	}
	for i, at := range []string{"4:11", "6:16", "9:9", "11:5", "14:17"} {
		if !strings.HasPrefix(lines[i+1], "  ../planfile/testdata/five-errors.yaml:"+at+": ") {
			t.Errorf("line %d = %q, want the problem at %s", i+2, lines[i+1], at)
		}
	}
}

func TestApplyProblemsOnlyThePortalShowsSendNothing(t *testing.T) {
	p, te := applyPortal(t, false)
	path := writePlanFile(t, "rooms:\n  - title: Nowhere\n    people: [{email: a@example.com}]\n  - title: Fine\n    type: custom\n")
	if end := applyOnce(t, te, ApplyOptions{File: path, Yes: true}); end != onboard.EndInvalid {
		t.Errorf("ended %v, want invalid", end)
	}
	if w := writesIn(p.Requests()); len(w) > 0 {
		t.Errorf("wrote %v", w)
	}
	assertContains(t, "stderr", te.err.String(), "Nothing was sent; fix 1 problem in", "plan.yaml:2:12: there is no room titled \"Nowhere\"")
}

func TestApplyJSON(t *testing.T) {
	_, te := applyPortal(t, false)
	path := writePlanFile(t, "rooms:\n  - title: J\n    type: public\n    people:\n      - email: j@example.com\n")
	var out struct {
		Status string
		Plan   struct{ RoomsToCreate, PeopleToInvite, AlreadyInPlace int }
		Rooms  []struct {
			Title, Action, Status, Link string
			ID                          int
			People                      []struct{ Email, Access, Change, Result string }
		}
	}
	for i, want := range []string{"complete", "nothing-to-do"} {
		if end := applyOnce(t, te, ApplyOptions{File: path, Yes: true, JSON: true}); end != onboard.EndDone {
			t.Fatalf("ended %v: %s", end, te.err)
		}
		if err := json.Unmarshal(te.out.Bytes(), &out); err != nil {
			t.Fatalf("stdout is not JSON: %v\n%s", err, te.out)
		}
		if out.Status != want || len(out.Rooms) != 1 || out.Rooms[0].ID == 0 || len(out.Rooms[0].People) != 1 {
			t.Fatalf("run %d: %+v", i+1, out)
		}
		person := out.Rooms[0].People[0]
		if i == 0 && (out.Rooms[0].Action != "create" || person.Change != "invite" || person.Result != "new-guest" || person.Access != "Content creator" || out.Plan.PeopleToInvite != 1) {
			t.Errorf("first run: %+v", out)
		}
		if i == 1 && (out.Rooms[0].Action != "in-place" || person.Change != "in-place" || out.Plan.AlreadyInPlace != 1) {
			t.Errorf("second run: %+v", out)
		}
	}
	te.out.Reset()
	if end := Apply(context.Background(), te.Env, ApplyOptions{File: "../planfile/testdata/five-errors.yaml", JSON: true}); end != onboard.EndInvalid {
		t.Errorf("a bad file ended %v", end)
	}
	var bad struct {
		Status   string
		Problems []struct{ Line, Column int }
	}
	if err := json.Unmarshal(te.out.Bytes(), &bad); err != nil || bad.Status != "invalid" || len(bad.Problems) != 5 || bad.Problems[0].Line != 4 {
		t.Errorf("bad file JSON = %+v, %v\n%s", bad, err, te.out)
	}
}

func TestApplyKeepsGoingAfterARoomFails(t *testing.T) {
	p, te := applyPortal(t, false)
	// One room's create is refused (room quota); the other room is still made. The rooms
	// run side by side, so either may be the one refused.
	p.InjectFault(docspacetest.Fault{Method: http.MethodPost, PathPrefix: "/api/2.0/files/rooms", Status: 402, Times: 1,
		Body: `{"error":{"message":"The room count quota is exceeded"},"status":1,"statusCode":402}`})
	path := writePlanFile(t, "rooms:\n  - title: First\n    type: custom\n  - title: Second\n    type: custom\n    people: [{email: s@example.com}]\n")
	// The exit code is the worst room's, as for a run over rooms with --room.
	if end := applyOnce(t, te, ApplyOptions{File: path, Yes: true}); end != onboard.EndFailed {
		t.Errorf("ended %v, want failed (the worst room's)\nstdout:\n%s\nstderr:\n%s", end, te.out, te.err)
	}
	made := 0
	for _, r := range p.Rooms() {
		if r.Title == "First" || r.Title == "Second" {
			made++
			assertContains(t, "stdout", te.out.String(), "Created room: "+r.Title)
		}
	}
	if made != 1 {
		t.Errorf("%d of the two rooms made, want 1 (one refused, the other not stopped by it)", made)
	}
	assertContains(t, "stdout", te.out.String(), "The room could not be created.", "Applied in part: 1 room created")
}

func TestApplyFromStandardInput(t *testing.T) {
	p, te := applyPortal(t, false)
	const file = "rooms:\n  - title: Piped\n    type: custom\n    people: [{email: pipe@example.com}]\n"
	te.Streams.InTTY = true
	te.stdin(file)
	if end := applyOnce(t, te, ApplyOptions{File: "-"}); end != onboard.EndInvalid || len(writesIn(p.Requests())) > 0 {
		t.Errorf("without --yes: ended %v, wrote %v", end, writesIn(p.Requests()))
	}
	assertContains(t, "stderr", te.err.String(), "the plan came from standard input", "--yes")
	te.stdin(file)
	if end := applyOnce(t, te, ApplyOptions{File: "-", Yes: true}); end != onboard.EndDone {
		t.Errorf("with --yes: ended %v: %s", end, te.err)
	}
	roomNamed(t, p, "Piped")
}

func TestApplyStoppedWhileAskingChangesNothing(t *testing.T) {
	p, te := applyPortal(t, false)
	r, w := io.Pipe() // nobody answers
	t.Cleanup(func() { _ = w.Close() })
	te.Streams.In, te.Streams.InTTY = r, true
	ctx, cancel := context.WithCancel(context.Background())
	te.Streams.Err = onWrite{te.err, func(b []byte) { // Ctrl+C once asked
		if strings.Contains(string(b), "Type yes") {
			cancel()
		}
	}}
	path := writePlanFile(t, "rooms:\n  - title: Stopped\n    type: custom\n")
	if end := Apply(ctx, te.Env, ApplyOptions{File: path}); end != onboard.EndInterrupted {
		t.Errorf("ended %v, want interrupted", end)
	}
	if w := writesIn(p.Requests()); len(w) > 0 {
		t.Errorf("wrote %v", w)
	}
	assertContains(t, "stderr", te.err.String(), "Stopped: nothing was changed.")
}

// onWrite is a writer that calls f with each write after passing it on.
type onWrite struct {
	w io.Writer
	f func([]byte)
}

func (o onWrite) Write(b []byte) (int, error) {
	n, err := o.w.Write(b)
	o.f(b)
	return n, err
}

func TestApplyWithAKeyThatCannotWriteSendsNothing(t *testing.T) {
	p, te := applyPortal(t, false)
	p.AddKey(docspacetest.Key{Secret: keyReadOnly, Name: "Read key", Active: true, Scopes: []string{"rooms:read", "accounts:read"}})
	te.vars["DOCSPACE_API_KEY"] = keyReadOnly
	path := writePlanFile(t, "rooms:\n  - title: Nope\n    type: custom\n")
	if end := applyOnce(t, te, ApplyOptions{File: path, Yes: true}); end != onboard.EndKeyRefused {
		t.Errorf("ended %v, want key refused\n%s", end, te.err)
	}
	if w := writesIn(p.Requests()); len(w) > 0 {
		t.Errorf("wrote %v", w)
	}
	assertContains(t, "stderr", te.err.String(), "rooms:write", "Nothing was written.")
	assertSecretNowhere(t, te, keyReadOnly)
}

// An apply that wrote something is one run in the history, all its rooms in one record,
// and undo reverses it: the rooms it created are archived, the portal is as before.
func TestApplyIsRecordedAndUndoReversesIt(t *testing.T) {
	p, te := applyPortal(t, false)
	te.StateDir = filepath.Join(t.TempDir(), "state")
	before := portalState(p)
	if end := applyOnce(t, te, ApplyOptions{File: "../examples/cohort.yaml", Yes: true}); end != onboard.EndDone {
		t.Fatalf("apply ended %v\n%s", end, te.err)
	}
	assertContains(t, "apply's stderr", te.err.String(), "Recorded in the history as ")
	recs := loadHistory(t, te.StateDir)
	if len(recs) != 1 || len(recs[0].Rooms) != 2 || recs[0].Via != onboard.ViaApply {
		t.Fatalf("history = %+v, want one apply record with two rooms", recs)
	}
	te.reset()
	if end := Undo(context.Background(), te.Env, UndoOptions{Yes: true}); end != onboard.EndDone {
		t.Fatalf("undo ended %v\n%s\n%s", end, te.out, te.err)
	}
	if after := portalState(p); after != before {
		t.Errorf("after undo the portal is\n%s\nwant as before\n%s", after, before)
	}
}
