package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/cli"
	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/settings"
	"github.com/docspace-wizard/docspace-wizard/tui"
)

// End-to-end: the built binary in a real terminal (tmux), keys sent one at a time, the
// screen read back with capture-pane, against a docspacetest portal in this process.
// Without tmux these tests skip, unless DOCSPACE_WIZARD_E2E=1 (CI), where they fail.

// e2eScreenWait bounds the wait for one screen.
const e2eScreenWait = 10 * time.Second

// e2eTmux returns the tmux binary, or skips (fails in CI) when there is none.
func e2eTmux(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("tmux")
	if err != nil {
		if os.Getenv("DOCSPACE_WIZARD_E2E") == "1" {
			t.Fatal("tmux is not installed, and DOCSPACE_WIZARD_E2E=1 requires the end-to-end tests: install tmux")
		}
		t.Skip("skipping the end-to-end tests: tmux is not installed (set DOCSPACE_WIZARD_E2E=1 to make this a failure)")
	}
	return path
}

// e2eBinary builds the program, with the build tags if any, into a temporary dir.
func e2eBinary(t *testing.T, tags string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "docspace-wizard")
	args := []string{"build", "-o", bin}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	if out, err := exec.Command("go", append(args, ".")...).CombinedOutput(); err != nil {
		t.Fatalf("go %s .: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin
}

// e2eTerm is the binary running in its own tmux server.
type e2eTerm struct {
	t      *testing.T
	tmux   string
	socket string
	dir    string // holds the exit status file and stderr
}

// e2eStart runs "bin args..." in a new tmux server of its own, in a terminal of w×h,
// with env (plus PATH) and nothing else from this process's environment. cmdPrefix
// goes before the binary in the shell command (e.g. "TERM=dumb"; tmux sets TERM).
func e2eStart(t *testing.T, w, h int, env []string, cmdPrefix, bin string, args ...string) *e2eTerm {
	t.Helper()
	tm := &e2eTerm{t: t, tmux: e2eTmux(t), socket: fmt.Sprintf("dw-e2e-%d-%d", os.Getpid(), time.Now().UnixNano()), dir: t.TempDir()}
	t.Cleanup(func() {
		_ = exec.Command(tm.tmux, "-L", tm.socket, "kill-server").Run()
		// tmux leaves the socket file behind: -L puts it in $TMUX_TMPDIR/tmux-UID.
		base := os.Getenv("TMUX_TMPDIR")
		if base == "" {
			base = "/tmp"
		}
		_ = os.Remove(filepath.Join(base, fmt.Sprintf("tmux-%d", os.Getuid()), tm.socket))
	})
	quoted := []string{e2eQuote(bin)}
	for _, a := range args {
		quoted = append(quoted, e2eQuote(a))
	}
	// The terminal's settings after the program are written before its exit status,
	// which the test waits for: read the other way round they could still be empty.
	script := fmt.Sprintf("stty -a > %s; %s %s 2> %s; code=$?; stty -a > %s; echo $code > %s",
		e2eQuote(tm.path("stty-before")), cmdPrefix, strings.Join(quoted, " "), e2eQuote(tm.path("stderr")),
		e2eQuote(tm.path("stty-after")), e2eQuote(tm.path("exit")))
	cmd := exec.Command(tm.tmux, "-L", tm.socket, "-f", "/dev/null", "new-session", "-d",
		"-x", strconv.Itoa(w), "-y", strconv.Itoa(h), "sh", "-c", script)
	// The server, and so the session, gets exactly this environment: the key travels
	// in it, never on a command line.
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("starting tmux: %v\n%s", err, out)
	}
	return tm
}

func (tm *e2eTerm) path(name string) string { return filepath.Join(tm.dir, name) }

// e2eQuote quotes s for sh.
func e2eQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func (tm *e2eTerm) tmuxRun(args ...string) (string, error) {
	out, err := exec.Command(tm.tmux, append([]string{"-L", tm.socket}, args...)...).CombinedOutput()
	return string(out), err
}

// key sends one key (tmux key name: Enter, Tab, C-c, q, F12).
func (tm *e2eTerm) key(k string) {
	tm.t.Helper()
	if out, err := tm.tmuxRun("send-keys", "-t", "0", k); err != nil {
		tm.t.Fatalf("send-keys %s: %v %s", k, err, out)
	}
}

// text types s literally, as one send-keys call.
func (tm *e2eTerm) text(s string) {
	tm.t.Helper()
	if out, err := tm.tmuxRun("send-keys", "-t", "0", "-l", s); err != nil {
		tm.t.Fatalf("send-keys -l %q: %v %s", s, err, out)
	}
}

// paste pastes s as a terminal paste (bracketed, when the program asked for it).
func (tm *e2eTerm) paste(s string) {
	tm.t.Helper()
	if out, err := tm.tmuxRun("set-buffer", "-b", "e2e", s); err != nil {
		tm.t.Fatalf("set-buffer: %v %s", err, out)
	}
	if out, err := tm.tmuxRun("paste-buffer", "-p", "-b", "e2e", "-t", "0"); err != nil {
		tm.t.Fatalf("paste-buffer: %v %s", err, out)
	}
}

func (tm *e2eTerm) resize(w, h int) {
	tm.t.Helper()
	if out, err := tm.tmuxRun("resize-window", "-t", "0", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h)); err != nil {
		tm.t.Fatalf("resize-window: %v %s", err, out)
	}
}

// screen is the terminal's text now.
func (tm *e2eTerm) screen() string {
	out, _ := tm.tmuxRun("capture-pane", "-p", "-t", "0")
	return out
}

// waitFor polls the screen until it shows every one of texts, and returns it.
func (tm *e2eTerm) waitFor(texts ...string) string {
	tm.t.Helper()
	deadline := time.Now().Add(e2eScreenWait)
	for {
		s := tm.screen()
		missing := ""
		for _, want := range texts {
			if !strings.Contains(s, want) {
				missing = want
				break
			}
		}
		if missing == "" {
			return s
		}
		if time.Now().After(deadline) {
			stderr, _ := os.ReadFile(tm.path("stderr"))
			tm.t.Fatalf("waiting for %q: gave up; the screen:\n%s\nstderr:\n%s", missing, s, stderr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// exitCode waits for the program to end and returns its exit status.
func (tm *e2eTerm) exitCode() int {
	tm.t.Helper()
	deadline := time.Now().Add(e2eScreenWait)
	for {
		data, err := os.ReadFile(tm.path("exit"))
		if err == nil && strings.HasSuffix(string(data), "\n") {
			code, err := strconv.Atoi(strings.TrimSpace(string(data)))
			if err != nil {
				tm.t.Fatalf("exit status file %q: %v", data, err)
			}
			return code
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("the program did not end; the screen:\n%s", tm.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// e2ePortal starts a demo portal for one test and returns it with the environment
// that points the binary at it: a sandboxed home and config dir, the key in the env.
func e2ePortal(t *testing.T) (*docspacetest.Portal, []string, string) {
	t.Helper()
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData())
	t.Cleanup(srv.Close)
	home := t.TempDir()
	env := []string{
		"DOCSPACE_BASE_URL=" + srv.URL,
		"DOCSPACE_API_KEY=" + docspacetest.DemoKey,
		"XDG_CONFIG_HOME=" + home,
		"HOME=" + home,
		"LANG=C.UTF-8",
		// No session bus: the keyring cannot be reached, so nothing real is touched.
		"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(home, "no-bus"),
	}
	return portal, env, home
}

// A whole room creation, as a person does it: new room, title, type, three pasted
// addresses, access, notify, review, confirm, summary, q.
func TestE2ECreateRoom(t *testing.T) {
	bin := e2eBinary(t, "")
	portal, env, home := e2ePortal(t)
	tm := e2eStart(t, 100, 30, env, "", bin)

	tm.waitFor("What would you like to do?", "Create a new room")
	tm.key("Enter")
	tm.waitFor("Title of the new room")
	tm.text("Sales onboarding")
	tm.waitFor("Sales onboarding")
	tm.key("Enter")
	tm.waitFor("Room type", "Collaboration")
	tm.key("Enter")
	tm.waitFor("Room settings", "continue with none")
	tm.key("Enter")
	tm.waitFor("People to invite")
	tm.paste("ann@example.com\nbob@example.com\ncarol@example.com")
	tm.waitFor("3 people", "carol@example.com")
	tm.key("Tab")
	tm.waitFor("Default for everyone")
	tm.key("Enter")
	tm.waitFor("Notify people")
	tm.key("Enter")
	tm.waitFor("Review", "Nothing is written until you press enter")
	tm.key("Enter")
	summary := tm.waitFor(`Room "Sales onboarding" is created and everyone is in.`)
	tm.key("q")
	code := tm.exitCode()

	for _, want := range []string{
		"DocSpace wizard  Summary",
		"/rooms/shared/",
		"✓ ann@example.com", "✓ bob@example.com", "✓ carol@example.com",
		"new guest invited",
		"3 of 3 in the room · 3 invited",
	} {
		if !strings.Contains(summary, want) {
			t.Errorf("the summary lacks %q:\n%s", want, summary)
		}
	}
	if code != 0 {
		stderr, _ := os.ReadFile(tm.path("stderr"))
		t.Errorf("exit status %d, want 0; stderr:\n%s", code, stderr)
	}
	creates := portal.Count(http.MethodPost, "/api/2.0/files/rooms")
	shares, reads := 0, 0
	for _, r := range portal.Requests() {
		if strings.HasSuffix(r.Path, "/share") {
			switch r.Method {
			case http.MethodPut:
				shares++
			case http.MethodGet:
				reads++
			}
		}
	}
	if creates != 1 || shares != 1 || reads != 1 {
		t.Errorf("the portal saw %d creates, %d share calls and %d member reads; want 1 each", creates, shares, reads)
	}
	var room *docspace.Room
	for _, r := range portal.Rooms() {
		if r.Title == "Sales onboarding" {
			r := r
			room = &r
		}
	}
	if room == nil || len(portal.Members(room.ID)) < 3 {
		t.Fatalf("the portal's room %+v lacks the people", room)
	}

	// The portal and the choices are remembered for next time (item: settings).
	s, err := settings.Load(filepath.Join(home, "docspace-wizard"))
	if err != nil {
		t.Fatal(err)
	}
	wantPortal, _ := docspace.NormalizePortal(portal.URL())
	if s.DefaultPortal != wantPortal || s.Last.RoomType != int(docspace.RoomCollaboration) ||
		s.Last.Access != int(docspace.AccessEditing) || s.Last.Notify == nil || !*s.Last.Notify {
		data, _ := json.Marshal(s)
		t.Errorf("settings after the run: %s; want the portal %s, Collaboration, Editor, notify on", data, wantPortal)
	}
}

// Too small a terminal shows a request to make it larger; growing it brings the
// wizard back. Ctrl+C still quits with 130.
func TestE2ETooSmallThenResized(t *testing.T) {
	bin := e2eBinary(t, "")
	_, env, _ := e2ePortal(t)
	tm := e2eStart(t, 40, 10, env, "", bin)
	tm.waitFor("Make the window larger (at least 60×20)", "It is 40×10 now.")
	tm.resize(100, 30)
	tm.waitFor("What would you like to do?", "Create a new room")
	tm.resize(50, 12)
	tm.waitFor("Make the window larger", "It is 50×12 now.")
	tm.key("C-c")
	if code := tm.exitCode(); code != 130 {
		t.Errorf("exit status %d, want 130", code)
	}
}

// TERM=dumb gets the plain prompts (for screen readers), which work end to end.
func TestE2EDumbTerminal(t *testing.T) {
	bin := e2eBinary(t, "")
	portal, env, _ := e2ePortal(t)
	tm := e2eStart(t, 100, 30, env, "TERM=dumb", bin)
	tm.waitFor("What would you like to do?")
	answer := func(text, next string) {
		t.Helper()
		if text != "" {
			tm.text(text)
		}
		tm.key("Enter")
		if next != "" {
			tm.waitFor(next)
		}
	}
	answer("1", "Title of the new room:")
	answer("Plain room", "Room type")
	answer("", "Room settings?")
	answer("", "People to invite")
	answer("ann@example.com, bob@example.com", "")
	answer("", "Access for everyone")
	answer("", "Give anyone a different access level?")
	answer("n", "Notify existing portal users?")
	answer("", "Language of the invitation e-mails")
	answer("", "Message")
	answer("", "Go ahead?")
	answer("y", "Start another room?")
	screen := tm.waitFor(`Room "Plain room" is created and everyone is in.`)
	answer("n", "")
	if code := tm.exitCode(); code != 0 {
		t.Errorf("exit status %d, want 0", code)
	}
	if strings.Contains(screen, "\x1b") || strings.Contains(screen, "Create a new room  then") {
		t.Errorf("not the plain prompts:\n%s", screen)
	}
	if n := portal.Count(http.MethodPost, "/api/2.0/files/rooms"); n != 1 {
		t.Errorf("%d rooms created, want 1", n)
	}
}

// A locale without UTF-8 (LANG=C) gets the same screens in ASCII, one cell per symbol.
func TestE2ENonUTF8Locale(t *testing.T) {
	bin := e2eBinary(t, "")
	_, env, _ := e2ePortal(t)
	for i, kv := range env {
		if strings.HasPrefix(kv, "LANG=") {
			env[i] = "LANG=C"
		}
	}
	tm := e2eStart(t, 120, 30, env, "", bin) // wide enough for the full step path
	screen := tm.waitFor("What would you like to do?", "> Create a new room", "Room > Title > Type")
	for _, r := range screen {
		if r > 0x7f {
			t.Errorf("a non-ASCII character %q on the screen:\n%s", r, screen)
			break
		}
	}
	tm.key("C-c")
	if code := tm.exitCode(); code != 130 {
		t.Errorf("exit status %d, want 130", code)
	}
}

// A panic inside Update is Bubble Tea's to catch: the terminal comes back out of raw
// mode exactly as it was, the panic is on stderr, and the exit status is 1. The binary
// is built with the test-only hook that panics on F12.
func TestE2EPanicRestoresTheTerminal(t *testing.T) {
	bin := e2eBinary(t, "wizard_panic_hook")
	_, env, _ := e2ePortal(t)
	tm := e2eStart(t, 100, 30, env, "", bin)
	tm.waitFor("What would you like to do?")
	tm.key("F12")
	if code := tm.exitCode(); code != 1 {
		t.Errorf("exit status %d, want 1", code)
	}
	before, err1 := os.ReadFile(tm.path("stty-before"))
	after, err2 := os.ReadFile(tm.path("stty-after"))
	if err1 != nil || err2 != nil {
		t.Fatalf("reading the terminal settings: %v, %v", err1, err2)
	}
	if string(before) != string(after) {
		t.Errorf("the terminal was left changed:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	for _, mode := range []string{" icanon", " echo ", " isig"} {
		if !strings.Contains(" "+strings.ReplaceAll(string(after), "\n", " ")+" ", mode) {
			t.Errorf("the terminal is not back in %q mode:\n%s", strings.TrimSpace(mode), after)
		}
	}
	stderr, _ := os.ReadFile(tm.path("stderr"))
	if !strings.Contains(string(stderr), "Caught panic") || !strings.Contains(string(stderr), "test panic hook") {
		t.Errorf("stderr does not show the panic:\n%s", stderr)
	}
}

// The remembering hook: the portal and the choices go to the settings file, only
// what was chosen replaces what was there, and never for the demo portal.
func TestRemembererSavesSettings(t *testing.T) {
	dir := t.TempDir()
	on := true
	seed := settings.Settings{Last: settings.LastChoices{RoomType: int(docspace.RoomCustom), Access: int(docspace.AccessRead), Notify: &on}}
	if err := seed.Save(dir); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	env := cli.Env{ConfigDir: dir, Streams: cli.Streams{Err: &stderr}}
	if f := rememberer(env, true); f != nil {
		t.Error("the demo remembers choices")
	}
	off := false
	rememberer(env, false)("https://portal.example.com", tui.LastChoices{RoomType: docspace.RoomPublic, Notify: &off})
	s, err := settings.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.DefaultPortal != "https://portal.example.com" || s.Last.RoomType != int(docspace.RoomPublic) ||
		s.Last.Access != int(docspace.AccessRead) || s.Last.Notify == nil || *s.Last.Notify {
		t.Errorf("settings %+v", s)
	}
	if stderr.Len() > 0 {
		t.Errorf("stderr: %s", stderr.String())
	}

	// A settings file that cannot be written costs one line on stderr, nothing else.
	blocked := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	rememberer(cli.Env{ConfigDir: filepath.Join(blocked, "sub"), Streams: cli.Streams{Err: &stderr}}, false)("https://portal.example.com", tui.LastChoices{})
	if got := stderr.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "not remembered") {
		t.Errorf("stderr after a failed save: %q", got)
	}
}
