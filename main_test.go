package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// The built binary, run the way a script runs it (--yes, the key in DOCSPACE_API_KEY),
// against a docspacetest portal in this process: success, failures, a self-signed
// certificate, Ctrl+C, a key typed as a flag, login with no keyring, the demo log.
// Then stdout, stderr, the settings dir, the home dir and the temp dir are searched
// for the key.

// buildBinary compiles the program into dir.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "docspace-wizard")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// sandbox is a fresh home, config and temp dir for the binary, and its environment.
type sandbox struct {
	root string
	env  []string
}

func newSandbox(t *testing.T, key string) sandbox {
	t.Helper()
	root := t.TempDir()
	for _, d := range []string{"home", "config", "tmp"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	env := []string{
		"HOME=" + filepath.Join(root, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(root, "config"),
		"TMPDIR=" + filepath.Join(root, "tmp"),
		// No session bus: the keyring cannot be reached, so nothing real is touched.
		"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(root, "no-bus"),
		"PATH=" + os.Getenv("PATH"),
	}
	if key != "" {
		env = append(env, "DOCSPACE_API_KEY="+key)
	}
	return sandbox{root: root, env: env}
}

// result is one run of the binary.
type result struct {
	code           int
	stdout, stderr string
}

func (sb sandbox) run(t *testing.T, bin, stdin string, args ...string) result {
	t.Helper()
	return sb.runWith(t, bin, stdin, nil, args...)
}

// runWith runs the binary; started (if not nil) gets the process once it runs.
func (sb sandbox) runWith(t *testing.T, bin, stdin string, started func(*os.Process), args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = sb.env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if started != nil {
		started(cmd.Process)
	}
	err := cmd.Wait()
	var ee *exec.ExitError
	code := 0
	switch {
	case errors.As(err, &ee):
		code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running %v: %v", args, err)
	}
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

func randomKey(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "sk-" + hex.EncodeToString(b)
}

func shows(text, key string) bool {
	low := strings.ToLower(text)
	return strings.Contains(low, strings.ToLower(key)) || strings.Contains(low, strings.ToLower(strings.TrimPrefix(key, "sk-")))
}

func TestBinaryNeverShowsTheKey(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t, t.TempDir())
	key := randomKey(t)

	var mu sync.Mutex
	var onCreate func()
	portal := docspacetest.New(docspacetest.WithDemoData(), docspacetest.WithKey(docspacetest.NewKey(key)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hook := onCreate
		mu.Unlock()
		if hook != nil && r.Method == http.MethodPost && r.URL.Path == "/api/2.0/files/rooms" {
			hook()
		}
		portal.ServeHTTP(w, r)
	}))
	defer srv.Close()
	portal.SetURL(srv.URL)
	tlsSrv := httptest.NewUnstartedServer(portal)
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0)
	tlsSrv.StartTLS()
	defer tlsSrv.Close()

	sb := newSandbox(t, key)
	args := func(title string, more ...string) []string {
		return append([]string{"--yes", "--portal", srv.URL, "--title", title, "--type", "custom",
			"--invite", "ann@example.com=viewer", "--invite", docspacetest.DemoUserEmail + "=editor"}, more...)
	}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		fault  *docspacetest.Fault
		sigint bool
		want   int
		says   []string
		linux  bool
	}{
		{name: "success", args: args("Fine"), want: 0, says: []string{"Created room: Fine", "/rooms/shared/", "2 of 2 in the room"}},
		{name: "success as JSON", args: args("Fine JSON", "--json"), want: 0, says: []string{`"status": "complete"`}},
		{name: "key rejected", args: args("Bad key"), want: 4, says: []string{"rejected the API key", "docspace-wizard login"},
			fault: &docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/keys/@self", Status: 401}},
		{name: "server error page with the key", args: args("Oops"), want: 1, says: []string{"not available right now"},
			fault: &docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/keys/@self", Status: 500, Body: "<html>Authorization: Bearer " + key + "</html>"}},
		{name: "share refused", args: args("Half"), want: 3, says: []string{"Created room: Half", "Link: ", "run again with --room"},
			fault: &docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Status: 403}},
		{name: "connection reset on create", args: args("Reset"), want: 1, says: []string{"closed before the answer was complete"},
			fault: &docspacetest.Fault{Method: http.MethodPost, PathPrefix: "/api/2.0/files/rooms", Drop: true}},
		{name: "self-signed certificate", args: []string{"--yes", "--portal", tlsSrv.URL, "--title", "TLS", "--type", "custom", "--invite", "a@example.com"},
			want: 1, says: []string{"certificate is not trusted (self-signed or from an unknown authority)", "Nothing was written."}},
		{name: "Ctrl+C during create", args: args("Stop"), sigint: true, want: 130, says: []string{"Created room: Stop", "Link: ", "Stopped: the summary says exactly what was done for each person."}, linux: true},
		{name: "key typed as a flag", args: append(args("Flag"), "--api-key="+key), want: 2, says: []string{"unknown flag --api-key: the API key comes from DOCSPACE_API_KEY"}},
		{name: "key typed as an invitee", args: args("Paste", "--invite", key), want: 2, says: []string{"[API key]"}},
		{name: "key in the portal address", args: []string{"--yes", "--portal", srv.URL + "/" + key, "--title", "X", "--type", "custom", "--invite", "a@example.com"},
			want: 2, says: []string{"looks like an API key"}},
		{name: "login with no keyring", args: []string{"login", "--portal", srv.URL, "--with-key"}, stdin: key + "\n", want: 1,
			says: []string{"it was not stored", "DOCSPACE_API_KEY=<your key>"}, linux: true},
		{name: "status", args: []string{"status"}, want: -1},
		{name: "help", args: []string{"--help"}, want: 0, says: []string{"it is never a flag"}},
	}
	// Every exit code the demo run can give, with its request log, which must not hold the key either.
	demoLog := filepath.Join(sb.root, "tmp", "demo.log")
	tests = append(tests, struct {
		name   string
		args   []string
		stdin  string
		fault  *docspacetest.Fault
		sigint bool
		want   int
		says   []string
		linux  bool
	}{name: "demo with request log", args: []string{"--demo", "--demo-log", demoLog, "--yes", "--title", "Demo", "--type", "custom", "--invite", "a@example.com"}, want: 0, says: []string{"Created room: Demo"}})

	var allOut, allErr strings.Builder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.linux && runtime.GOOS != "linux" {
				t.Skip("needs Linux (a Secret Service that can be switched off, SIGINT)")
			}
			portal.ClearFaults()
			if tt.fault != nil {
				portal.InjectFault(*tt.fault)
			}
			var (
				procMu sync.Mutex
				proc   *os.Process
				once   sync.Once
			)
			if tt.sigint { // Ctrl+C lands while the create call is being answered
				mu.Lock()
				onCreate = func() {
					once.Do(func() {
						procMu.Lock()
						defer procMu.Unlock()
						_ = proc.Signal(os.Interrupt)
					})
					// Answer only after the process has surely taken the signal in, so
					// the test does not race the signal against the answer.
					time.Sleep(500 * time.Millisecond)
				}
				mu.Unlock()
				defer func() { mu.Lock(); onCreate = nil; mu.Unlock() }()
			}
			res := sb.runWith(t, bin, tt.stdin, func(p *os.Process) { procMu.Lock(); proc = p; procMu.Unlock() }, tt.args...)
			allOut.WriteString(res.stdout)
			allErr.WriteString(res.stderr)
			if tt.want >= 0 && res.code != tt.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", res.code, tt.want, res.stdout, res.stderr)
			}
			for _, s := range tt.says {
				if !strings.Contains(res.stdout+res.stderr, s) {
					t.Errorf("output lacks %q\nstdout:\n%s\nstderr:\n%s", s, res.stdout, res.stderr)
				}
			}
			if shows(res.stdout, key) || shows(res.stderr, key) {
				t.Errorf("the key shows in the output\nstdout:\n%s\nstderr:\n%s", res.stdout, res.stderr)
			}
		})
	}

	files, hits := 0, 0
	_ = filepath.WalkDir(sb.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		files++
		if data, _ := os.ReadFile(path); shows(string(data), key) || shows(string(data), docspacetest.DemoKey) {
			hits++
			t.Errorf("%s contains an API key", path)
		}
		return nil
	})
	if _, err := os.Stat(demoLog); err != nil {
		t.Errorf("the demo log was not written: %v", err)
	}
	for _, r := range portal.Requests() {
		if shows(string(r.Body), key) || shows(r.Path+"?"+r.Query, key) {
			hits++
			t.Errorf("the key was sent in %s %s", r.Method, r.Path)
		}
	}
	t.Logf("binary secrets scan: %d runs, %d bytes of stdout, %d bytes of stderr, %d files under home/config/temp, %d requests: %d hits",
		len(tests), allOut.Len(), allErr.Len(), files, len(portal.Requests()), hits)
}

// SIGTERM (kill, systemd, a CI runner's timeout) stops a --yes run as Ctrl+C does: the
// request under way finishes, nothing new is sent, the summary tells what was done,
// and the exit code is 143.
func TestBinarySIGTERMStopsARunCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("no SIGTERM on Windows")
	}
	bin := buildBinary(t, t.TempDir())
	sb := newSandbox(t, "")
	csv := filepath.Join(sb.root, "tmp", "people.csv")
	var b strings.Builder
	b.WriteString("email,access\n")
	for i := range 3000 { // 30 batches of 100 at the demo portal's 150 ms each
		fmt.Fprintf(&b, "p%d@example.com,editor\n", i)
	}
	if err := os.WriteFile(csv, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--demo", "--yes", "--title", "Term", "--type", "collaboration", "--invite-file", csv)
	cmd.Env = sb.env
	var out bytes.Buffer
	cmd.Stdout = &out
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The signal lands once the first batch is in: the room exists, most people are not in yet.
	var errb strings.Builder
	sc := bufio.NewScanner(stderr)
	signalled := false
	for sc.Scan() {
		errb.WriteString(sc.Text() + "\n")
		if !signalled && strings.HasPrefix(sc.Text(), "✓ Batch ") {
			signalled = true
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
		}
	}
	err = cmd.Wait()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	if !signalled {
		t.Fatalf("no batch was reported, so no signal was sent\nstderr:\n%s", errb.String())
	}
	if code != 143 {
		t.Errorf("exit %d, want 143\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
	}
	for _, s := range []string{"Created room: Term (Collaboration)", "Link: ", "not sent: the run was stopped", "of 3000 in the room"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("stdout lacks %q:\n%.3000s", s, out.String())
		}
	}
	if !strings.Contains(errb.String(), "Stopped: the summary says exactly what was done for each person.") {
		t.Errorf("stderr does not say the run was stopped:\n%s", errb.String())
	}
	if strings.Contains(out.String(), "3000 of 3000 in the room") {
		t.Errorf("every invitation went out: the signal stopped nothing")
	}
}

// A hostile --invite-file ends a --yes run at once, in a sentence, with exit 2.
func TestBinaryRefusesInviteFilesThatAreNotFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if runtime.GOOS != "linux" {
		t.Skip("needs /dev/zero and mkfifo")
	}
	bin := buildBinary(t, t.TempDir())
	sb := newSandbox(t, "")
	fifo := filepath.Join(sb.root, "tmp", "people.fifo")
	if err := exec.Command("mkfifo", fifo).Run(); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
	for path, says := range map[string]string{
		"/dev/zero": "--invite-file: /dev/zero is a device, not a file: give a CSV file.",
		fifo:        "--invite-file: " + fifo + " is a named pipe (FIFO), not a file: give a CSV file.",
	} {
		res := sb.run(t, bin, "", "--demo", "--yes", "--title", "T", "--type", "collaboration", "--invite-file", path)
		if res.code != 2 || !strings.Contains(res.stderr, says) || !strings.Contains(res.stderr, "Nothing was done") {
			t.Errorf("--invite-file %s: exit %d, want 2 and %q\nstderr:\n%s", path, res.code, says, res.stderr)
		}
	}
}
