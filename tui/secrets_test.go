package tui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/secretscan"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// The wizard with a fresh random key, through the whole program: runs that succeed,
// runs that fail (a server echoing the Authorization header back, the key rejected in
// the middle of a run) and a key typed into the key step when none is stored. Then a
// search of everything the program wrote (its terminal, the summary left in the
// scrollback, stderr), the settings it saved, the temp and home dirs and the portal's
// request log: zero hits.

// echoKeyTransport answers the create call as a badly behaved server would: a 403
// whose message carries the Authorization header it was sent, as is and in capitals.
// Everything else goes to the portal.
type echoKeyTransport struct{ base http.RoundTripper }

func (e echoKeyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method != http.MethodPost || r.URL.Path != "/api/2.0/files/rooms" {
		return e.base.RoundTrip(r)
	}
	if r.Body != nil {
		_ = r.Body.Close()
	}
	auth := r.Header.Get("Authorization")
	body := fmt.Sprintf(`{"error":{"message":"Access denied for %s (debug: %s)"},"status":1,"statusCode":403}`, auth, strings.ToUpper(auth))
	return &http.Response{
		StatusCode: http.StatusForbidden, Status: "403 Forbidden", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       r,
	}, nil
}

// secretScenario is one wizard session of the scan.
type secretScenario struct {
	name string
	// echo makes the create call's answer carry the Authorization header.
	echo bool
	// fault is injected once the review is ready (zero: none).
	fault docspacetest.Fault
	// typed: no key is stored; the key step is where the key is typed (a wrong one first).
	typed bool
	// says is what the summary (or the scrollback) must show.
	says string
}

func secretScenarios() []secretScenario {
	return []secretScenario{
		{name: "happy path", says: "is created and everyone is in"},
		{name: "server echoes the key", echo: true, says: "Access denied for Bearer [API key] (debug: BEARER [API key])"},
		{name: "key rejected during the share calls", fault: docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Status: 401},
			says: "the portal rejected the API key (HTTP 401)"},
		{name: "key typed into the key step", typed: true, says: "is created and everyone is in"},
	}
}

// secretsScan collects what the wizard wrote, for the final search.
type secretsScan struct {
	mu       sync.Mutex
	outputs  map[string][]byte
	requests int
}

func (s *secretsScan) add(name string, b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.outputs[name] = append(s.outputs[name], b...)
}

// secretOptions wires a session: the fast client (echoing the key on create when asked),
// the settings saved to cfg after Run as main does, and the key stored unless it is to
// be typed.
func secretOptions(t *testing.T, sc secretScenario, secret, cfg string) func(*docspacetest.Portal, *Options) {
	return func(_ *docspacetest.Portal, o *Options) {
		url, _ := docspace.NormalizePortal(o.Portal)
		o.Keys = &fakeKeys{keys: map[string]string{url: secret}}
		if sc.typed {
			o.Keys = &fakeKeys{}
		}
		o.Connect = func(portal, key string) (Portal, error) {
			tr := http.DefaultTransport
			if sc.echo {
				tr = echoKeyTransport{base: tr}
			}
			return docspace.New(portal, key, docspace.WithHTTPClient(&http.Client{Transport: tr}),
				docspace.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }),
				docspace.WithRetry(docspace.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}), docspace.WithBatchSize(2))
		}
		o.Remember = func(portal string, last LastChoices) {
			s, err := settings.Load(cfg)
			if err == nil {
				s.UsePortal(portal)
				s.Last.RoomType, s.Last.Access, s.Last.Notify = int(last.RoomType), int(last.Access), last.Notify
				err = s.Save(cfg)
			}
			if err != nil {
				t.Errorf("saving the settings: %v", err)
			}
		}
	}
}

func TestSecretsNowhereInTheWizard(t *testing.T) {
	home, tmp := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("TMPDIR", tmp)
	cfg, err := settings.Dir()
	if err != nil {
		t.Fatal(err)
	}
	secret := secretscan.FreshKey(t)
	scan := &secretsScan{outputs: map[string][]byte{}}

	// Stderr of the whole process while the wizard runs: the wizard writes nothing
	// there itself; Bubble Tea would print a panic there.
	stderrR, stderrW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	realStderr := os.Stderr
	os.Stderr = stderrW
	stderrDone := make(chan []byte)
	go func() { b, _ := io.ReadAll(stderrR); stderrDone <- b }()
	restored := false
	restore := func() {
		if !restored {
			restored = true
			os.Stderr = realStderr
			_ = stderrW.Close() // ends the reader goroutine; its bytes are what is checked
			scan.add("stderr", <-stderrDone)
		}
	}
	t.Cleanup(restore)

	for _, sc := range secretScenarios() {
		t.Run("teatest/"+sc.name, func(t *testing.T) { secretTeatestRun(t, sc, secret, cfg, scan) })
	}
	for _, sc := range secretScenarios() {
		if sc.typed {
			continue // typing goes through teatest above and TestKeyStepNeverShowsTheKey
		}
		t.Run("Run/"+sc.name, func(t *testing.T) { secretProgramRun(t, sc, secret, cfg, scan) })
	}
	restore()

	hits := 0
	bytesOf := map[string]int{} // by kind: the part of the name before ":"
	for name, b := range scan.outputs {
		bytesOf[strings.SplitN(name, ":", 2)[0]] += len(b)
		if secretscan.Leaks(b, secret) {
			hits++
			t.Errorf("the key shows in %s", name)
		}
	}
	var dirFiles int
	if !strings.HasPrefix(cfg, home+string(filepath.Separator)) {
		t.Fatalf("the config dir %s is not under $HOME %s", cfg, home)
	}
	for _, dir := range []string{home, tmp} { // the config dir is under $HOME
		n, found := secretscan.ScanDir(dir, secret)
		dirFiles += n
		hits += len(found)
		for _, f := range found {
			t.Errorf("the key shows in the file %s", f)
		}
	}
	if _, err := os.Stat(settings.Path(cfg)); err != nil {
		t.Errorf("no settings file was written (%v): the scan of the config dir proves nothing", err)
	}
	t.Logf("secrets scan: %d hits in %d bytes of terminal output (4 sessions through teatest), %d bytes written to Options.Out (3 sessions through Run, screens and scrollback summary), %d bytes of stderr, %d bytes of sampled screens, %d files under $HOME (the config dir included) and $TMPDIR, %d recorded requests",
		hits, bytesOf["terminal output"], bytesOf["Options.Out"], bytesOf["stderr"], bytesOf["screens"], dirFiles, scan.requests)
}

// secretTeatestRun drives one session through teatest and adds what it wrote to scan.
func secretTeatestRun(t *testing.T, sc secretScenario, secret, cfg string, scan *secretsScan) {
	pre := Prefill{Title: ptr("Secret " + strings.Fields(sc.name)[0]), Type: ptr(docspace.RoomCustom), Invites: invites(wizardPeople)}
	f := newFlow(t, pre, secretOptions(t, sc, secret, cfg),
		docspacetest.WithKey(docspacetest.NewKey(secret)))
	var screens []string
	seen := func() { screens = append(screens, f.screenNow()) }
	wrong := secretscan.FreshKey(t) // typed first: a key the portal does not know
	if sc.typed {
		f.on(stepPortal, "No API key is saved for")
		seen()
		f.tm.Type(wrong)
		f.waitFor("the typed key", func(_ stepID, s string) bool { return strings.Contains(s, strings.Repeat("•", len(wrong))) })
		seen()
		f.press("enter")
		f.on(stepPortal, "rejected the API key")
		seen()
		f.tm.Type(secret)
		f.waitFor("the typed key", func(_ stepID, s string) bool { return strings.Contains(s, strings.Repeat("•", len(secret))) })
		seen()
		f.press("enter")
	}
	f.on(stepReview, "Nothing is written")
	seen()
	if sc.fault.Status != 0 {
		f.portal.InjectFault(sc.fault)
	}
	f.press("enter")
	f.waitFor("the summary", func(s stepID, _ string) bool { return s == stepSummary })
	seen()
	if !strings.Contains(flat(f.screenNow()), sc.says) {
		t.Errorf("the summary does not say %q:\n%s", sc.says, f.screenNow())
	}
	f.finish()
	out, err := io.ReadAll(f.tm.FinalOutput(t, teatestFinalTimeout()))
	if err != nil {
		t.Fatal(err)
	}
	if secretscan.Leaks(out, wrong) || secretscan.Leaks([]byte(strings.Join(screens, "\n")), wrong) {
		t.Errorf("the rejected key shows in the terminal output")
	}
	scan.add("terminal output: "+sc.name, out)
	scan.add("screens: "+sc.name, []byte(strings.Join(screens, "\n")))
	addRequests(t, scan, sc.name, f.portal)
	if sc.typed {
		keys := f.m.st.opts.Keys.(*fakeKeys) // the program has ended
		keys.mu.Lock()
		stored := keys.keys
		keys.mu.Unlock()
		if url, _ := docspace.NormalizePortal(f.portal.URL()); stored[url] != secret {
			t.Errorf("the typed key was not kept in the keyring for %s: %d keys stored", url, len(stored))
		}
	}
}

// addRequests adds the portal's request log (paths, queries, bodies) to the scan.
func addRequests(t *testing.T, scan *secretsScan, name string, p *docspacetest.Portal) {
	t.Helper()
	var b bytes.Buffer
	for _, r := range p.Requests() {
		fmt.Fprintf(&b, "%s %s?%s %d %s\n%s\n", r.Method, r.Path, r.Query, r.Status, r.KeyName, r.Body)
	}
	scan.mu.Lock()
	scan.requests += len(p.Requests())
	scan.mu.Unlock()
	scan.add("request log: "+name, b.Bytes())
}

// secretProgramRun runs one session through Run, as main does: the terminal output and
// the summary left in the scrollback both go to Options.Out.
func secretProgramRun(t *testing.T, sc secretScenario, secret, cfg string, scan *secretsScan) {
	portal, srv := docspacetest.NewServer(docspacetest.WithDemoData(),
		docspacetest.WithKey(docspacetest.NewKey(secret)))
	defer srv.Close()
	opts := Options{
		Portal:  srv.URL,
		Prefill: Prefill{Title: ptr("Scrollback " + strings.Fields(sc.name)[0]), Type: ptr(docspace.RoomCustom), Invites: invites(wizardPeople)},
		Getenv:  envOf("TERM", "xterm-256color", "LANG", "en_US.UTF-8"),
	}
	secretOptions(t, sc, secret, cfg)(portal, &opts)
	if sc.fault.Status != 0 {
		portal.InjectFault(sc.fault) // only the run's share calls match
	}
	in, inW := io.Pipe()
	out := &watchedBuffer{want: "Review", seen: make(chan struct{})}
	opts.In, opts.Out = in, out
	done := make(chan struct{})
	go func() {
		defer func() { _ = inW.Close() }()
		select {
		case <-out.seen: // the first frame is out: the review (everything is pre-filled)
		case <-done:
			return
		}
		// Enter confirms (the run waits for the checks); "q" means nothing on the review
		// and the run, and quits on the summary: pressed until the wizard ends.
		keys := []byte("\r")
		for {
			if _, err := inW.Write(keys); err != nil {
				return
			}
			keys = []byte("q")
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	res, code := Run(context.Background(), opts)
	close(done)
	_ = in.Close() // ends a write under way
	text := out.String()
	scrollback := text[max(0, strings.LastIndex(text, "\x1b[?1049l")):] // after the alternate screen
	t.Logf("seen %s :: ended %v, scrollback:\n%s", t.Name(), code, strings.TrimSpace(plain(scrollback)))
	if !strings.Contains(flat(plain(scrollback)), sc.says) || res.Room != nil && !strings.Contains(scrollback, res.Room.Link) {
		t.Errorf("the scrollback lacks %q or the room's link:\n%s", sc.says, plain(scrollback))
	}
	scan.add("Options.Out: "+sc.name, []byte(text))
	addRequests(t, scan, "Run "+sc.name, portal)
}

// TestKeyStepNeverShowsTheKey types a key into the key step one character at a time,
// pastes one, and gets one rejected: no screen ever shows any 8 characters of it.
func TestKeyStepNeverShowsTheKey(t *testing.T) {
	fp := newFakePortal()
	opts := testOptions(fp)
	opts.Keys = &fakeKeys{}
	d := newDriver(t, opts, 80, 24)
	d.until("the key step", func() bool { return d.m.cur == stepPortal })
	secret := secretscan.FreshKey(t)
	body := strings.TrimPrefix(secret, "sk-")
	check := func(when string) {
		t.Helper()
		for what, screen := range map[string]string{"screen": d.screen(), "step view": d.m.steps[stepPortal].View()} {
			for i := 0; i+8 <= len(body); i++ {
				if strings.Contains(strings.ToLower(screen), body[i:i+8]) {
					t.Fatalf("%s, the %s shows %q of the key:\n%s", when, what, body[i:i+8], screen)
				}
			}
		}
	}
	for i, r := range secret {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		d.settle()
		check(fmt.Sprintf("after %d characters", i+1))
		if got := strings.Count(keyField(d.screen()), "•"); got != i+1 {
			t.Fatalf("after %d characters the field shows %d dots", i+1, got)
		}
	}
	d.keys("f1") // the full help while typing
	check("with the help shown")
	d.keys("f1", "tab") // to the portal field and back: the key is still masked
	check("on the portal field")
	d.keys("tab")
	for range secret {
		d.keys("backspace")
	}
	d.send(tea.PasteMsg{Content: secret})
	d.settle()
	check("after pasting it")
	d.keys("enter") // the fake portal rejects any key but goodKey
	d.until("the rejection", func() bool { return strings.Contains(d.screen(), "rejected the API key") })
	check("after the rejection")
	if strings.Contains(keyField(d.screen()), "•") {
		t.Errorf("the rejected key is still in the field:\n%s", d.screen())
	}
}

// keyField is the key step's "API key" line.
func keyField(screen string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "API key  ") {
			return l
		}
	}
	return ""
}
