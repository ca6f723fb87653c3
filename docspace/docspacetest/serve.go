package docspacetest

import (
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxBody bounds the request bodies the portal reads.
const maxBody = 1 << 20

// apiCall is one request being served.
type apiCall struct {
	w     http.ResponseWriter
	r     *http.Request
	body  []byte
	key   *keyState
	user  *User
	base  string // the portal's URL, for links
	fault *Fault // a share fault (AfterEntries), if any
}

// route is an endpoint: the scope it needs ("" = any valid key) and its handler.
type route struct {
	scope string
	serve func(p *Portal, c *apiCall)
}

// statusRecorder remembers the status written.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// ServeHTTP serves the portal's API: faults first (as a proxy would), then the key,
// its scope and rate limits, the latency, and the endpoint.
func (p *Portal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	at := p.now()
	latency := p.latency
	base := p.url
	p.mu.Unlock()

	rec := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, At: at,
		AuthPresent: len(r.Header.Values("Authorization")) > 0}
	sw := &statusRecorder{ResponseWriter: w}
	defer func() {
		rec.Status = sw.status
		p.record(rec)
	}()

	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if len(body) > 0 {
		rec.Body = body
	}
	if err != nil {
		writeError(sw, http.StatusBadRequest, "The request body could not be read.")
		return
	}
	if len(body) > maxBody {
		writeError(sw, http.StatusRequestEntityTooLarge, "The request body is too large.")
		return
	}

	ctx := r.Context()
	f := p.takeFault(r.Method, r.URL.Path, r.URL.RawQuery, isShareCall(r))
	if f != nil && f.Delay > 0 && !sleep(ctx, f.Delay) {
		return
	}
	if f != nil && (f.Drop || f.Status != 0) {
		if !sleep(ctx, latency) {
			return
		}
		p.serveFault(sw, w, f)
		return
	}

	k, u := p.authenticate(r)
	if k == nil {
		if sleep(ctx, latency) {
			sw.WriteHeader(http.StatusUnauthorized)
		}
		return
	}
	rec.AuthValid, rec.KeyName = true, k.Name

	rt, status := match(r.Method, r.URL.Path)
	if rt.serve == nil {
		if sleep(ctx, latency) {
			sw.WriteHeader(status)
		}
		return
	}
	if !hasScope(k.Scopes, rt.scope) {
		if sleep(ctx, latency) {
			sw.WriteHeader(http.StatusForbidden)
		}
		return
	}

	write := r.Method != http.MethodGet && r.Method != http.MethodHead
	p.mu.Lock()
	v := p.admitLocked(k, write, p.now())
	if v.limited {
		p.stats.Status429++
	} else {
		p.enterLocked(write)
	}
	p.mu.Unlock()
	v.setHeaders(sw.Header())
	if v.limited {
		if sleep(ctx, latency) {
			writeError(sw, http.StatusTooManyRequests, "Too many requests. Try again later.")
		}
		return
	}
	defer func() {
		p.mu.Lock()
		p.releaseLocked(k, write)
		p.leaveLocked(write)
		p.mu.Unlock()
	}()
	if p.admitted != nil {
		p.admitted(r)
	}
	if !sleep(ctx, latency) {
		return
	}

	if base == "" {
		base = requestBase(r)
	}
	c := &apiCall{w: sw, r: r, body: body, key: k, user: u, base: base}
	if f != nil && f.AfterEntries > 0 {
		c.fault = f
	}
	rt.serve(p, c)
}

// isShareCall reports whether r is PUT /api/2.0/files/rooms/{id}/share, the only call AfterEntries faults affect.
func isShareCall(r *http.Request) bool {
	return r.Method == http.MethodPut && strings.HasSuffix(strings.ToLower(strings.TrimSuffix(r.URL.Path, "/")), "/share")
}

// enterLocked counts a request in flight and tracks the peaks.
func (p *Portal) enterLocked(write bool) {
	if write {
		p.inWrites++
		p.stats.PeakParallelWrites = max(p.stats.PeakParallelWrites, p.inWrites)
	} else {
		p.inReads++
		p.stats.PeakParallelReads = max(p.stats.PeakParallelReads, p.inReads)
	}
}

func (p *Portal) leaveLocked(write bool) {
	if write {
		p.inWrites--
	} else {
		p.inReads--
	}
}

func (p *Portal) record(rec Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stats.Requests++
	p.requests = append(p.requests, rec)
	if p.maxRecorded > 0 && len(p.requests) > p.maxRecorded {
		// Shift into a fresh slice now and then, so the log's memory stays bounded.
		if cap(p.requests) > 2*p.maxRecorded {
			p.requests = append([]Request(nil), p.requests[len(p.requests)-p.maxRecorded:]...)
		} else {
			p.requests = p.requests[len(p.requests)-p.maxRecorded:]
		}
	}
}

// sleep waits d, or less when ctx ends; it reports whether the full wait passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// serveFault answers with an injected fault, or drops the connection.
func (p *Portal) serveFault(sw *statusRecorder, raw http.ResponseWriter, f *Fault) {
	if f.Drop {
		conn, _, err := http.NewResponseController(raw).Hijack()
		if err != nil {
			// Not hijackable (HTTP/2, a recorder): abort the response, which the server turns into a reset.
			panic(http.ErrAbortHandler)
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0) // a reset, not an orderly close
		}
		_ = conn.Close()
		return
	}
	ct := f.ContentType
	if ct == "" {
		switch b := strings.TrimSpace(f.Body); {
		case b == "":
		case strings.HasPrefix(b, "{"), strings.HasPrefix(b, "["):
			ct = "application/json; charset=utf-8"
		case strings.HasPrefix(b, "<"):
			ct = "text/html; charset=utf-8"
		default:
			ct = "text/plain; charset=utf-8"
		}
	}
	if ct != "" {
		sw.Header().Set("Content-Type", ct)
	}
	if f.RetryAfter != "" {
		sw.Header().Set("Retry-After", f.RetryAfter)
	}
	sw.WriteHeader(f.Status)
	_, _ = io.WriteString(sw, f.Body)
}

// authenticate returns the key and user named by "Authorization: Bearer <secret>", or nils.
func (p *Portal) authenticate(r *http.Request) (*keyState, *User) {
	h := r.Header.Values("Authorization")
	if len(h) != 1 {
		return nil, nil
	}
	secret, ok := strings.CutPrefix(h[0], "Bearer ")
	if !ok || secret == "" {
		return nil, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	k := p.keys[secret]
	if k == nil || !k.Active {
		return nil, nil
	}
	now := p.now()
	if !k.ExpiresAt.IsZero() && !now.Before(k.ExpiresAt) {
		return nil, nil
	}
	var u *User
	if k.UserID == "" {
		u = p.ownerLocked()
	} else {
		u = p.usersByID[k.UserID]
	}
	if u == nil {
		return nil, nil
	}
	k.lastUsed = now
	return k, u
}

// hasScope reports whether scopes grant need. Empty scopes or "*" grant everything;
// "*:verb" grants that verb in every area; a write scope implies read of its area.
func hasScope(scopes []string, need string) bool {
	if need == "" || len(scopes) == 0 {
		return true
	}
	area, verb, _ := strings.Cut(need, ":")
	for _, s := range scopes {
		if s == "*" || s == need {
			return true
		}
		a, v, _ := strings.Cut(s, ":")
		if (a == area || a == "*") && (v == verb || (verb == "read" && v == "write")) {
			return true
		}
	}
	return false
}

// match finds the endpoint for a request; without one, it returns the status to answer (404 or 405).
func match(method, path string) (route, int) {
	rest, ok := strings.CutPrefix(strings.ToLower(strings.TrimSuffix(path, "/")), "/api/2.0/")
	if !ok {
		return route{}, http.StatusNotFound
	}
	get, post, put := method == http.MethodGet, method == http.MethodPost, method == http.MethodPut
	var rt route
	switch rest {
	case "keys/@self":
		rt = pick(get, route{"", (*Portal).serveKeySelf})
	case "people/@self":
		rt = pick(get, route{"accounts.self:read", (*Portal).serveSelf})
	case "people/email":
		rt = pick(get, route{"accounts:read", (*Portal).serveUserByEmail})
	case "settings":
		rt = pick(get, route{"", (*Portal).serveSettings})
	case "people/filter":
		rt = pick(get, route{"accounts:read", (*Portal).servePeople})
	case "group":
		rt = pick(get, route{"accounts:read", (*Portal).serveGroups})
	case "settings/cultures":
		rt = pick(get, route{"", (*Portal).serveCultures})
	case "settings/invitationsettings":
		rt = pick(get, route{"", (*Portal).serveInvitationSettings})
	case "files/rooms":
		rt = pick(get, route{"rooms:read", (*Portal).serveListRooms})
		if post {
			rt = route{"rooms:write", (*Portal).serveCreateRoom}
		}
	case "files/rooms/fromtemplate":
		rt = pick(post, route{"rooms:write", (*Portal).serveRoomFromTemplate})
	case "files/rooms/fromtemplate/status":
		rt = pick(get, route{"rooms:read", (*Portal).serveTemplateStatus})
	default:
		if ort, ok := optionRoute(rest, method); ok {
			rt = ort
			break
		}
		// {id} is a number for the portal's own rooms, text ("box-821") for rooms on
		// third-party storage: the server routes those to its string-id controller.
		id, sub, _ := strings.Cut(strings.TrimPrefix(rest, "files/rooms/"), "/")
		if !strings.HasPrefix(rest, "files/rooms/") || id == "" {
			return route{}, http.StatusNotFound
		}
		switch sub {
		case "":
			rt = pick(get, route{"rooms:read", (*Portal).serveGetRoom})
		case "share":
			rt = pick(get, route{"rooms:read", (*Portal).serveMembers})
			if put {
				rt = route{"rooms:write", (*Portal).serveShare}
			}
		case "archive":
			rt = pick(put, route{"rooms:write", (*Portal).serveArchive})
		case "links":
			rt = pick(put, route{"rooms:write", (*Portal).serveSetLink})
		case "resend":
			rt = pick(post, route{"rooms:write", (*Portal).serveResend})
		default:
			return route{}, http.StatusNotFound
		}
	}
	if rt.serve == nil {
		return rt, http.StatusMethodNotAllowed
	}
	return rt, 0
}

// pick returns rt when ok, else no route.
func pick(ok bool, rt route) route {
	if ok {
		return rt
	}
	return route{}
}

// roomKey returns the {id} of a /files/rooms/{id}... path (already matched): a number
// (as n, ok true) or a room's text id in lower case.
func roomKey(path string) (n int, text string, ok bool) {
	seg := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(seg) < 5 {
		return 0, "", false
	}
	if id, err := strconv.Atoi(seg[4]); err == nil {
		return id, "", true
	}
	return 0, strings.ToLower(seg[4]), false
}

// requestBase guesses the portal's URL from a request, when none was set.
func requestBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if r.Host == "" {
		return defaultBase
	}
	return scheme + "://" + r.Host
}
