package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/faultmatrix"
	"github.com/docspace-wizard/docspace-wizard/onboard"
)

// The fault matrix through the scriptable path (`--yes`): every fault in every phase,
// once and always, checked on what the user sees (exit code, the ✗ line, what to do,
// the room's title and link whenever it exists), then the retry the output suggests.

// cliRig is a TLS demo portal (two share batches for four people), a router in front
// of the client, and a test env pointed at both, with instant retries.
type cliRig struct {
	portal *docspacetest.Portal
	url    string
	route  *faultmatrix.Router
	te     *testEnv
}

func newCLIRig(t *testing.T, wrap func(*docspacetest.Portal) http.Handler) *cliRig {
	t.Helper()
	portal := docspacetest.New(docspacetest.WithDemoData())
	var h http.Handler = portal
	if wrap != nil {
		h = wrap(portal)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	portal.SetURL(srv.URL)
	route := faultmatrix.NewRouter(t, srv.Client().Transport.(*http.Transport).Clone())
	te := newTestEnv(t)
	te.vars["DOCSPACE_BASE_URL"] = srv.URL
	te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
	te.HTTPClient = &http.Client{Transport: route}
	te.ClientOptions = []docspace.Option{
		docspace.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }),
		docspace.WithRequestTimeout(time.Second), // short, yet above a loaded CI machine's slowest honest answer
		docspace.WithRetry(docspace.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}),
		docspace.WithBatchSize(2),
	}
	return &cliRig{portal: portal, url: srv.URL, route: route, te: te}
}

func (rig *cliRig) clear() {
	rig.portal.ClearFaults()
	rig.route.Disarm()
}

// reset empties the env's captured output for the next run.
func (rig *cliRig) reset() {
	rig.te.out.Reset()
	rig.te.err.Reset()
}

func cliRunOptions(title string) RunOptions {
	return RunOptions{Title: title, Type: "custom", Invites: []string{
		"ann@example.com=viewer", "bob@example.com=editor", docspacetest.DemoUserEmail + "=commenter", "cy@example.com=viewer",
	}}
}

// firstLine returns the first line of s that starts with prefix (after spaces), or "".
func firstLine(s, prefix string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), prefix) {
			return strings.TrimSpace(l)
		}
	}
	return ""
}

func TestFaultMatrixScriptable(t *testing.T) {
	dnsNotFound := faultmatrix.ResolverSaysNotFound()
	// What every case showed, as testdata/TestFaultMatrixScriptable.golden (RELIABILITY.md links it).
	table := faultmatrix.NewTable("Fault matrix: `docspace-wizard --yes`",
		"Exit codes (0 done, 1 failed, 3 partial: the room exists, 4 key rejected); the text is stderr's `✗` line, then what to do.", true)
	t.Cleanup(func() { table.Golden(t, dnsNotFound) })
	for _, ph := range faultmatrix.Phases() {
		for _, f := range faultmatrix.Cases(dnsNotFound) {
			table.Run(t, ph.Name, f.Name, func(t *testing.T, mode faultmatrix.Mode) (string, string) {
				code, text := testScriptableFault(t, ph, f, mode.Times)
				return faultmatrix.Cell(code), text
			})
		}
	}
}

// testScriptableFault runs one case and returns the exit code and what stderr said
// ("" when the fault was survived).
func testScriptableFault(t *testing.T, ph faultmatrix.Phase, f faultmatrix.Case, times int) (onboard.End, string) {
	rig := newCLIRig(t, nil)
	title := "Faults " + ph.Name + " " + f.Name
	opts := cliRunOptions(title)
	if ph.Link {
		opts.Link = "viewer"
	}
	if ph.Template { // the template's type; a data room has no Commenter
		opts.Type, opts.Template = "", faultmatrix.TemplateTitle
		opts.Invites[2] = docspacetest.DemoUserEmail + "=editor"
	}
	faultmatrix.Inject(rig.portal, rig.route, ph, f, times)
	roomsBefore := len(rig.portal.Rooms())

	code := Run(context.Background(), rig.te.Env, opts)
	stdout, stderr := rig.te.out.String(), rig.te.err.String()
	assertSecretNowhere(t, rig.te, docspacetest.DemoKey)

	retried := f.SafeRetried
	if ph.Name == "create" || ph.Name == "from template" {
		retried = f.CreateRetried
	}
	said := ""
	created := len(rig.portal.Rooms()) - roomsBefore
	var room docspace.Room
	if created == 1 {
		room = rig.portal.Rooms()[len(rig.portal.Rooms())-1]
		// Whenever the room exists, the user gets its title and link.
		assertContains(t, "stdout", stdout, "Created room: "+title+" (", "Link: "+room.Link)
	}
	if times == 1 && retried {
		if code != onboard.EndDone {
			t.Fatalf("a single %s in %s was not survived: ended %v\nstdout:\n%s\nstderr:\n%s", f.Name, ph.Name, code, stdout, stderr)
		}
		assertContains(t, "stdout", stdout, "4 of 4 in the room")
		t.Logf("seen %s :: ended %v | survived: %s", t.Name(), code, firstLine(stdout, "4 of 4"))
	} else {
		want := map[string]onboard.End{"key check": onboard.EndFailed, "create": onboard.EndFailed, "share batch 1": onboard.EndPartial, "share batch 2": onboard.EndPartial, "members read": onboard.EndPartial, "link": onboard.EndPartial,
			"from template": onboard.EndFailed, "template status": onboard.EndPartial}[ph.Name]
		if f.Fault.Status == 401 && (ph.Name == "key check" || ph.Name == "create" || ph.Name == "from template") || f.Fault.Status == 403 && ph.Name == "key check" {
			want = onboard.EndKeyRefused
		}
		if code != want {
			t.Errorf("ended %v, want %v\nstdout:\n%s\nstderr:\n%s", code, want, stdout, stderr)
		}
		failure := firstLine(stderr, "✗")
		if !strings.Contains(strings.ToLower(failure), strings.ToLower(f.Says)) {
			t.Errorf("the ✗ line %q does not say %q\nstderr:\n%s", failure, f.Says, stderr)
		}
		hint := firstLine(stderr, "What to do: ")
		switch ph.Name {
		case "key check":
			assertContains(t, "stderr", stderr, "Nothing was written.")
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			hint = strings.TrimSpace(lines[len(lines)-1])
			if stdout != "" {
				t.Errorf("stdout after a failed key check: %q", stdout)
			}
		case "create":
			if f.Name == "timeout" { // the portal may still be making it
				assertContains(t, "stdout", stdout, "The portal did not confirm whether the room was created: look for it in DocSpace before running again.")
				assertContains(t, "stderr", stderr, "may have created the room anyway")
			} else {
				assertContains(t, "stdout", stdout, "The room could not be created.")
			}
			assertContains(t, "stdout", stdout, "0 of 4 in the room")
		case "from template":
			// A start whose answer was lost or an error page may have started the job.
			if f.Name == "timeout" || f.Name == "connection reset" || f.Fault.Status >= 500 {
				assertContains(t, "stdout", stdout, "The portal did not confirm whether the room was created: look for it in DocSpace before running again.")
				assertContains(t, "stderr", stderr, "the portal may be creating the room from the template anyway")
			} else {
				assertContains(t, "stdout", stdout, "The room could not be created.")
			}
			assertContains(t, "stdout", stdout, "0 of 4 in the room")
		case "template status":
			// The job made the room; whether it finished could not be read.
			assertContains(t, "stderr", stderr, fmt.Sprintf("room %q (id %d) exists but may be incomplete: check it in DocSpace", title, room.ID),
				fmt.Sprintf("run again with --room %d", room.ID))
		case "link":
			// The room and everyone are in: only the link is not (or may not be) on.
			assertContains(t, "stdout", stdout, "4 of 4 in the room")
			assertContains(t, "stderr", stderr, fmt.Sprintf("turn it on in the room's settings in DocSpace, or run again with --room %d and the same --link.", room.ID))
			if !strings.Contains(stderr, fmt.Sprintf("The invitation link of %q was not turned on", title)) &&
				!strings.Contains(stderr, fmt.Sprintf("The portal did not confirm whether the invitation link of %q was turned on", title)) {
				t.Errorf("stderr does not say the link is not on:\n%s", stderr)
			}
			for _, wrong := range []string{"could not be created", "could not be invited", "people who are not in yet"} {
				if strings.Contains(stdout+stderr, wrong) {
					t.Errorf("a failed link call is told as %q:\nstdout:\n%s\nstderr:\n%s", wrong, stdout, stderr)
				}
			}
		default:
			assertContains(t, "stderr", stderr, fmt.Sprintf("run again with --room %d", room.ID))
		}
		if hint == "" || !strings.HasSuffix(hint, ".") {
			t.Errorf("no next step after %q\nstderr:\n%s", failure, stderr)
		}
		t.Logf("seen %s :: ended %v | %s | %s", t.Name(), code, failure, hint)
		said = failure + "\n" + hint
		if ph.Link {
			said += "\n" + firstLine(stderr, "The ")
		}
	}

	// Run again as the output says; the portal ends with one room and everyone in it.
	rig.clear()
	mark := len(rig.portal.Requests())
	var notIn map[string]bool
	if created == 1 {
		notIn = map[string]bool{}
		for _, inv := range opts.Invites {
			notIn[strings.ToLower(strings.SplitN(inv, "=", 2)[0])] = true
		}
		for _, m := range rig.portal.Members(room.ID) {
			delete(notIn, strings.ToLower(m.User.Email))
		}
		if code != onboard.EndDone {
			opts = RunOptions{RoomID: room.ID, Invites: opts.Invites}
			if ph.Link { // as the output says: the same room and --link, nobody to invite
				opts = RunOptions{RoomID: room.ID, Link: "viewer"}
			}
		}
	}
	if code != onboard.EndDone {
		rig.reset()
		if code := Run(context.Background(), rig.te.Env, opts); code != onboard.EndDone {
			t.Fatalf("running again: ended %v\nstdout:\n%s\nstderr:\n%s", code, rig.te.out, rig.te.err)
		}
		if ph.Link {
			assertContains(t, "stdout", rig.te.out.String(), "Invitation link (Viewer): ")
		} else {
			assertContains(t, "stdout", rig.te.out.String(), "4 of 4 in the room")
		}
		if notIn != nil {
			for _, e := range faultmatrix.SharedEmails(t, rig.portal, mark) {
				if !notIn[e] {
					t.Errorf("running again re-sent %s, who was already in", e)
				}
			}
		}
		assertSecretNowhere(t, rig.te, docspacetest.DemoKey)
	}
	if n := len(rig.portal.Rooms()) - roomsBefore; n != 1 {
		t.Errorf("%d rooms in the end, want 1", n)
	}
	if n := faultmatrix.SuccessfulCreates(rig.portal); n != 1 {
		t.Errorf("the portal's log shows %d successful create calls, want 1", n)
	}
	return code, said
}

// Whole-portal failures met at the very first call, with the default HTTP client.
func TestScriptableUnreachablePortal(t *testing.T) {
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a request got past the refused certificate: %s", r.URL)
	}))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	defer tlsSrv.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	if err := l.Close(); err != nil { // the port must be free for the refusal to be real
		t.Fatal(err)
	}
	tests := []struct {
		name, portal string
		says         []string
	}{
		{"self-signed certificate", tlsSrv.URL, []string{"certificate is not trusted (self-signed or from an unknown authority), so the connection was refused", "Check the portal address"}},
		{"connection refused", closed, []string{"the connection was refused: nothing answers at this address", "Check the portal address"}},
		{"unknown host", "https://portal.invalid", []string{"host name could not be", "Check the portal address"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := newTestEnv(t)
			te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
			te.ClientOptions = []docspace.Option{docspace.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() })}
			code := Run(context.Background(), te.Env, RunOptions{Portal: tt.portal, Title: "X", Type: "custom", Invites: []string{"a@example.com"}})
			if code != onboard.EndFailed {
				t.Errorf("ended %v, want %v\n%s", code, onboard.EndFailed, te.err)
			}
			assertContains(t, "stderr", te.err.String(), append(tt.says, "Nothing was written.")...)
			assertSecretNowhere(t, te, docspacetest.DemoKey)
			t.Logf("%s", strings.ReplaceAll(strings.TrimSpace(te.err.String()), "\n", " | "))
		})
	}
}

// The create call's answer is lost after the portal made the room.
func TestScriptableCreateAnswerLost(t *testing.T) {
	lose := func(listingBroken bool) func(*docspacetest.Portal) http.Handler {
		return func(p *docspacetest.Portal) http.Handler {
			var once sync.Once
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hit := false
				if r.Method == http.MethodPost && r.URL.Path == "/api/2.0/files/rooms" {
					once.Do(func() { hit = true })
				}
				if !hit {
					p.ServeHTTP(w, r)
					return
				}
				p.ServeHTTP(httptest.NewRecorder(), r)
				if listingBroken {
					p.InjectFault(docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/files/rooms", Status: 503})
				}
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusBadGateway)
				fmt.Fprint(w, faultmatrix.ProxyHTML(502))
			})
		}
	}
	t.Run("room found", func(t *testing.T) {
		rig := newCLIRig(t, lose(false))
		if code := Run(context.Background(), rig.te.Env, cliRunOptions("Lost")); code != onboard.EndDone {
			t.Fatalf("ended %v\n%s\n%s", code, rig.te.out, rig.te.err)
		}
		room := rig.portal.Rooms()[len(rig.portal.Rooms())-1]
		assertContains(t, "stdout", rig.te.out.String(), "Created room: Lost", "Link: "+room.Link, "4 of 4 in the room")
		if n := rig.portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n != 1 {
			t.Errorf("%d create calls", n)
		}
	})
	t.Run("cannot tell", func(t *testing.T) {
		rig := newCLIRig(t, lose(true))
		code := Run(context.Background(), rig.te.Env, cliRunOptions("Lost"))
		if code != onboard.EndFailed {
			t.Errorf("ended %v", code)
		}
		assertContains(t, "stdout", rig.te.out.String(), "The portal did not confirm whether the room was created: look for it in DocSpace before running again.")
		assertContains(t, "stderr", rig.te.err.String(), `may have created the room anyway: look for "Lost" in DocSpace before running again`)
		if strings.Contains(rig.te.out.String(), "The room could not be created") {
			t.Errorf("claims no room was created while it may exist:\n%s", rig.te.out)
		}
		t.Logf("%s", strings.ReplaceAll(strings.TrimSpace(rig.te.out.String()+rig.te.err.String()), "\n", " | "))
	})
}

// Ctrl+C in every phase of a scripted run: exit 130, the state on stdout (the room
// and its link when it exists), the retry command when people are left.
func TestScriptableCtrlCInEveryPhase(t *testing.T) {
	tests := []struct {
		name     string
		at       func(*http.Request) bool
		wantCode onboard.End
		wantRoom bool
		wantErr  []string
	}{
		{name: "key check", at: func(r *http.Request) bool { return r.URL.Path == "/api/2.0/keys/@self" },
			wantCode: onboard.EndInterrupted, wantErr: []string{"Stopped before anything was written."}},
		{name: "create", at: func(r *http.Request) bool { return r.Method == http.MethodPost },
			wantCode: onboard.EndInterrupted, wantRoom: true, wantErr: []string{"Stopped: the summary says exactly what was done for each person.", "run again with --room"}},
		{name: "share", at: func(r *http.Request) bool { return r.Method == http.MethodPut },
			wantCode: onboard.EndInterrupted, wantRoom: true, wantErr: []string{"Stopped: the summary says exactly what was done for each person.", "run again with --room"}},
		// Everything was done by then: the truth is "complete".
		{name: "members read", at: func(r *http.Request) bool {
			return r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/share")
		},
			wantCode: onboard.EndDone, wantRoom: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var once sync.Once
			rig := newCLIRig(t, func(p *docspacetest.Portal) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if tt.at(r) {
						once.Do(cancel)
					}
					p.ServeHTTP(w, r)
				})
			})
			if tt.name == "key check" { // hold the answer so the stop lands while it is awaited
				rig.portal.InjectFault(docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/keys/@self", Delay: time.Minute})
			}
			opts := cliRunOptions("Ctrl+C")
			if tt.name == "share" { // more batches than may be in flight: some are never sent
				for i := range 2 * docspace.ParallelWrites {
					opts.Invites = append(opts.Invites, fmt.Sprintf("p%02d@example.com=viewer", i))
				}
			}
			code := Run(ctx, rig.te.Env, opts)
			if code != tt.wantCode {
				t.Errorf("ended %v, want %v\n%s\n%s", code, tt.wantCode, rig.te.out, rig.te.err)
			}
			assertContains(t, "stderr", rig.te.err.String(), tt.wantErr...)
			if tt.wantRoom {
				room := rig.portal.Rooms()[len(rig.portal.Rooms())-1]
				assertContains(t, "stdout", rig.te.out.String(), "Created room: Ctrl+C (Custom)", "Link: "+room.Link)
			} else if n := rig.portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n != 0 {
				t.Errorf("%d creates after a stop in the key check", n)
			}
			assertSecretNowhere(t, rig.te, docspacetest.DemoKey)
			t.Logf("ended %v | %s", code, strings.ReplaceAll(strings.TrimSpace(rig.te.err.String()), "\n", " | "))
		})
	}
}

// Hostile input on the command line: each is refused with a sentence naming the
// problem, before any call to the portal, without echoing megabytes back.
func TestScriptableHostileInput(t *testing.T) {
	big := strings.Repeat("x", 10<<20)
	pasteValid := strings.Repeat("someone@example.com, ", (10<<20)/21)
	pasteJunk := strings.Repeat("not an address\n", (10<<20)/15)
	dir := t.TempDir()
	bigCSV := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(bigCSV, []byte("email,access\n"+strings.Repeat("a@example.com,viewer\n", (10<<20)/21)), 0o600); err != nil {
		t.Fatal(err)
	}
	junkLinesCSV := filepath.Join(dir, "junklines.csv")
	if err := os.WriteFile(junkLinesCSV, []byte("email\n"+pasteJunk), 0o600); err != nil {
		t.Fatal(err)
	}
	junkCSV := filepath.Join(dir, "junk.csv")
	if err := os.WriteFile(junkCSV, []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	binCSV := filepath.Join(dir, "bin.csv")
	bin := make([]byte, 1<<20)
	for i := range bin {
		bin[i] = byte(i * 7)
	}
	if err := os.WriteFile(binCSV, bin, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts RunOptions
		says string
	}{
		{"title with a bell", RunOptions{Title: "Sales\a", Type: "custom"}, "control character (U+0007)"},
		{"title with a NUL", RunOptions{Title: "Sa\x00les", Type: "custom"}, "control character (U+0000)"},
		{"title with an escape sequence", RunOptions{Title: "Sales\x1b[2J", Type: "custom"}, "control character (U+001B)"},
		{"title with a newline", RunOptions{Title: "Sales\nBoard", Type: "custom"}, "control character (U+000A)"},
		{"title with right-to-left override", RunOptions{Title: "Sales\u202egpj.exe", Type: "custom"}, "invisible character (U+202E)"},
		{"title with a zero-width space", RunOptions{Title: "Sa\u200bles", Type: "custom"}, "invisible character (U+200B)"},
		{"title with a BOM", RunOptions{Title: "\ufeffSales", Type: "custom"}, "invisible character (U+FEFF)"},
		{"title of invalid UTF-8", RunOptions{Title: "Sal\xffes", Type: "custom"}, "not valid text"},
		{"title of 171 characters", RunOptions{Title: strings.Repeat("a", 171), Type: "custom"}, "171 characters long; DocSpace allows at most 170"},
		{"title of 100 emoji (200 UTF-16 units)", RunOptions{Title: strings.Repeat("😀", 100), Type: "custom"}, "The title is 100 characters long, too long for DocSpace"},
		{"title of 10 MB", RunOptions{Title: big, Type: "custom"}, "DocSpace allows at most 170"},
		{"title only spaces", RunOptions{Title: " \t ", Type: "custom"}, "Give the room a title"},
		{"e-mail with a zero-width space", RunOptions{Title: "T", Type: "custom", Invites: []string{"ann\u200b@example.com"}}, "ann"},
		{"e-mail with right-to-left override", RunOptions{Title: "T", Type: "custom", Invites: []string{"\u202eann@example.com"}}, "ann"},
		{"e-mail with a control character", RunOptions{Title: "T", Type: "custom", Invites: []string{"ann\x07@example.com"}}, "ann"},
		{"e-mail with an escape sequence", RunOptions{Title: "T", Type: "custom", Invites: []string{"\x1b[31mann@example.com"}}, "ann"},
		{"10 MB paste of addresses", RunOptions{Title: "T", Type: "custom", Invites: []string{pasteValid}}, "100000"},
		{"10 MB paste of junk", RunOptions{Title: "T", Type: "custom", Invites: []string{pasteJunk}}, "not an address"},
		{"100 000 bad addresses", RunOptions{Title: "T", Type: "custom", Invites: strings.Split(strings.Repeat("bad,", 100000), ",")}, "more."},
		{"10 MB CSV of addresses", RunOptions{Title: "T", Type: "custom", InviteFile: bigCSV}, "100000"},
		{"10 MB CSV of junk lines", RunOptions{Title: "T", Type: "custom", InviteFile: junkLinesCSV}, "more."},
		{"10 MB CSV without a line break", RunOptions{Title: "T", Type: "custom", InviteFile: junkCSV}, junkCSV},
		{"1 MB binary CSV", RunOptions{Title: "T", Type: "custom", InviteFile: binCSV}, binCSV},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			portal, url := testPortal(t)
			te := newTestEnv(t)
			te.vars["DOCSPACE_BASE_URL"] = url
			te.vars["DOCSPACE_API_KEY"] = docspacetest.DemoKey
			if tt.opts.Invites == nil && tt.opts.InviteFile == "" {
				tt.opts.Invites = []string{"a@example.com"}
			}
			code := Run(context.Background(), te.Env, tt.opts)
			stderr := te.err.String()
			if code != onboard.EndInvalid {
				t.Errorf("ended %v, want %v\n%.2000s", code, onboard.EndInvalid, stderr)
			}
			assertContains(t, "stderr", stderr, "Nothing was done", tt.says)
			if n := len(portal.Requests()); n != 0 {
				t.Errorf("%d requests to the portal for input refused up front", n)
			}
			if len(stderr) > 64<<10 {
				t.Errorf("%d bytes of errors: a megabyte paste must not be echoed back", len(stderr))
			}
			if strings.ContainsAny(stderr, "\x00\x07\x1b\u202e") {
				t.Errorf("the message passes control or bidi characters to the terminal: %.300q", firstLine(stderr, "-"))
			}
			t.Logf("%.300s", strconv.Quote(firstLine(stderr, "-")))
		})
	}
}

// lockedBuffer is a bytes.Buffer written by the run's goroutines and read by the test's.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// A create that never answers: the first Ctrl+C says at once, while the create still
// hangs, that the room may still be created (naming it); the second ends the run with
// exit 130 and the same warning, without waiting for the create. The room is created
// at most once.
//
// The same over several rooms (the new room beside an existing one): each room stops
// after its request under way, and the warning names the room whose create hangs.
func TestScriptableCtrlCTwiceDuringAHangingCreate(t *testing.T) {
	for _, tc := range []struct {
		name     string
		rooms    []int
		stopping string
	}{
		{"one room", nil, "Stopping after the current request; press Ctrl+C again to quit at once."},
		{"beside a room", []int{101}, "Stopping: each room ends after its request under way; press Ctrl+C again to quit at once."},
	} {
		for _, asJSON := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/json=%v", tc.name, asJSON), func(t *testing.T) {
				release, arrived := make(chan struct{}), make(chan struct{})
				var once sync.Once
				rig := newCLIRig(t, func(p *docspacetest.Portal) http.Handler {
					return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						if r.Method == http.MethodPost && r.URL.Path == "/api/2.0/files/rooms" {
							once.Do(func() { close(arrived) })
							<-release // the create hangs until the test is over
						}
						p.ServeHTTP(w, r)
					})
				})
				t.Cleanup(func() { close(release) }) // before the server closes: it waits for the create
				rig.te.ClientOptions = append(rig.te.ClientOptions, docspace.WithRequestTimeout(time.Minute))
				stderr, stdout := &lockedBuffer{}, &lockedBuffer{}
				rig.te.Streams.Err, rig.te.Streams.Out = stderr, stdout
				const warning = `The room "Hang" may still be created by the request in flight; check DocSpace before running again.`

				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				quit := make(chan struct{})
				opts := cliRunOptions("Hang")
				opts.JSON, opts.QuitNow, opts.RoomIDs = asJSON, quit, tc.rooms
				warnedAtOnce := make(chan bool, 1)
				go func() {
					<-arrived
					cancel() // the first Ctrl+C
					deadline := time.Now().Add(10 * time.Second)
					for !strings.Contains(stderr.String(), warning) && time.Now().Before(deadline) {
						time.Sleep(10 * time.Millisecond)
					}
					warnedAtOnce <- strings.Contains(stderr.String(), warning)
					close(quit) // the second
				}()
				code := Run(ctx, rig.te.Env, opts)
				if !<-warnedAtOnce {
					t.Errorf("the first Ctrl+C did not say the room may still be created while the create hung:\n%s", stderr)
				}
				if code != onboard.EndInterrupted {
					t.Errorf("ended %v, want 130\n%s", code, stderr)
				}
				assertContains(t, "stderr", stderr.String(),
					tc.stopping+"\n"+warning,
					"Quit without waiting for the run to end.\n"+warning)
				if asJSON {
					var got struct{ Status, Error string }
					if err := json.Unmarshal([]byte(stdout.String()), &got); err != nil || got.Status != "interrupted" || !strings.Contains(got.Error, warning) {
						t.Errorf("stdout is not the JSON answer of an interrupted run with the warning (%v):\n%s", err, stdout)
					}
				}
				if n := rig.portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n > 1 {
					t.Errorf("%d create calls", n)
				}
			})
		}
	}
}
