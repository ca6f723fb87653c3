package docspace

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/docspace-wizard/docspace-wizard/internal/outside"
	"github.com/docspace-wizard/docspace-wizard/internal/redact"
)

// Client calls one DocSpace portal with one API key. It is safe for concurrent use.
type Client struct {
	portal  string // normalised: scheme://host[:port][/prefix], no trailing slash
	key     string
	http    *http.Client
	ua      string
	timeout time.Duration
	retry   RetryPolicy

	origin  *url.URL // scheme and host of portal, to keep the key on it across redirects
	maxBody int64    // the largest answer read, in bytes
	// sleep waits between attempts; tests replace it so they never sleep for real.
	sleep func(ctx context.Context, d time.Duration) error
	// now is the clock for Retry-After dates and the MaxTotal budget.
	now    func() time.Time
	notify func(op string, attempt int, wait time.Duration, err error)
	// templateWait bounds the wait for a room-from-template job (WithTemplateWait).
	templateWait time.Duration
	// log records each request for the --debug log (WithLogger); nil logs nothing.
	log *slog.Logger
	// budget, when set, bounds requests in flight across clients sharing it (WithBudget).
	budget *Budget
	// batchSize is the most entries one share call carries (WithBatchSize); 0 is BatchSize.
	batchSize int
}

// RetryPolicy bounds retries of safe calls (GETs and the share call).
type RetryPolicy struct {
	MaxAttempts int           // including the first; 1 disables retries
	MaxTotal    time.Duration // total time across attempts, waits included; 0: bounded by attempts only
	BaseDelay   time.Duration // first back-off when the server gives no Retry-After
}

// Option configures a Client.
type Option func(*Client)

// Defaults of a Client.
const (
	// DefaultRequestTimeout bounds each HTTP request (not the retries around it).
	DefaultRequestTimeout = 30 * time.Second
	// DefaultUserAgent is sent unless WithVersion names the build.
	DefaultUserAgent = "docspace-wizard/dev"
	// DefaultMaxResponseBytes caps how much of one answer is read.
	DefaultMaxResponseBytes = 8 << 20
)

// DefaultRetryPolicy is the retry policy of a Client unless WithRetry says otherwise.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 4, MaxTotal: 60 * time.Second, BaseDelay: 500 * time.Millisecond}
}

// APIKeysPlace is where DocSpace's web interface makes API keys, worded the same in
// every message and document that sends an admin there.
const APIKeysPlace = "Settings › Developer Tools › API keys"

// New returns a client for portal (normalised with NormalizePortal) and key.
func New(portal, key string, opts ...Option) (*Client, error) {
	key = strings.TrimSpace(key)
	if err := CheckAPIKey(key); err != nil {
		return nil, err
	}
	p, err := NormalizePortal(portal)
	if err != nil {
		return nil, errors.New(redact.Secrets(err.Error(), key))
	}
	// A key pasted into the portal field would show up in every address and error.
	if len(key) >= 8 && strings.Contains(strings.ToLower(p), strings.ToLower(key)) {
		return nil, errors.New("the portal address contains the API key: type the portal address (e.g. https://yourname.onlyoffice.com) and the key separately")
	}
	origin, _ := url.Parse(p) // NormalizePortal's output always parses
	c := &Client{
		portal:  p,
		key:     key,
		ua:      DefaultUserAgent,
		timeout: DefaultRequestTimeout,
		retry:   DefaultRetryPolicy(),
		origin:  origin,
		maxBody: DefaultMaxResponseBytes,
		sleep:   sleepContext,
		now:     time.Now,
	}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	if c.ua == "docspace-wizard/" {
		c.ua = DefaultUserAgent
	}
	if c.timeout <= 0 {
		c.timeout = DefaultRequestTimeout
	}
	if c.retry.MaxAttempts < 1 {
		c.retry.MaxAttempts = 1
	}
	if c.retry.BaseDelay <= 0 {
		c.retry.BaseDelay = DefaultRetryPolicy().BaseDelay
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxResponseBytes
	}
	c.http = c.guardedHTTPClient(c.http)
	return c, nil
}

// Lengths of the hex part of an API key that CheckAPIKey accepts. DocSpace makes keys
// of "sk-" and 64 lower-case hex digits (32 random bytes); the range leaves room for
// other sizes without letting a pasted paragraph through.
const (
	minKeyHex = 32
	maxKeyHex = 128
)

// ErrMalformedKey is what every CheckAPIKey error is (errors.Is): the key will not do
// whatever the portal says, so it is never sent.
var ErrMalformedKey = errors.New("the API key is not shaped like a DocSpace key")

// malformedKey is a CheckAPIKey error: its own sentence, and ErrMalformedKey.
type malformedKey struct{ msg string }

func (e malformedKey) Error() string        { return e.msg }
func (e malformedKey) Is(target error) bool { return target == ErrMalformedKey }

// CheckAPIKey says, without any request, whether key (already trimmed) is shaped like
// a DocSpace API key: "sk-" and hex digits (either case). Its error is a sentence that
// never repeats the key, and is ErrMalformedKey.
func CheckAPIKey(key string) error {
	if err := checkAPIKey(key); err != nil {
		return malformedKey{err.Error()}
	}
	return nil
}

func checkAPIKey(key string) error {
	if key == "" {
		return errors.New("the API key is empty: create one in DocSpace (" + APIKeysPlace + ") and paste it")
	}
	// Checked before anything reads the whole string: a pasted file is not scanned.
	if len(key) > len("sk-")+maxKeyHex {
		return fmt.Errorf("that is too long to be an API key (%d characters; DocSpace keys are sk- and %d hex digits): paste only the key itself", utf8.RuneCountInString(key), 64)
	}
	if strings.IndexFunc(key, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 || !utf8.ValidString(key) {
		return errors.New("the API key contains spaces, line breaks or control characters: paste only the key itself (it starts with sk-)")
	}
	hex := strings.TrimPrefix(key, "sk-")
	if hex == key || strings.IndexFunc(hex, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F')
	}) >= 0 {
		return errors.New("that is not a DocSpace API key: keys are sk- followed by 64 hex digits (0-9, a-f); copy the whole key again")
	}
	if len(hex) < minKeyHex {
		return fmt.Errorf("the API key is too short (%d hex digits after sk-; DocSpace keys have 64): copy the whole key again", len(hex))
	}
	return nil
}

// WithHTTPClient sets the HTTP client (tests, proxies). The client is copied, not changed.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithVersion sets the version in the User-Agent "docspace-wizard/<version>".
func WithVersion(v string) Option { return func(c *Client) { c.ua = "docspace-wizard/" + v } }

// WithBatchSize sends at most n invitations per share call instead of BatchSize (tests
// use it to make several calls out of a few people).
func WithBatchSize(n int) Option { return func(c *Client) { c.batchSize = n } }

// WithRequestTimeout bounds each HTTP request.
func WithRequestTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithRetry sets the retry policy.
func WithRetry(p RetryPolicy) Option { return func(c *Client) { c.retry = p } }

// WithRetryNotify sets a hook called before each wait between attempts, with the
// failed attempt's number (1-based), the wait ahead and that attempt's error.
// It may be called from several goroutines at once.
func WithRetryNotify(f func(op string, attempt int, wait time.Duration, err error)) Option {
	return func(c *Client) { c.notify = f }
}

// WithSleep replaces how the client waits between attempts (tests: return at once).
// The function must return ctx.Err() if ctx ends first.
func WithSleep(f func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) {
		if f != nil {
			c.sleep = f
		}
	}
}

// WithMaxResponseBytes caps how much of one answer is read (default 8 MiB).
func WithMaxResponseBytes(n int64) Option { return func(c *Client) { c.maxBody = n } }

// Portal returns the normalised portal URL.
func (c *Client) Portal() string { return c.portal }

// RoomLink returns the web page of room id.
func (c *Client) RoomLink(id int) string {
	return fmt.Sprintf("%s/rooms/shared/%d/filter?folder=%d", c.portal, id, id)
}

// portalExample is what error messages suggest typing.
const portalExample = "https://yourname.onlyoffice.com"

// NormalizePortal checks a portal URL and returns its canonical form:
// https only (http for loopback hosts), no trailing slash, path prefix kept.
// An address without a scheme ("name.onlyoffice.com") is taken as https.
func NormalizePortal(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", fmt.Errorf("the portal address is empty: type your DocSpace address, e.g. %s", portalExample)
	}
	// Checked first, so that no later message (nor a DNS lookup) ever carries the key.
	if looksLikeAPIKey(s) {
		return "", fmt.Errorf("that looks like an API key, not a portal address: give the portal's address (%s) and keep the key in DOCSPACE_API_KEY or `docspace-wizard login`", portalExample)
	}
	if !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || outside.Unsafe(r) }) >= 0 {
		return "", fmt.Errorf("the portal address contains spaces or invisible characters: type it again, e.g. %s", portalExample)
	}
	if i := strings.Index(s, "://"); i < 0 {
		s = "https://" + s
	} else if scheme := strings.ToLower(s[:i]); scheme != "https" && scheme != "http" {
		shown := ""
		if len(scheme) <= 10 && strings.IndexFunc(scheme, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')
		}) < 0 {
			shown = fmt.Sprintf(" (not %q)", scheme+"://")
		}
		return "", fmt.Errorf("the portal address must start with https://%s: type e.g. %s", shown, portalExample)
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" {
		return "", fmt.Errorf("the portal address is not a valid web address: type e.g. %s", portalExample)
	}
	if u.User != nil || strings.Contains(u.Host, "@") {
		return "", fmt.Errorf("the portal address must not contain a user name or password (the part before \"@\"): type just the address, e.g. %s", portalExample)
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return "", fmt.Errorf("the portal address has no host name: type e.g. %s", portalExample)
	}
	if strings.ContainsAny(host, "%/\\[]@?#") || strings.HasPrefix(host, ".") || strings.Contains(host, "..") {
		return "", fmt.Errorf("the portal address has an invalid host name: type e.g. %s", portalExample)
	}
	hostport := host
	if strings.Contains(host, ":") { // IPv6 literal
		if net.ParseIP(host) == nil {
			return "", fmt.Errorf("the portal address has an invalid host name: type e.g. %s", portalExample)
		}
		hostport = "[" + host + "]"
	}
	scheme := strings.ToLower(u.Scheme)
	if port := u.Port(); port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("the portal address has an invalid port: type e.g. %s", portalExample)
		}
		port = strconv.Itoa(n)
		if !(scheme == "https" && port == "443") && !(scheme == "http" && port == "80") {
			hostport += ":" + port
		}
	}
	if scheme == "http" && !isLoopbackHost(host) {
		return "", fmt.Errorf("the portal address uses http://, which would send the API key unencrypted: type %s instead", suggestion("https", hostport))
	}
	// A query or fragment (a browser's address bar, a pasted link) is never part of the
	// portal: it is dropped, and so is a DocSpace page or API path after the portal's own.
	path := portalPath(strings.TrimRight(u.EscapedPath(), "/"))
	if strings.Contains(path, "//") {
		return "", fmt.Errorf("the portal address has an empty path segment (\"//\"): type e.g. %s", portalExample)
	}
	return scheme + "://" + hostport + path, nil
}

// pageSegments start paths that are pages or the API of a DocSpace portal, never the
// prefix a portal is served under.
var pageSegments = []string{"api", "rooms", "portal-settings", "developer-tools", "doceditor"}

// portalPath is path up to the first segment that starts a DocSpace page or the API
// ("/api/2.0", "/rooms/shared/5/filter"), so a link copied from a browser names its portal.
func portalPath(path string) string {
	segs := strings.Split(path, "/")
	for i := 1; i < len(segs); i++ {
		for _, p := range pageSegments {
			if strings.EqualFold(segs[i], p) {
				return strings.Join(segs[:i], "/")
			}
		}
	}
	return path
}

// looksLikeAPIKey says s holds something shaped like an API key: "sk-" (any case)
// and 8 or more hex digits starting a host, path segment, user name or other word,
// or, glued to other text, "sk-" and 32 or more hex digits.
func looksLikeAPIKey(s string) bool {
	isHex := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
	isAlnum := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	for i := 0; i+3 <= len(s); i++ {
		if !strings.EqualFold(s[i:i+3], "sk-") {
			continue
		}
		n := 0
		for j := i + 3; j < len(s) && isHex(s[j]); j++ {
			n++
		}
		if n >= 32 || n >= 8 && (i == 0 || !isAlnum(s[i-1])) {
			return true
		}
	}
	return false
}

// suggestion is an address to show the user, without the parts they got wrong.
func suggestion(scheme, hostport string) string {
	if len(hostport) > 100 {
		return portalExample
	}
	return scheme + "://" + hostport
}

// isLoopbackHost reports localhost, 127.0.0.0/8 and ::1: the only hosts plain http may be used with.
func isLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// opCheckKey is the Op of the key check's errors.
const opCheckKey = "checking the API key"

// ErrMissingScope is what Check's refusal of a key without rooms:write is (errors.Is).
var ErrMissingScope = errors.New("the API key lacks the rooms:write scope")

// KeyInfo calls GET /api/2.0/keys/@self.
func (c *Client) KeyInfo(ctx context.Context) (KeyInfo, error) {
	const op, path = opCheckKey, "/api/2.0/keys/@self"
	var w wireKeyInfo
	if err := c.do(ctx, op, http.MethodGet, path, nil, nil, &w, true); err != nil {
		return KeyInfo{}, err
	}
	if w.ID == "" {
		return KeyInfo{}, c.badAnswer(op, http.MethodGet, path, "the key has no id")
	}
	return w.keyInfo(), nil
}

// Self calls GET /api/2.0/people/@self.
func (c *Client) Self(ctx context.Context) (User, error) {
	const op = "reading your profile"
	var u User
	if err := c.do(ctx, op, http.MethodGet, "/api/2.0/people/@self", nil, nil, &u, true); err != nil {
		return User{}, err
	}
	if u.ID == "" {
		return User{}, c.badAnswer(op, http.MethodGet, "/api/2.0/people/@self", "the profile has no id")
	}
	return u, nil
}

// Settings calls GET /api/2.0/settings.
func (c *Client) Settings(ctx context.Context) (PortalSettings, error) {
	var w struct {
		PortalSettings
		Limit *int `json:"invitationLimit"` // shadows the embedded field: absent is not 0
	}
	if err := c.do(ctx, "reading the portal settings", http.MethodGet, "/api/2.0/settings", nil, nil, &w, true); err != nil {
		return PortalSettings{}, err
	}
	s := w.PortalSettings
	// Absent, negative or int.MaxValue (the server's "not configured") mean no limit;
	// 0 is a limit used up.
	if w.Limit != nil && *w.Limit >= 0 && *w.Limit < math.MaxInt32 {
		s.InvitationLimit, s.InvitationsLimited = *w.Limit, true
	}
	return s, nil
}

// InvitationSettings calls GET /api/2.0/settings/invitationsettings.
func (c *Client) InvitationSettings(ctx context.Context) (InvitationSettings, error) {
	var s InvitationSettings
	if err := c.do(ctx, "reading the invitation settings", http.MethodGet, "/api/2.0/settings/invitationsettings", nil, nil, &s, true); err != nil {
		return InvitationSettings{}, err
	}
	return s, nil
}

// CreateRoom calls POST /api/2.0/files/rooms. It is never retried unless the request provably never left.
// The title is sent trimmed; an empty or too long title or an unsupported type is refused without a call.
func (c *Client) CreateRoom(ctx context.Context, req CreateRoomRequest) (Room, error) {
	const path = "/api/2.0/files/rooms"
	req.Title = strings.TrimSpace(req.Title)
	op := fmt.Sprintf("creating room \"%s\"", req.Title)
	if req.Title == "" {
		return Room{}, c.refuse(op, http.MethodPost, path, "the room title is empty")
	}
	if long := titleTooLong("the room title", req.Title); long != "" {
		return Room{}, c.refuse(op, http.MethodPost, path, long)
	}
	if !req.RoomType.Valid() {
		return Room{}, c.refuse(op, http.MethodPost, path, fmt.Sprintf("room type %d is not one the wizard supports", int(req.RoomType)))
	}
	var w wireRoom
	if err := c.do(ctx, op, http.MethodPost, path, nil, req, &w, false); err != nil {
		return Room{}, err
	}
	return c.room(op, http.MethodPost, path, w)
}

// Invite calls PUT /api/2.0/files/rooms/{id}/share (retried: repeating an invitation is a no-op).
// Entries without an id or e-mail, or with an access level that is not a room role
// (0 None would remove the person), are refused without a call.
func (c *Client) Invite(ctx context.Context, roomID int, req InviteRequest) (InviteResponse, error) {
	path := fmt.Sprintf("/api/2.0/files/rooms/%d/share", roomID)
	op := fmt.Sprintf("inviting %d %s to room %d", len(req.Invitations), plural(len(req.Invitations), "person", "people"), roomID)
	if roomID <= 0 {
		return InviteResponse{}, c.refuse(op, http.MethodPut, path, "no room id given")
	}
	if len(req.Invitations) == 0 {
		return InviteResponse{}, c.refuse(op, http.MethodPut, path, "there is nobody to invite")
	}
	for i, inv := range req.Invitations {
		if strings.TrimSpace(inv.ID) == "" && strings.TrimSpace(inv.Email) == "" {
			return InviteResponse{}, c.refuse(op, http.MethodPut, path, fmt.Sprintf("invitation %d has neither a user id nor an e-mail address", i+1))
		}
		if !inv.Access.Valid() {
			return InviteResponse{}, c.refuse(op, http.MethodPut, path, fmt.Sprintf("invitation %d has access %d, which is not a room role (0 would remove the person)", i+1, int(inv.Access)))
		}
	}
	var w wireRoomSecurity
	if err := c.do(ctx, op, http.MethodPut, path, nil, req, &w, true); err != nil {
		return InviteResponse{}, err
	}
	page, err := members(w.Members, "response.members")
	if err != nil {
		return InviteResponse{}, c.badAnswer(op, http.MethodPut, path, err.Error())
	}
	c.logSkipped(http.MethodPut, path, "members", page.Skipped)
	return InviteResponse{Members: page.Members, Warning: w.Warning}, nil
}

// RoomMembers calls GET /api/2.0/files/rooms/{id}/share for one page.
// count is clamped to 1..100 (0 means 100).
func (c *Client) RoomMembers(ctx context.Context, roomID, startIndex, count int) (MemberPage, error) {
	path := fmt.Sprintf("/api/2.0/files/rooms/%d/share", roomID)
	op := fmt.Sprintf("reading the members of room %d", roomID)
	if roomID <= 0 {
		return MemberPage{}, c.refuse(op, http.MethodGet, path, "no room id given")
	}
	q := url.Values{
		"count":       {strconv.Itoa(pageCount(count))},
		"startIndex":  {strconv.Itoa(max(startIndex, 0))},
		"filterValue": {""},
	}
	var items json.RawMessage
	env := &envelope{Response: &items}
	if err := c.do(ctx, op, http.MethodGet, path, q, nil, env, true); err != nil {
		return MemberPage{}, err
	}
	page, err := members(items, "response")
	if err != nil {
		return MemberPage{}, c.badAnswer(op, http.MethodGet, path, err.Error())
	}
	c.logSkipped(http.MethodGet, path, "members", page.Skipped)
	page.Total = firstOf(env.Total, env.Count, len(page.Members)+page.Groups+page.Links+page.Skipped)
	return page, nil
}

// FindUserByEmail calls GET /api/2.0/people/email?email=; a missing user is a KindNotFound error.
func (c *Client) FindUserByEmail(ctx context.Context, email string) (User, error) {
	const path = "/api/2.0/people/email"
	email = strings.TrimSpace(email)
	op := fmt.Sprintf("looking up user %q", email)
	if email == "" {
		return User{}, c.refuse(op, http.MethodGet, path, "no e-mail address given")
	}
	var u User
	if err := c.do(ctx, op, http.MethodGet, path, url.Values{"email": {email}}, nil, &u, true); err != nil {
		return User{}, err
	}
	if u.ID == "" {
		return User{}, c.badAnswer(op, http.MethodGet, path, "the user has no id")
	}
	return u, nil
}

// ListRooms calls GET /api/2.0/files/rooms for one page of active rooms.
func (c *Client) ListRooms(ctx context.Context, f RoomFilter) (RoomPage, error) {
	op := "listing rooms"
	if f.Filter != "" {
		op = fmt.Sprintf("listing rooms matching %q", f.Filter)
	}
	return c.listRooms(ctx, op, f, "0") // active rooms, not the archive
}

// listRooms reads one page of the rooms in a search area (0 active, 4 templates).
func (c *Client) listRooms(ctx context.Context, op string, f RoomFilter, area string) (RoomPage, error) {
	const path = "/api/2.0/files/rooms"
	q := url.Values{
		"filterValue": {f.Filter},
		"count":       {strconv.Itoa(pageCount(f.Count))},
		"startIndex":  {strconv.Itoa(max(f.StartIndex, 0))},
		"searchArea":  {area},
	}
	var content wireFolderContent
	env := &envelope{Response: &content}
	if err := c.do(ctx, op, http.MethodGet, path, q, nil, env, true); err != nil {
		return RoomPage{}, err
	}
	page := RoomPage{Rooms: make([]Room, 0, 16)}
	skipped, err := decodeList(content.Folders, "response.folders", func(w wireRoom) {
		r, err := c.room(op, http.MethodGet, path, w)
		if err != nil {
			page.Skipped++
			return
		}
		page.Rooms = append(page.Rooms, r)
	})
	if err != nil {
		return RoomPage{}, c.badAnswer(op, http.MethodGet, path, err.Error())
	}
	page.Skipped += skipped
	c.logSkipped(http.MethodGet, path, "rooms", page.Skipped)
	page.Total = firstOf(content.Total, env.Total, len(page.Rooms)+page.Skipped)
	return page, nil
}

// GetRoom calls GET /api/2.0/files/rooms/{id}.
func (c *Client) GetRoom(ctx context.Context, id int) (Room, error) {
	path := fmt.Sprintf("/api/2.0/files/rooms/%d", id)
	op := fmt.Sprintf("reading room %d", id)
	if id <= 0 {
		return Room{}, c.refuse(op, http.MethodGet, path, "no room id given")
	}
	var w wireRoom
	if err := c.do(ctx, op, http.MethodGet, path, nil, nil, &w, true); err != nil {
		return Room{}, err
	}
	return c.room(op, http.MethodGet, path, w)
}

// room converts a room from the wire, checks it has an id and fills in its Link.
// A room on third-party storage keeps its text id and gets no link: the only links
// this program shows are the portal's address plus a numeric id.
func (c *Client) room(op, method, path string, w wireRoom) (Room, error) {
	r := w.room()
	switch {
	case r.ThirdParty():
		r.ID = 0
		return r, nil
	case r.ID <= 0:
		return Room{}, c.badAnswer(op, method, path, "a room in the answer has no id")
	}
	r.Link = c.RoomLink(r.ID)
	return r, nil
}

// refuse is the error for a request the client will not send.
func (c *Client) refuse(op, method, path, msg string) error {
	return c.scrub(&APIError{Kind: KindInvalid, Op: op, Method: method, Path: path, Message: msg, NotSent: true})
}

// badAnswer is the error for an answer that decoded but makes no sense.
func (c *Client) badAnswer(op, method, path, msg string) error {
	c.logBadAnswer(method, path, msg)
	return c.scrub(&APIError{Kind: KindBadResponse, Op: op, Method: method, Path: path, Status: http.StatusOK,
		Message: "the portal's answer could not be used: " + msg})
}

// pageCount clamps a page size to what the server accepts: 1..100, 0 meaning 100.
func pageCount(n int) int {
	if n <= 0 || n > 100 {
		return 100
	}
	return n
}

// firstOf returns the first known count.
func firstOf(a, b *int, fallback int) int {
	switch {
	case a != nil && *a >= 0:
		return *a
	case b != nil && *b >= 0:
		return *b
	}
	return fallback
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
