package faultmatrix

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docspace-wizard/docspace-wizard/docspace"
	"github.com/docspace-wizard/docspace-wizard/docspace/docspacetest"
)

// Phase selects the requests of one phase of a run.
type Phase struct {
	Name           string
	Method, Prefix string
	// Skip is how many matching requests pass before the fault applies. Share batches
	// run concurrently, so "batch 2" is whichever share call arrives second.
	Skip int
	// Link: the run's plan turns the room's invitation link on (--link, Plan.Link).
	Link bool
	// Template: the run's plan makes the room from TemplateTitle (--template), a job
	// the portal runs and the run polls.
	Template bool
}

// TemplateTitle is the demo portal's template the template phases' plans use: a
// Virtual data room, which allows every access level the plans give.
const TemplateTitle = docspacetest.DemoTemplateVDR

// Phases are the phases of a new-room run for four people in two share batches: one
// with the room's invitation link turned on after the read-back, two with the room
// made from a template.
func Phases() []Phase {
	return []Phase{
		{Name: "key check", Method: http.MethodGet, Prefix: "/api/2.0/keys/@self"},
		{Name: "create", Method: http.MethodPost, Prefix: "/api/2.0/files/rooms"},
		{Name: "share batch 1", Method: http.MethodPut, Prefix: "/api/2.0/files/rooms/"},
		{Name: "share batch 2", Method: http.MethodPut, Prefix: "/api/2.0/files/rooms/", Skip: 1},
		// A new-room run reads nothing else under /files/rooms/.
		{Name: "members read", Method: http.MethodGet, Prefix: "/api/2.0/files/rooms/"},
		// PUT …/rooms/{id}/links: the third PUT under /files/rooms/, after both share calls.
		{Name: "link", Method: http.MethodPut, Prefix: "/api/2.0/files/rooms/", Skip: 2, Link: true},
		// The room made from a template: the job's start, then its status polls.
		{Name: "from template", Method: http.MethodPost, Prefix: "/api/2.0/files/rooms/fromtemplate", Template: true},
		{Name: "template status", Method: http.MethodGet, Prefix: "/api/2.0/files/rooms/fromtemplate/status", Template: true},
	}
}

// Router is an http.RoundTripper that sends the requests its rule selects through a
// broken transport and every other request through the trusted one.
type Router struct {
	trusted *http.Transport
	broken  map[Net]*http.Transport

	mu             sync.Mutex
	kind           Net
	method, prefix string
	skip, left     int // left: uses left; -1: every request
}

// NewRouter is a disarmed Router in front of trusted; t's cleanup closes its connections.
func NewRouter(t testing.TB, trusted *http.Transport) *Router {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String() // a loopback address nothing listens on
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	var d net.Dialer
	r := &Router{trusted: trusted, broken: map[Net]*http.Transport{
		NetRefused: {DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, closed)
		}},
		NetDNS: {DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, "portal.invalid:443")
		}},
		// The default roots: the portal's self-signed certificate is not among them.
		NetTLS: {TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}},
	}}
	t.Cleanup(func() {
		for _, tr := range r.broken {
			tr.CloseIdleConnections()
		}
		trusted.CloseIdleConnections()
	})
	return r
}

// Arm makes the next requests of ph (after its Skip) fail with kind; times 0 means all.
func (r *Router) Arm(kind Net, ph Phase, times int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.kind, r.method, r.prefix, r.skip, r.left = kind, ph.Method, ph.Prefix, ph.Skip, times
	if times == 0 {
		r.left = -1
	}
}

// Disarm sends every request through the trusted transport again.
func (r *Router) Disarm() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.kind = NetNone
}

// RoundTrip sends req through the broken transport when the rule selects it.
func (r *Router) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	tr := r.trusted
	if r.kind != NetNone && req.Method == r.method && strings.HasPrefix(req.URL.Path, r.prefix) {
		switch {
		case r.skip > 0:
			r.skip--
		case r.left != 0:
			if r.left > 0 {
				r.left--
			}
			tr = r.broken[r.kind]
		}
	}
	r.mu.Unlock()
	return tr.RoundTrip(req)
}

// Inject puts c on phase ph, for times requests (0: all): a network fault through
// route, any other on the portal.
func Inject(p *docspacetest.Portal, route *Router, ph Phase, c Case, times int) {
	if c.Net != NetNone {
		route.Arm(c.Net, ph, times)
		return
	}
	if ph.Skip > 0 { // let the first ones through untouched
		p.InjectFault(docspacetest.Fault{Method: ph.Method, PathPrefix: ph.Prefix, Delay: time.Nanosecond, Times: ph.Skip})
	}
	f := c.Fault
	f.Method, f.PathPrefix, f.Times = ph.Method, ph.Prefix, times
	p.InjectFault(f)
}

// SharedEmails lists, in order and in lower case, who the share calls the portal saw
// from index from on invited; people invited by id are named by their e-mail.
func SharedEmails(t testing.TB, p *docspacetest.Portal, from int) []string {
	t.Helper()
	emailOf := map[string]string{}
	for _, u := range p.Users() {
		emailOf[u.ID] = strings.ToLower(u.Email)
	}
	var out []string
	reqs := p.Requests()
	for _, r := range reqs[min(from, len(reqs)):] {
		if r.Method != http.MethodPut || !strings.HasSuffix(r.Path, "/share") {
			continue
		}
		var body docspace.InviteRequest
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatalf("share body %q: %v", r.Body, err)
		}
		for _, inv := range body.Invitations {
			if inv.Email != "" {
				out = append(out, strings.ToLower(inv.Email))
			} else {
				out = append(out, emailOf[inv.ID])
			}
		}
	}
	return out
}
