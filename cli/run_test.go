package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

func runWith(t *testing.T, te *testEnv, opts RunOptions) onboard.End {
	t.Helper()
	return Run(context.Background(), te.Env, opts)
}

func TestRunScriptable(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(csv, []byte("email,access,name\ncarol@example.com,viewer,Carol\n"+docspacetest.DemoUser2Email+",editor,Lee\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		key        string
		opts       RunOptions
		fault      *docspacetest.Fault
		wantCode   onboard.End
		wantOut    []string
		wantErr    []string
		wantWrites bool
	}{
		{
			name:     "three people, one create and one share",
			opts:     RunOptions{Title: "Sales", Type: "collaboration", Invites: []string{"ann@example.com=editor", "bob@example.com, " + docspacetest.DemoUserEmail}, Access: "viewer"},
			wantCode: onboard.EndDone,
			wantOut: []string{"Created room: Sales (Collaboration)", "/rooms/shared/", "ann@example.com", "Editor", "new guest invited",
				docspacetest.DemoUserEmail, "existing user added", "3 of 3 in the room"},
			wantErr:    []string{"Key \"Demo key\" accepted", "Creating room \"Sales\"", "Batch 1 of 1 sent (3/3", "Members confirmed"},
			wantWrites: true,
		},
		{
			name:       "invite file with per-person access",
			opts:       RunOptions{Title: "From CSV", Type: "custom", InviteFile: csv},
			wantCode:   onboard.EndDone,
			wantOut:    []string{"Carol <carol@example.com>", "Viewer", "Lee <" + docspacetest.DemoUser2Email + ">"},
			wantWrites: true,
		},
		{
			name:     "every problem listed at once, nothing sent",
			opts:     RunOptions{Type: "kitchen", Invites: []string{"not-an-address", "x@example.com=boss"}},
			wantCode: onboard.EndInvalid,
			wantErr:  []string{"Nothing was done", "--title", "--type", "kitchen", "not-an-address", "boss"},
		},
		{
			name:     "access not allowed for the room type",
			opts:     RunOptions{Title: "Pub", Type: "public", Invites: []string{"a@example.com=viewer"}},
			wantCode: onboard.EndInvalid,
			wantErr:  []string{"Viewer is not available in a Public room", "Room admin or Content creator"},
		},
		{
			name:     "rejected key stops before any write",
			key:      "sk-0000000000000000000000000000bad0",
			opts:     RunOptions{Title: "X", Type: "custom", Invites: []string{"a@example.com"}},
			wantCode: onboard.EndKeyRefused,
			wantErr:  []string{"rejected the API key", "Nothing was written", "docspace-wizard login"},
		},
		{
			name:       "partial failure keeps the room and says how to retry",
			opts:       RunOptions{Title: "Half", Type: "custom", Invites: []string{"a@example.com", "b@example.com", "c@example.com"}},
			fault:      &docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", AfterEntries: 1, Times: 1},
			wantCode:   onboard.EndPartial,
			wantOut:    []string{"Created room: Half", "Link: ", "failed: The role is not available", "1 of 3 in the room"},
			wantErr:    []string{"--room"},
			wantWrites: true,
		},
		{
			name:     "quota reached: no room, exit 1",
			opts:     RunOptions{Title: "Full", Type: "custom", Invites: []string{"a@example.com"}},
			fault:    &docspacetest.Fault{Method: http.MethodPost, PathPrefix: "/api/2.0/files/rooms", Status: 402, Body: `{"error":{"message":"The room count quota is exceeded"},"status":1,"statusCode":402}`},
			wantCode: onboard.EndFailed,
			wantOut:  []string{"The room could not be created."},
			wantErr:  []string{"quota is exceeded", "Free up rooms"},
			// The one create attempt; it is never repeated.
			wantWrites: true,
		},
		{
			name:     "negative room id",
			opts:     RunOptions{RoomID: -1},
			wantCode: onboard.EndInvalid,
			wantErr:  []string{"--room -1 is not a room id"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			portal, url := testPortal(t)
			if tt.fault != nil {
				portal.InjectFault(*tt.fault)
			}
			te := newTestEnv(t)
			te.vars["DOCSPACE_BASE_URL"] = url
			key := tt.key
			if key == "" {
				key = docspacetest.DemoKey
			}
			te.vars["DOCSPACE_API_KEY"] = key
			code := runWith(t, te, tt.opts)
			if code != tt.wantCode {
				t.Errorf("ended %v, want %v\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, te.out, te.err)
			}
			assertContains(t, "stdout", te.out.String(), tt.wantOut...)
			assertContains(t, "stderr", te.err.String(), tt.wantErr...)
			writes := portal.Count(http.MethodPost, "/api/2.0/files/rooms") + portal.Count(http.MethodPut, "/api/2.0/")
			if (writes > 0) != tt.wantWrites {
				t.Errorf("%d writes, want writes=%v", writes, tt.wantWrites)
			}
			if n := portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n > 1 {
				t.Errorf("%d create calls", n)
			}
			assertSecretNowhere(t, te, key)
		})
	}
}

func TestRunJSON(t *testing.T) {
	_, url := testPortal(t)
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	code := runWith(t, te, RunOptions{Title: "J", Type: "vdr", Invites: []string{"a@example.com=viewer"}, JSON: true})
	if code != onboard.EndDone {
		t.Fatalf("ended %v: %s", code, te.err)
	}
	var out struct {
		Status string
		Room   struct {
			ID      int
			Title   string
			Type    string
			Link    string
			Created bool
		}
		Invitees []struct{ Email, Access, Result string }
	}
	if err := json.Unmarshal(te.out.Bytes(), &out); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, te.out)
	}
	if out.Status != "complete" || out.Room.Title != "J" || out.Room.Type != "Virtual data room" || !out.Room.Created || !strings.Contains(out.Room.Link, "/rooms/shared/") {
		t.Errorf("json = %+v", out)
	}
	if len(out.Invitees) != 1 || out.Invitees[0].Result != "new-guest" || out.Invitees[0].Access != "Viewer" {
		t.Errorf("invitees = %+v", out.Invitees)
	}
}

func TestRunWithoutPortalOrKey(t *testing.T) {
	te := newTestEnv(t)
	if code := runWith(t, te, RunOptions{Title: "X", Type: "custom"}); code != onboard.EndInvalid || !strings.Contains(te.err.String(), "No portal given") {
		t.Errorf("no portal: ended %v, stderr %q", code, te.err)
	}
	_, url := testPortal(t)
	te = newTestEnv(t)
	code := runWith(t, te, RunOptions{Portal: url, Title: "X", Type: "custom"})
	if code != onboard.EndKeyRefused || !strings.Contains(te.err.String(), "No API key for") || !strings.Contains(te.err.String(), "docspace-wizard login") {
		t.Errorf("no key: ended %v, stderr %q", code, te.err)
	}
	te = newTestEnv(t)
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	code = runWith(t, te, RunOptions{Portal: "http://portal.example.com", Title: "X", Type: "custom"})
	if code != onboard.EndInvalid || strings.Contains(te.err.String(), docspacetest.DemoKey) {
		t.Errorf("http to a remote host: ended %v, stderr %q", code, te.err)
	}
}

func TestRunUsesKeyFromKeyring(t *testing.T) {
	_, url := testPortal(t)
	te := newTestEnv(t)
	if err := te.Keys.Set(url, docspacetest.DemoKey); err != nil {
		t.Fatal(err)
	}
	code := runWith(t, te, RunOptions{Portal: url, Title: "Ring", Type: "custom", Invites: []string{"a@example.com"}})
	if code != onboard.EndDone {
		t.Errorf("ended %v with a stored key: %s", code, te.err)
	}
}

func TestRunExistingRoomTakesItsDefaultAccess(t *testing.T) {
	portal, url := testPortal(t)
	var id int
	for _, r := range portal.Rooms() {
		if r.Title == "Press Kit" { // a Public room: its default is Content creator
			id = r.ID
		}
	}
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	if code := runWith(t, te, RunOptions{RoomID: id, Invites: []string{"new@example.com"}}); code != onboard.EndDone {
		t.Fatalf("ended %v, want 0\n%s", code, te.err)
	}
	assertContains(t, "stdout", te.out.String(), "Room: Press Kit (Public)", "new@example.com", "Content creator", "new guest invited")

	te = newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	if code := runWith(t, te, RunOptions{RoomID: 999, Invites: []string{"a@example.com"}}); code != onboard.EndFailed {
		t.Errorf("a room that does not exist: ended %v, want 1\n%s", code, te.err)
	}
	assertContains(t, "stderr", te.err.String(), "room 999", "Nothing was written")
}

func TestRunRefusesOnePersonWithTwoAccessLevels(t *testing.T) {
	csv := filepath.Join(t.TempDir(), "people.csv")
	if err := os.WriteFile(csv, []byte("email,access\nb@example.com,viewer\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, opts := range map[string]RunOptions{
		"two --invite flags":  {Title: "T", Type: "custom", Invites: []string{"a@example.com=editor", "A@example.com=viewer"}},
		"a flag and the file": {Title: "T", Type: "custom", Invites: []string{"b@example.com=editor"}, InviteFile: csv},
		"within one --invite": {Title: "T", Type: "custom", Invites: []string{"c@example.com=editor, C@example.com=viewer"}},
	} {
		t.Run(name, func(t *testing.T) {
			portal, url := testPortal(t)
			te := newTestEnv(t)
			te.vars["DOCSPACE_BASE_URL"] = url
			te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
			if code := runWith(t, te, opts); code != onboard.EndInvalid {
				t.Errorf("ended %v, want 2\n%s", code, te.err)
			}
			assertContains(t, "stderr", te.err.String(), "Nothing was done", "different access")
			if n := portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n != 0 {
				t.Errorf("%d rooms created", n)
			}
		})
	}
}

func TestRunMalformedKeyIsAKeyProblem(t *testing.T) {
	_, url := testPortal(t)
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = url
	te.vars["DOCSPACE_API_KEY"] = "sk-de00 de00"
	if code := runWith(t, te, RunOptions{Title: "T", Type: "custom", Invites: []string{"a@example.com"}}); code != onboard.EndKeyRefused {
		t.Errorf("ended %v, want 4\n%s", code, te.err)
	}
	assertContains(t, "stderr", te.err.String(), "paste only the key itself")
}

func TestRunJSONAnswersEvenWhenNothingRan(t *testing.T) {
	_, url := testPortal(t)
	for _, tt := range []struct {
		name, key, status string
		opts              RunOptions
		code              onboard.End
	}{
		{"invalid plan", docspacetest.DemoKey, "invalid", RunOptions{Type: "custom", Invites: []string{"nope"}, JSON: true}, onboard.EndInvalid},
		{"rejected key", "sk-0000000000000000000000000000bad0", "key-rejected", RunOptions{Title: "T", Type: "custom", Invites: []string{"a@example.com"}, JSON: true}, onboard.EndKeyRefused},
	} {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			te.vars["DOCSPACE_BASE_URL"] = url
			te.vars["DOCSPACE_API_KEY"] = tt.key
			if code := runWith(t, te, tt.opts); code != tt.code {
				t.Errorf("ended %v, want %v", code, tt.code)
			}
			var out struct {
				Status   string
				Problems []string
				Error    string
			}
			if err := json.Unmarshal(te.out.Bytes(), &out); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%q", err, te.out)
			}
			if out.Status != tt.status || (len(out.Problems) == 0 && out.Error == "") {
				t.Errorf("json = %+v, want status %q with the reason", out, tt.status)
			}
			assertSecretNowhere(t, te, tt.key)
		})
	}
}

// A device, a named pipe with no writer, a directory or a huge file given as
// --invite-file is refused up front, in a sentence, before any request is sent.
func TestRunRefusesInviteFilesThatAreNotSmallFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "people.fifo")
	huge := filepath.Join(dir, "huge.csv")
	if f, err := os.Create(huge); err != nil {
		t.Fatal(err)
	} else {
		if err := f.Truncate(100 << 20); err != nil {
			t.Fatal(err)
		}
		_ = f.Close()
	}
	tests := []struct {
		name, path, says string
		skip             string
	}{
		{name: "/dev/zero", path: "/dev/zero", says: "--invite-file: /dev/zero is a device, not a file: give a CSV file."},
		{name: "a named pipe with no writer", path: fifo, says: "--invite-file: " + fifo + " is a named pipe (FIFO), not a file: give a CSV file."},
		{name: "a directory", path: dir, says: "--invite-file: " + dir + " is a directory, not a file"},
		{name: "a sparse file of 100 MB", path: huge, says: "--invite-file: " + huge + " is 100 MB; the largest file read is 10 MB: split it"},
		{name: "a missing file", path: filepath.Join(dir, "nope.csv"), says: "cannot read " + filepath.Join(dir, "nope.csv") + ": no such file or directory."},
	}
	if runtime.GOOS != "linux" {
		tests[0].skip = "/dev/zero is checked on Linux only"
	}
	if err := exec.Command("mkfifo", fifo).Run(); err != nil {
		tests[1].skip = "cannot make a named pipe here: " + err.Error()
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skip != "" {
				t.Skip(tt.skip)
			}
			portal, url := testPortal(t)
			te := newTestEnv(t)
			te.vars["DOCSPACE_BASE_URL"] = url
			te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
			done := make(chan onboard.End, 1)
			go func() {
				done <- runWith(t, te, RunOptions{Title: "T", Type: "collaboration", InviteFile: tt.path})
			}()
			select {
			case code := <-done:
				if code != onboard.EndInvalid {
					t.Errorf("ended %v, want %v", code, onboard.EndInvalid)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("still running after 5 s with --invite-file %s", tt.path)
			}
			assertContains(t, "stderr", te.err.String(), "Nothing was done", tt.says)
			if n := len(portal.Requests()); n != 0 {
				t.Errorf("%d requests sent to the portal", n)
			}
		})
	}
}

// The retry lines of a --yes run say what happened, and a Retry-After beyond the retry
// budget stops the call with when to try again, never "wait a minute".
func TestRunRetryLinesSayWhatHappened(t *testing.T) {
	share := func(f docspacetest.Fault) docspacetest.Fault {
		f.Method, f.PathPrefix = http.MethodPut, "/api/2.0/files/rooms/"
		return f
	}
	tests := []struct {
		name   string
		fault  docspacetest.Fault
		code   onboard.End
		want   []string
		unwant []string
	}{
		{name: "503", fault: share(docspacetest.Fault{Status: 503, Times: 1}), code: onboard.EndDone,
			want: []string{"↻ Invite batch ", "of 2: the portal is unavailable (HTTP 503); retrying in "}, unwant: []string{"asked to wait"}},
		{name: "429 without Retry-After", fault: share(docspacetest.Fault{Status: 429, Times: 1}), code: onboard.EndDone,
			want: []string{"↻ Invite batch ", "of 2: too many requests (HTTP 429); retrying in "}, unwant: []string{"asked"}},
		{name: "connection dropped", fault: share(docspacetest.Fault{Drop: true, Times: 1}), code: onboard.EndDone,
			want: []string{"↻ Invite batch ", "of 2: the connection closed before an answer; retrying in "}, unwant: []string{"asked"}},
		{name: "429 asking for an hour", fault: share(docspacetest.Fault{Status: 429, RetryAfter: "3600"}), code: onboard.EndPartial,
			want:   []string{"the portal asked to wait 1 hour, until ", "What to do: Try again after "},
			unwant: []string{"retrying in", "a minute"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rig := newCLIRig(t, nil)
			// The default budget of a minute: the rig's own has none.
			rig.te.ClientOptions = append(rig.te.ClientOptions,
				docspace.WithRetry(docspace.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxTotal: time.Minute}))
			rig.portal.InjectFault(tt.fault)
			code := Run(context.Background(), rig.te.Env, cliRunOptions("Retry "+tt.name))
			stderr := rig.te.err.String()
			if code != tt.code {
				t.Errorf("ended %v, want %v\n%s", code, tt.code, stderr)
			}
			assertContains(t, "stderr", stderr, tt.want...)
			for _, u := range tt.unwant {
				if strings.Contains(stderr, u) {
					t.Errorf("stderr says %q:\n%s", u, stderr)
				}
			}
		})
	}
}
