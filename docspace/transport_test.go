package docspace

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// roundTripFunc lets a test be the transport.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// failingClient is an http.Client whose every request fails with err.
func failingClient(err error) *http.Client {
	return &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) { return nil, err })}
}

func refused() error {
	return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
}

func TestTransportErrors(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		notSent   bool
		has       string
		permanent bool
	}{
		{"connection refused", refused(), true, "refused", false},
		{"dns not found", &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "nope.example.com", IsNotFound: true}}, true, "could not be found", true},
		{"dns server failure", &net.DNSError{Err: "server misbehaving", Name: "x.example.com", IsTemporary: true}, true, "DNS failed", false},
		{"dial timeout", &net.OpError{Op: "dial", Net: "tcp", Err: os.ErrDeadlineExceeded}, true, "in time", false},
		{"proxy refused", &net.OpError{Op: "proxyconnect", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, true, "refused", false},
		{"reset after write", &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, false, "closed before", false},
		{"EOF", io.EOF, false, "closed before", false},
		{"read timeout", &net.OpError{Op: "read", Net: "tcp", Err: os.ErrDeadlineExceeded}, false, "no answer within", false},
		{"deadline", context.DeadlineExceeded, false, "no answer within", false},
		{"plain http on https", errors.New("http: server gave HTTP response to HTTPS client"), true, "did not answer with HTTPS", true},
		{"TLS record", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, true, "did not answer with HTTPS", true},
		{"certificate for another host", x509.HostnameError{Host: "portal.example.com", Certificate: &x509.Certificate{}}, true, "different host name", true},
		{"expired certificate", x509.CertificateInvalidError{Reason: x509.Expired, Cert: &x509.Certificate{}}, true, "expired", true},
		{"invalid certificate", x509.CertificateInvalidError{Reason: x509.NotAuthorizedToSign, Cert: &x509.Certificate{}}, true, "certificate is invalid", true},
		{"unverified certificate", &tls.CertificateVerificationError{Err: errors.New("x509: something")}, true, "could not be verified", true},
		{"something else", errors.New("weird " + testKey + " failure"), false, "the connection failed: weird [API key] failure", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, clock := clientFor(t, "https://portal.example.com", WithHTTPClient(failingClient(tt.err)), WithRetry(RetryPolicy{MaxAttempts: 1}))
			_, err := c.KeyInfo(context.Background())
			e := apiErr(t, err, KindNetwork)
			if e.NotSent != tt.notSent || e.Status != 0 {
				t.Errorf("NotSent = %v, Status = %d; want %v, 0", e.NotSent, e.Status, tt.notSent)
			}
			if !strings.Contains(err.Error(), tt.has) || !strings.HasPrefix(err.Error(), "checking the API key: could not reach the portal at https://portal.example.com: ") {
				t.Errorf("error %q does not contain %q", err, tt.has)
			}
			if strings.Contains(err.Error(), "https://portal.example.com/api") {
				t.Errorf("error repeats the URL: %q", err)
			}
			var ne *netError
			if errors.As(err, &ne) && ne.permanent != tt.permanent || ne == nil && tt.permanent {
				t.Errorf("permanent = %v, want %v", ne != nil && ne.permanent, tt.permanent)
			}
			if len(clock.Waits()) != 0 {
				t.Errorf("waited with retries disabled")
			}
		})
	}
}

func TestConnectionRefusedForReal(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil { // the port must be free for the refusal to be real
		t.Fatal(err)
	}
	c, _ := clientFor(t, "http://"+addr, WithRetry(RetryPolicy{MaxAttempts: 1}))
	_, err = c.CreateRoom(context.Background(), CreateRoomRequest{Title: "Sales", RoomType: RoomCustom})
	e := apiErr(t, err, KindNetwork)
	if !e.NotSent || !strings.Contains(err.Error(), `creating room "Sales"`) {
		t.Fatalf("refused connection: %+v (%v)", e, err)
	}
}

func TestSelfSignedCertificateRefused(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1); writeJSON(w, 200, ok(keyJSON)) }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	c, clock := clientFor(t, srv.URL)
	_, err := c.KeyInfo(context.Background())
	e := apiErr(t, err, KindNetwork)
	if !e.NotSent || !strings.Contains(err.Error(), "self-signed") || e.Hint() == "" {
		t.Fatalf("self-signed: %+v (%v)", e, err)
	}
	if hits.Load() != 0 || len(clock.Waits()) != 0 {
		t.Fatalf("a refused certificate must not be retried: %d hits, waits %v", hits.Load(), clock.Waits())
	}
	// The same server with its certificate trusted works.
	c, _ = clientFor(t, srv.URL, WithHTTPClient(srv.Client()))
	if _, err := c.KeyInfo(context.Background()); err != nil {
		t.Fatalf("trusted certificate: %v", err)
	}
}

func TestPlainHTTPServerOnHTTPSAddress(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c, _ := clientFor(t, strings.Replace(srv.URL, "http://", "https://", 1), WithRetry(RetryPolicy{MaxAttempts: 1}))
	_, err := c.KeyInfo(context.Background())
	if e := apiErr(t, err, KindNetwork); !e.NotSent || !strings.Contains(err.Error(), "HTTPS") {
		t.Fatalf("plain server on https: %v", err)
	}
}

func TestTimeoutAndCutAnswers(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	var posts atomic.Int32
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/2.0/keys/@self": // never answers in time
			select {
			case <-r.Context().Done():
			case <-release:
			}
		case "/api/2.0/files/rooms": // hangs up after reading the request
			posts.Add(1)
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			_ = conn.Close() // the dropped connection is the fault
		case "/api/2.0/settings": // promises more than it sends
			w.Header().Set("Content-Length", "1000")
			w.WriteHeader(200)
			_, _ = io.WriteString(w, `{"response":{`)
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			_ = conn.Close() // the dropped connection is the fault
		}
	}, WithRequestTimeout(50*time.Millisecond), WithRetry(RetryPolicy{MaxAttempts: 1}))

	_, err := c.KeyInfo(context.Background())
	if e := apiErr(t, err, KindNetwork); e.NotSent || !strings.Contains(err.Error(), "no answer within 50ms") {
		t.Errorf("timeout: %+v (%v)", e, err)
	}
	_, err = c.CreateRoom(context.Background(), CreateRoomRequest{Title: "Sales", RoomType: RoomCustom})
	if e := apiErr(t, err, KindNetwork); e.NotSent {
		t.Errorf("a reset after the request was written must not count as not sent: %+v", e)
	}
	_, err = c.Settings(context.Background())
	if e := apiErr(t, err, KindNetwork); e.NotSent || !strings.Contains(err.Error(), "closed before") {
		t.Errorf("cut answer: %+v (%v)", e, err)
	}
	if posts.Load() != 1 {
		t.Errorf("create was sent %d times", posts.Load())
	}
}

func TestCancelledContext(t *testing.T) {
	var hits atomic.Int32
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.CreateRoom(ctx, CreateRoomRequest{Title: "Sales", RoomType: RoomCustom})
	e := apiErr(t, err, KindNetwork)
	if !e.NotSent || !errors.Is(err, context.Canceled) || hits.Load() != 0 {
		t.Fatalf("cancelled before sending: %+v, hits %d", e, hits.Load())
	}

	ctx, cancel = context.WithCancel(context.Background())
	c, _, _ = testPortal(t, func(w http.ResponseWriter, r *http.Request) { cancel(); <-r.Context().Done() })
	_, err = c.GetRoom(ctx, 1)
	if e := apiErr(t, err, KindNetwork); e.NotSent || !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "stopped") {
		t.Fatalf("cancelled while waiting for the answer: %+v (%v)", e, err)
	}
}

func TestRedirects(t *testing.T) {
	var other recorder
	otherSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.add(r)
		writeJSON(w, 200, ok(keyJSON))
	}))
	defer otherSrv.Close()
	var own recorder
	c, _, _ := testPortal(t, func(w http.ResponseWriter, r *http.Request) {
		rec := own.add(r)
		switch r.URL.Path {
		case "/api/2.0/keys/@self": // to another host
			http.Redirect(w, r, otherSrv.URL+"/api/2.0/keys/@self", http.StatusFound)
		case "/api/2.0/people/@self": // within the portal
			http.Redirect(w, r, "/api/2.0/people/me", http.StatusMovedPermanently)
		case "/api/2.0/people/me":
			writeJSON(w, 200, ok(userJSON))
		case "/api/2.0/files/rooms":
			if r.Method == http.MethodPost {
				http.Redirect(w, r, otherSrv.URL+"/api/2.0/files/rooms", http.StatusFound)
				return
			}
		case "/api/2.0/files/rooms/5/share": // 307 keeps the method and body
			http.Redirect(w, r, "/api/2.0/files/rooms/6/share", http.StatusTemporaryRedirect)
		case "/api/2.0/files/rooms/6/share":
			if !strings.Contains(rec.Body, `"access":2`) {
				w.WriteHeader(400)
				return
			}
			writeJSON(w, 200, ok(`{"members":[]}`))
		}
	})
	ctx := context.Background()

	_, err := c.KeyInfo(ctx)
	if e := apiErr(t, err, KindBadResponse); !strings.Contains(e.Message, "redirect to "+otherSrv.URL) {
		t.Fatalf("a redirect to another host was not reported with its address: %v", err)
	}
	if got := other.all(); len(got) != 0 {
		t.Fatalf("a redirect to another host was followed: %v", got)
	}
	if _, err := c.Self(ctx); err != nil {
		t.Fatalf("redirect within the portal: %v", err)
	}
	if _, err := c.Invite(ctx, 5, InviteRequest{Invitations: []Invitation{{Email: "a@b.c", Access: AccessRead}}}); err != nil {
		t.Fatalf("307 within the portal: %v", err)
	}
	for _, r := range own.all() {
		if r.Header.Get("Authorization") != "Bearer "+testKey {
			t.Errorf("%s %s lost the key within the portal", r.Method, r.Path)
		}
	}
	_, err = c.CreateRoom(ctx, CreateRoomRequest{Title: "Sales", RoomType: RoomCustom})
	if e := apiErr(t, err, KindBadResponse); !strings.Contains(e.Message, "redirect to "+otherSrv.URL) {
		t.Fatalf("POST turned into GET by a redirect: %v", err)
	}
	if n := len(other.all()); n != 0 {
		t.Fatalf("the redirected POST reached the other host (%d requests)", n)
	}
}

func TestKeyNeverLeavesTheOrigin(t *testing.T) {
	c, err := New("https://portal.example.com/ds", testKey)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		url  string
		want bool
	}{
		{"https://portal.example.com/api/2.0/x", true},
		{"https://PORTAL.example.com:443/other", true},
		{"https://portal.example.com:8443/api", false},
		{"http://portal.example.com/api", false},
		{"https://evil.example.com/api", false},
		{"https://portal.example.com.evil.com/api", false},
		{"https://sub.portal.example.com/api", false},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		if got := c.keyAllowed(u); got != tt.want {
			t.Errorf("keyAllowed(%s) = %v, want %v", tt.url, got, tt.want)
		}
		req, _ := http.NewRequest(http.MethodGet, tt.url, nil)
		req.Header.Set("Authorization", "Bearer "+testKey)
		via := []*http.Request{{Method: http.MethodGet}}
		err := c.http.CheckRedirect(req, via)
		if followed := err == nil; followed != tt.want {
			t.Errorf("CheckRedirect(%s) followed = %v (%v), want %v", tt.url, followed, err, tt.want)
		}
		if has := req.Header.Get("Authorization") != ""; has != tt.want {
			t.Errorf("redirect to %s kept the key: %v, want %v", tt.url, has, tt.want)
		}
	}
	if c.keyAllowed(nil) {
		t.Error("keyAllowed(nil)")
	}

	// A loopback portal on http may get the key; the same path on another http host may not.
	c, _ = New("http://127.0.0.1:8080", testKey)
	for raw, want := range map[string]bool{"http://127.0.0.1:8080/a": true, "http://10.0.0.1:8080/a": false, "http://127.0.0.1/a": false} {
		u, _ := url.Parse(raw)
		if got := c.keyAllowed(u); got != want {
			t.Errorf("loopback portal: keyAllowed(%s) = %v, want %v", raw, got, want)
		}
	}

	// The supplied client's own redirect policy still applies within the portal.
	stop := errors.New("no redirects")
	c, _ = New("https://portal.example.com", testKey, WithHTTPClient(&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return stop }}))
	req, _ := http.NewRequest(http.MethodGet, "https://portal.example.com/other", nil)
	req.Header.Set("Authorization", "x")
	if err := c.http.CheckRedirect(req, []*http.Request{{Method: http.MethodGet}}); err != stop {
		t.Errorf("supplied CheckRedirect: %v, header %q", err, req.Header.Get("Authorization"))
	}
	c, _ = New("https://portal.example.com", testKey)
	ten := make([]*http.Request, 10)
	for i := range ten {
		ten[i] = &http.Request{Method: http.MethodGet}
	}
	if err := c.http.CheckRedirect(req, ten); err == nil {
		t.Error("more than 10 redirects followed")
	}
}
