package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
	"github.com/docspace-wizard/docspace-wizard/internal/secretscan"
	"github.com/docspace-wizard/docspace-wizard/onboard"
	"github.com/docspace-wizard/docspace-wizard/settings"
)

// The whole scriptable flow (login, status, runs that succeed and fail in every way,
// redirects, a portal that echoes the key back, logout) with a fresh random key,
// then a search of everything the user or the disk could see: zero hits.

// authEcho is a portal front that can echo the Authorization header back in an error
// (a badly behaved server), or redirect to elsewhere.
type authEcho struct {
	portal *docspacetest.Portal

	mu       sync.Mutex
	echoPath string // answer requests under this path with the header in the message
	redirect string // answer the key check with a 307 to this URL
}

func (a *authEcho) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	echo, redirect := a.echoPath, a.redirect
	a.mu.Unlock()
	switch {
	case echo != "" && strings.HasPrefix(r.URL.Path, echo):
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `{"error":{"message":"Access denied for %s (debug: %s)"},"status":1,"statusCode":403}`,
			r.Header.Get("Authorization"), strings.ToUpper(r.Header.Get("Authorization")))
	case redirect != "" && r.URL.Path == "/api/2.0/keys/@self":
		http.Redirect(w, r, redirect+r.URL.Path, http.StatusTemporaryRedirect)
	default:
		a.portal.ServeHTTP(w, r)
	}
}

func (a *authEcho) set(echoPath, redirect string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.echoPath, a.redirect = echoPath, redirect
}

// authRecorder remembers the Authorization headers it was sent.
type authRecorder struct {
	mu    sync.Mutex
	hosts []string
	auth  []string
}

func (a *authRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.hosts = append(a.hosts, r.Host)
	a.auth = append(a.auth, r.Header.Values("Authorization")...)
	a.mu.Unlock()
	w.WriteHeader(http.StatusUnauthorized)
}

func (a *authRecorder) seen() (hosts, auth []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.hosts...), append([]string(nil), a.auth...)
}

func TestSecretsNowhereAfterTheWholeFlow(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // anything written to the temp dir lands here
	secret := secretscan.FreshKey(t)

	portal := docspacetest.New(docspacetest.WithDemoData(),
		docspacetest.WithKey(docspacetest.NewKey(secret)))
	front := &authEcho{portal: portal}
	srv := httptest.NewUnstartedServer(front)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	portal.SetURL(srv.URL)

	// Redirect targets: another port on this machine, and plain http on a remote host
	// (its name is dialled to a local recorder).
	other := &authRecorder{}
	otherSrv := httptest.NewTLSServer(other)
	defer otherSrv.Close()
	plain := &authRecorder{}
	plainSrv := httptest.NewServer(plain)
	defer plainSrv.Close()

	transport := srv.Client().Transport.(*http.Transport).Clone()
	transport.TLSClientConfig.RootCAs.AddCert(otherSrv.Certificate())
	dial := transport.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if strings.HasPrefix(addr, "evil.example.net:") {
			addr = plainSrv.Listener.Addr().String()
		}
		return dial(ctx, network, addr)
	}
	defer transport.CloseIdleConnections()

	te := newTestEnv(t)
	te.ConfigDir = filepath.Join(tmp, "config", "docspace-wizard")
	te.HTTPClient = &http.Client{Transport: transport}
	te.ClientOptions = []docspace.Option{
		docspace.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }),
		docspace.WithRequestTimeout(300 * time.Millisecond),
		docspace.WithRetry(docspace.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}),
		docspace.WithBatchSize(2),
	}
	var out, errOut bytes.Buffer // everything the user saw, over every step
	step := func(name string, want onboard.End, run func() onboard.End) {
		t.Helper()
		te.out.Reset()
		te.err.Reset()
		code := run()
		out.Write(te.out.Bytes())
		errOut.Write(te.err.Bytes())
		if code != want {
			t.Errorf("%s: ended %v, want %v\nstdout:\n%s\nstderr:\n%s", name, code, want, te.out, te.err)
		}
		t.Logf("step %s :: ended %v | %s", name, code, strings.ReplaceAll(strings.TrimSpace(te.err.String()), "\n", " | "))
	}
	run := func(opts RunOptions) func() onboard.End {
		return func() onboard.End { return Run(context.Background(), te.Env, opts) }
	}
	invites := []string{"ann@example.com=viewer", "bob@example.com=editor", docspacetest.DemoUserEmail + "=commenter"}

	te.stdin(secret + "\n")
	step("login --with-key", onboard.EndDone, func() onboard.End {
		return Login(context.Background(), te.Env, LoginOptions{Portal: srv.URL, WithKey: true})
	})
	if st, err := os.Stat(settings.Path(te.ConfigDir)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("settings file: %v, mode %v, want 0600", err, st.Mode().Perm())
	}
	step("status", onboard.EndDone, func() onboard.End { return Status(context.Background(), te.Env, StatusOptions{}) })
	step("run", onboard.EndDone, run(RunOptions{Title: "Fine", Type: "custom", Invites: invites}))
	step("run --json", onboard.EndDone, run(RunOptions{Title: "Fine JSON", Type: "custom", Invites: invites, JSON: true}))

	// Failures in every phase, with the key in DOCSPACE_API_KEY this time.
	te.vars["DOCSPACE_API_KEY"] = secret
	for _, f := range []struct {
		name  string
		fault docspacetest.Fault
		want  onboard.End
	}{
		{"key check 401", docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/keys/@self", Status: 401}, onboard.EndKeyRefused},
		{"key check 500 HTML", docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/keys/@self", Status: 500, Body: "<html>" + secret + "</html>"}, onboard.EndFailed},
		{"create reset", docspacetest.Fault{Method: http.MethodPost, PathPrefix: "/api/2.0/files/rooms", Drop: true}, onboard.EndFailed},
		{"create timeout", docspacetest.Fault{Method: http.MethodPost, PathPrefix: "/api/2.0/files/rooms", Delay: time.Minute}, onboard.EndFailed},
		{"share 403 empty", docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Status: 403}, onboard.EndPartial},
		{"share text with the key", docspacetest.Fault{Method: http.MethodPut, PathPrefix: "/api/2.0/files/rooms/", Status: 400, ContentType: "text/plain", Body: "bad key " + secret}, onboard.EndPartial},
		{"members 429", docspacetest.Fault{Method: http.MethodGet, PathPrefix: "/api/2.0/files/rooms/", Status: 429, RetryAfter: "1"}, onboard.EndPartial},
	} {
		portal.InjectFault(f.fault)
		step(f.name, f.want, run(RunOptions{Title: f.name, Type: "custom", Invites: invites}))
		step(f.name+" --json", f.want, run(RunOptions{Title: f.name + " json", Type: "custom", Invites: invites, JSON: true}))
		portal.ClearFaults()
	}

	// A server that echoes the Authorization header in its error messages.
	front.set("/api/2.0/files/rooms", "")
	step("create answered with the key", onboard.EndFailed, run(RunOptions{Title: "Echo", Type: "custom", Invites: invites}))
	front.set("/api/2.0/keys/@self", "")
	step("key check answered with the key", onboard.EndKeyRefused, run(RunOptions{Title: "Echo", Type: "custom", Invites: invites}))
	if !strings.Contains(errOut.String(), "Bearer [API key]") {
		t.Errorf("the echoed key was not replaced by [API key]:\n%s", errOut.String())
	}

	// Redirects: to another origin, and down to plain http on a remote host. Neither is
	// followed: the user is told the address the portal pointed to, and nothing (least of
	// all the key) reaches the other host.
	front.set("", otherSrv.URL)
	step("redirect to another origin", onboard.EndFailed, run(RunOptions{Title: "R", Type: "custom", Invites: invites}))
	if !strings.Contains(te.err.String(), "redirect to "+otherSrv.URL) {
		t.Errorf("the redirect's target is not named:\n%s", te.err.String())
	}
	front.set("", "http://evil.example.net")
	step("redirect to http on a remote host", onboard.EndFailed, run(RunOptions{Title: "R", Type: "custom", Invites: invites}))
	front.set("", "")
	for name, rec := range map[string]*authRecorder{"another origin": other, "plain http": plain} {
		if hosts, _ := rec.seen(); len(hosts) != 0 {
			t.Errorf("%s: a redirect off the portal was followed to %v", name, hosts)
		}
	}

	// The key pasted into the portal address, or on a line of its own in the invitees.
	step("key in the portal address", onboard.EndInvalid, run(RunOptions{Portal: srv.URL + "/" + secret, Title: "P", Type: "custom", Invites: invites}))
	step("key pasted as an invitee", onboard.EndInvalid, run(RunOptions{Title: "P", Type: "custom", Invites: []string{secret}}))
	te.vars["DOCSPACE_API_KEY"] = ""
	step("logout", onboard.EndDone, func() onboard.End { return Logout(context.Background(), te.Env, LogoutOptions{Portal: srv.URL}) })

	// The search.
	var hits []string
	if secretscan.Leaks(out.Bytes(), secret) {
		hits = append(hits, "stdout")
	}
	if secretscan.Leaks(errOut.Bytes(), secret) {
		hits = append(hits, "stderr")
		for _, l := range strings.Split(errOut.String(), "\n") {
			if secretscan.Leaks([]byte(l), secret) {
				t.Logf("stderr: %s", l)
			}
		}
	}
	files, fileHits := secretscan.ScanDir(tmp, secret)
	hits = append(hits, fileHits...)
	for _, r := range portal.Requests() {
		if secretscan.Leaks(r.Body, secret) || secretscan.Leaks([]byte(r.Path+"?"+r.Query), secret) {
			hits = append(hits, "a request body or address: "+r.Method+" "+r.Path)
		}
	}
	if len(hits) > 0 {
		t.Errorf("the API key shows in: %s", strings.Join(hits, ", "))
	}
	if te.ring.stored(strings.TrimRight(srv.URL, "/")) != "" {
		t.Errorf("the key is still in the keyring after logout")
	}
	t.Logf("secrets scan: %d bytes of stdout, %d bytes of stderr, %d files under the config and temp dirs, %d requests: %d hits",
		out.Len(), errOut.Len(), files, len(portal.Requests()), len(hits))
}

func TestHideKeys(t *testing.T) {
	for in, want := range map[string]string{
		"sk-0123456789abcdef":              "[API key]",
		"x sk-0123456789abcdef, y":         "x [API key], y",
		"SK-0123456789abcdef":              "[API key]",
		"task-managers@example.com":        "task-managers@example.com",
		"desk-01234567890@example.com":     "desk-01234567890@example.com",
		"sk-short":                         "sk-short",
		"a sk-0123456789 b sk-abcdefghij":  "a [API key] b [API key]",
		"sk-":                              "sk-",
		"\x1bsk-0123456789abcdef\u202e":    "\x1b[API key]\u202e",
		"mailto:sk-0123456789ab@x.example": "mailto:[API key]@x.example",
	} {
		if got := hideKeys(in); got != want {
			t.Errorf("hideKeys(%q) = %q, want %q", in, got, want)
		}
	}
}
